//! Sets `cfg(has_browser)` when the browser tests can run: Chromium and
//! ChromeDriver are installed, or `CI=true` (under CI a missing browser must
//! fail the browser tests, never skip them). Tests without it are `#[ignore]`d.

use std::env;
use std::path::{Path, PathBuf};

/// Finds `name` in /usr/bin, then on PATH.
fn find(name: &str) -> Option<PathBuf> {
    let usr_bin = Path::new("/usr/bin").join(name);
    if usr_bin.is_file() {
        return Some(usr_bin);
    }
    let path = env::var_os("PATH")?;
    env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rustc-check-cfg=cfg(has_browser)");

    let chromium = find("chromium");
    let chromedriver = find("chromedriver");
    for found in [&chromium, &chromedriver] {
        // A missing binary: watch /usr/bin so that installing it reruns this.
        let watched = found.as_deref().unwrap_or(Path::new("/usr/bin"));
        println!("cargo::rerun-if-changed={}", watched.display());
    }

    let ci = env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1");
    if ci || (chromium.is_some() && chromedriver.is_some()) {
        println!("cargo::rustc-cfg=has_browser");
    }
}
