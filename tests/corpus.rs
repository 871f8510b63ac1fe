//! The benchmark corpus (`tests/bench/corpus/`) is a clean site, it is
//! reproducible from its seed, and a build's output does not depend on how
//! many threads rendered it.

mod common;
// The bench's corpus generator, shared with this test; the bench uses all
// of it, this test only part.
#[allow(dead_code)]
#[path = "bench/corpus/mod.rs"]
mod corpus;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::output::{assert_clean, tree};
use corpus::Corpus;
use pamphlet::date::Date;
use pamphlet::Options;

/// Small enough for a debug build, big enough for every section, links
/// across sections and a few page-local sources.
const SMALL: Corpus = Corpus {
    articles: 30,
    seed: 1,
};

fn options(root: &Path, output: PathBuf) -> Options {
    Options {
        output: Some(output),
        today: Some(corpus::TODAY),
        ..Options::new(root)
    }
}

fn written(corpus: Corpus) -> (tempfile::TempDir, BTreeMap<PathBuf, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    corpus.write(dir.path()).unwrap();
    let files = tree(dir.path());
    (dir, files)
}

#[test]
fn the_corpus_has_no_errors_or_warnings() {
    let (dir, files) = written(SMALL);
    let outcome = pamphlet::check(&options(dir.path(), dir.path().join("public")));
    assert_clean(&outcome);
    // 30 articles, 20 sections and the home page.
    assert_eq!(outcome.pages, 51);
    let articles = files.keys().filter(|p| !p.ends_with("_index.md")).count();
    assert_eq!(articles, 30 + 2, "articles plus site.yaml and sources.yaml");
}

#[test]
fn output_is_the_same_on_one_thread_and_on_many() {
    let (dir, _) = written(SMALL);
    let build = |threads: Option<usize>, name: &str| {
        let options = options(dir.path(), dir.path().join(name));
        let outcome = match threads {
            Some(n) => rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap()
                .install(|| pamphlet::build(&options)),
            None => pamphlet::build(&options),
        };
        assert_clean(&outcome);
        assert!(outcome.written);
        tree(&dir.path().join(name))
    };
    let single = build(Some(1), "one");
    assert!(single.len() > 51, "{} files", single.len());
    for (threads, name) in [(None, "default"), (Some(4), "four")] {
        let parallel = build(threads, name);
        assert_eq!(
            single.keys().collect::<Vec<_>>(),
            parallel.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &single {
            assert!(
                parallel[path] == *bytes,
                "{} differs ({name})",
                path.display()
            );
        }
    }
}

#[test]
fn a_seed_always_writes_the_same_corpus() {
    let (_a, first) = written(SMALL);
    let (_b, again) = written(SMALL);
    assert!(first == again, "the same seed wrote different files");
    let (_c, other) = written(Corpus { seed: 2, ..SMALL });
    assert_eq!(first.keys().len(), other.keys().len());
    assert!(first != other, "a different seed wrote the same files");
}

#[test]
fn hugo_and_zola_get_a_page_for_every_page() {
    type Writer = fn(&Corpus, &Path) -> std::io::Result<()>;
    let writers: [(&str, Writer); 2] = [("hugo", Corpus::write_hugo), ("zola", Corpus::write_zola)];
    for (name, write) in writers {
        let dir = tempfile::tempdir().unwrap();
        write(&SMALL, dir.path()).unwrap();
        let pages = tree(&dir.path().join("content"));
        assert_eq!(pages.len(), 51, "{name}");
        let all: String = pages
            .values()
            .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
            .collect();
        assert!(dir.path().join("config.toml").is_file(), "{name}");
        if name == "hugo" {
            // Hugo's links are its pretty URLs.
            assert!(!all.contains(".md)") && !all.contains(".md#"));
        } else {
            // Zola's are internal links to the Markdown files, which it checks.
            assert!(all.contains("](@/") && !all.contains("](../"));
        }
    }
}

/// The `pamphlet` command learns "today" from `SOURCE_DATE_EPOCH` only.
#[test]
fn source_date_epoch_is_the_corpus_today() {
    std::env::set_var("SOURCE_DATE_EPOCH", corpus::SOURCE_DATE_EPOCH.to_string());
    assert_eq!(Date::today(), corpus::TODAY);
}
