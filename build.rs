//! Tells the tests which external tools they can use, one cfg per tool:
//!
//! | cfg           | set when                                             |
//! |---------------|------------------------------------------------------|
//! | `has_browser` | `chromium` and `chromedriver` are installed          |
//! | `has_axe`     | `node_modules/axe-core/axe.min.js` exists (`npm ci`) |
//! | `has_node`    | `node --version` runs                                |
//! | `has_vnu`     | `java -version` runs and `node_modules/vnu-jar` holds the Nu HTML checker |
//!
//! A test that needs a tool carries `#[cfg_attr(not(has_…), ignore = "…")]`,
//! so `cargo test` reports it as ignored with the reason and the command that
//! installs the tool. Under `CI=true` every cfg is set: there a missing tool
//! makes its tests fail, never skip.

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const AXE: &str = "node_modules/axe-core/axe.min.js";
const VNU: &str = "node_modules/vnu-jar/build/dist/vnu.jar";

/// Finds `name` in /usr/bin, then on PATH, and asks Cargo to rerun this
/// script when it appears or changes.
fn program(name: &str) -> Option<PathBuf> {
    let usr_bin = Path::new("/usr/bin").join(name);
    let found = if usr_bin.is_file() {
        Some(usr_bin)
    } else {
        env::var_os("PATH").and_then(|path| {
            env::split_paths(&path)
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
        })
    };
    // Missing: watch /usr/bin, so that installing the tool reruns this.
    let watched = found.as_deref().unwrap_or(Path::new("/usr/bin"));
    println!("cargo::rerun-if-changed={}", watched.display());
    found
}

/// Whether `program args` runs and succeeds.
fn runs(program: &Path, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Whether the npm-installed `file` exists. `npm ci` touches this script
/// (package.json's `postinstall`), which reruns it; a missing path is
/// never watched, since Cargo would then rebuild the crate on every run.
fn npm_file(file: &str) -> bool {
    let lock = Path::new("node_modules/.package-lock.json");
    if lock.is_file() {
        println!("cargo::rerun-if-changed={}", lock.display());
    }
    Path::new(file).is_file()
}

/// Tells whether a tool is here.
type Probe = fn() -> bool;

/// Each cfg and its probe.
const TOOLS: [(&str, Probe); 4] = [
    ("has_browser", || {
        program("chromium").is_some() && program("chromedriver").is_some()
    }),
    ("has_axe", || npm_file(AXE)),
    ("has_node", || {
        program("node").is_some_and(|node| runs(&node, &["--version"]))
    }),
    ("has_vnu", || {
        npm_file(VNU) && program("java").is_some_and(|java| runs(&java, &["-version"]))
    }),
];

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-env-changed=PATH");
    let ci = env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1");
    for (cfg, found) in TOOLS {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        if ci || found() {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}
