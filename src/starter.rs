//! `pamphlet new DIR`: a small starter site that builds at once.

use std::io;
use std::path::Path;

/// The starter site's files, by path.
const FILES: &[(&str, &str)] = &[
    (
        "site.yaml",
        "title: My health library\n\
         description: Plain-language health information with its sources.\n\
         language: en\n\
         owner:\n  name: My organisation\n\
         disclaimer: >-\n  This site gives general information, not medical advice. Talk to your doctor\n  or another health professional about your own situation.\n\
         review_interval_months: 12\n",
    ),
    ("content/_index.md", "---\ntitle: Welcome\n---\nArticles written for patients, with every claim linked to its source.\n"),
    (
        "content/articles/walking.md",
        "---\n\
         title: Walking for healthy bones\n\
         summary: Why walking is a good start, and how to build up.\n\
         key_takeaway: Brisk walking is a simple weight-bearing exercise. [@brookewavell2022]\n\
         tags: [exercise]\n\
         reviewed_by: []\n\
         sources:\n\
         \x20 brookewavell2022:\n\
         \x20   kind: consensus\n\
         \x20   title: \"Strong, Steady and Straight: UK consensus statement on physical activity and exercise for osteoporosis\"\n\
         \x20   authors: [Brooke-Wavell K, Skelton DA, Barker KL]\n\
         \x20   container: Br J Sports Med\n\
         \x20   year: 2022\n\
         \x20   doi: 10.1136/bjsports-2021-104634\n\
         \x20   pmid: \"35577538\"\n\
         ---\n\
         ## Getting started\n\n\
         Start with short walks and add a few minutes each week [@brookewavell2022].\n",
    ),
];

/// Writes the starter site into `dir`, which must be empty or not exist.
pub fn write(dir: &Path) -> io::Result<()> {
    if dir.exists() && dir.read_dir()?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} is not empty; choose a new folder", dir.display()),
        ));
    }
    for (path, text) in FILES {
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(full, text)?;
    }
    Ok(())
}
