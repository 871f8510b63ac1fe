//! Helpers for tests that compare whole builds.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
