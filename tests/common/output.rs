//! Helpers for tests that compare whole builds.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use pamphlet::Outcome;

/// Fails with every diagnostic unless the build found none.
pub fn assert_clean(outcome: &Outcome) {
    let problems: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(|d| format!("{d:?}"))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every file below `dir`, by relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.expect("walk"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            (relative, std::fs::read(entry.path()).expect("read"))
        })
        .collect()
}

/// Runs the Nu HTML checker (`npm ci`'s vnu-jar, on Java) over `paths`,
/// files or folders, and fails with its report on any error.
pub fn assert_valid_html<P: AsRef<Path>>(paths: impl IntoIterator<Item = P>) {
    let jar = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(jar.is_file(), "{} is missing: run `npm ci`", jar.display());
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "text"])
        .args(paths.into_iter().map(|p| p.as_ref().to_path_buf()))
        .output()
        .expect("java runs: apt-get install default-jre-headless");
    let report = String::from_utf8_lossy(&output.stderr).to_string()
        + &String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the Nu HTML checker found errors:\n{report}"
    );
}
