//! Incremental rebuilds (`pamphlet serve`'s `Session`): after any edit, the
//! output is byte for byte what a full build of the edited site writes,
//! while only the pages the edit affects are rendered.

mod common;
// The bench's corpus generator: real-looking sites of any size.
#[allow(dead_code)]
#[path = "bench/corpus/mod.rs"]
mod corpus;

use std::path::{Path, PathBuf};

use common::output::{assert_clean, tree};
use corpus::Corpus;
use pamphlet::{Options, Outcome, Session};

const SITE: Corpus = Corpus {
    articles: 40,
    seed: 7,
};

struct Fixture {
    dir: tempfile::TempDir,
    session: Session,
}

impl Fixture {
    fn new() -> Fixture {
        Fixture::with_settings("")
    }

    /// The corpus with `settings` added to its site.yaml.
    fn with_settings(settings: &str) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        SITE.write(&dir.path().join("site")).unwrap();
        let config = dir.path().join("site/site.yaml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(&config, text + settings).unwrap();
        let mut session = Session::new(options(dir.path(), "served"));
        let first = session.rebuild(&[]);
        assert_clean(&first);
        assert_eq!(first.rendered, first.pages);
        Fixture { dir, session }
    }

    fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// An article of the corpus, relative to the site folder.
    fn article(&self, n: usize) -> PathBuf {
        let mut articles: Vec<PathBuf> = walkdir::WalkDir::new(self.site().join("content"))
            .min_depth(2)
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
            .map(|p| p.strip_prefix(self.site()).unwrap().to_path_buf())
            .collect();
        articles.sort();
        articles[n].clone()
    }

    fn edit(&mut self, file: &Path, from: &str, to: &str) -> Outcome {
        let path = self.site().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{} has no {from:?}", file.display());
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        self.session.rebuild(&[file.to_path_buf()])
    }

    /// The served output equals a full build of the site as it now is.
    fn assert_same_as_a_full_build(&self) {
        let full = pamphlet::build(&options(self.dir.path(), "full"));
        assert_clean(&full);
        let (served, built) = (
            tree(&self.dir.path().join("served")),
            tree(&self.dir.path().join("full")),
        );
        let differ: Vec<_> = served
            .keys()
            .chain(built.keys())
            .filter(|k| served.get(*k) != built.get(*k))
            .collect();
        assert!(
            differ.is_empty(),
            "files differ from a full build: {differ:?}"
        );
    }
}

fn options(dir: &Path, output: &str) -> Options {
    Options {
        output: Some(dir.join(output)),
        today: Some(corpus::TODAY),
        drafts: true,
        ..Options::new(dir.join("site"))
    }
}

fn front_value(site: &Path, file: &Path, key: &str) -> String {
    let text = std::fs::read_to_string(site.join(file)).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{key}:")))
        .unwrap_or_else(|| panic!("{} has no {key}", file.display()));
    line[key.len() + 1..].trim().to_string()
}

#[test]
fn a_body_edit_renders_one_page_and_matches_a_full_build() {
    let mut fixture = Fixture::new();
    let article = fixture.article(5);
    let outcome = fixture.edit(&article, "\n## ", "\nA sentence added by an editor.\n\n## ");
    assert_clean(&outcome);
    assert!(outcome.written);
    assert_eq!(outcome.rendered, 1, "only the edited page renders");
    fixture.assert_same_as_a_full_build();
}

#[test]
fn a_title_edit_updates_listings_neighbours_and_the_bibliography() {
    let mut fixture = Fixture::new();
    let article = fixture.article(12);
    let title = front_value(&fixture.site(), &article, "title");
    let outcome = fixture.edit(
        &article,
        &format!("title: {title}"),
        "title: A new title for this page",
    );
    assert_clean(&outcome);
    assert!(
        outcome.rendered > 1 && outcome.rendered < outcome.pages,
        "{}",
        outcome.rendered
    );
    fixture.assert_same_as_a_full_build();
}

#[test]
fn edits_that_change_how_many_pages_a_listing_has_match_a_full_build() {
    // One card a page: every listing runs to many pages.
    let mut fixture = Fixture::with_settings("paginate_by: 1\n");
    let article = fixture.article(12);
    let title = front_value(&fixture.site(), &article, "title");
    let renamed = fixture.edit(&article, &format!("title: {title}"), "title: Renamed");
    assert_clean(&renamed);
    fixture.assert_same_as_a_full_build();
    // Dropping a tag that other pages keep leaves its listing a page
    // shorter: the old last page must go.
    let text = std::fs::read_to_string(fixture.site().join(&article)).unwrap();
    let tags_at = text.find("tags:\n").unwrap() + "tags:\n".len();
    let shared = |line: &&str| {
        (0..SITE.articles)
            .filter(|&n| {
                let other = std::fs::read_to_string(fixture.site().join(fixture.article(n)));
                other.unwrap().contains(&format!("\n{line}\n"))
            })
            .count()
            > 2
    };
    let tag_line = text[tags_at..]
        .lines()
        .take_while(|l| l.starts_with("  - "))
        .find(shared)
        .expect("the article has a tag other pages share")
        .to_string();
    let retagged = fixture.edit(&article, &format!("\n{tag_line}\n"), "\n");
    assert_clean(&retagged);
    assert_eq!(
        retagged.rendered, retagged.pages,
        "a listing's number of pages changed: a full build"
    );
    fixture.assert_same_as_a_full_build();
}

#[test]
fn editing_a_pages_own_source_updates_the_bibliography() {
    let mut fixture = Fixture::new();
    let with_sources = (0..SITE.articles)
        .map(|n| fixture.article(n))
        .find(|a| {
            let text = std::fs::read_to_string(fixture.site().join(a)).unwrap();
            text.contains("\nsources:\n")
        })
        .expect("the corpus gives some articles sources of their own");
    let text = std::fs::read_to_string(fixture.site().join(&with_sources)).unwrap();
    let title_at = text.find("\nsources:\n").unwrap();
    let title_line = text[title_at..]
        .lines()
        .find(|l| l.trim_start().starts_with("title:"))
        .unwrap()
        .trim_start()
        .to_string();
    let outcome = fixture.edit(
        &with_sources,
        &title_line,
        "title: A retitled source of this page",
    );
    assert_clean(&outcome);
    fixture.assert_same_as_a_full_build();
}

#[test]
fn a_broken_edit_writes_nothing_and_its_fix_catches_up() {
    let mut fixture = Fixture::new();
    let article = fixture.article(3);
    let before = tree(&fixture.dir.path().join("served"));
    let title = front_value(&fixture.site(), &article, "title");
    // A new title and an unknown source in one save: the build fails.
    let text = std::fs::read_to_string(fixture.site().join(&article)).unwrap();
    let broken = text
        .replacen(&format!("title: {title}"), "title: Renamed while broken", 1)
        .replacen(
            "\n## ",
            "\nThis cites nothing known [@no-such-source].\n\n## ",
            1,
        );
    std::fs::write(fixture.site().join(&article), broken).unwrap();
    let failed = fixture.session.rebuild(std::slice::from_ref(&article));
    assert!(failed.has_errors() && !failed.written);
    assert_eq!(
        tree(&fixture.dir.path().join("served")),
        before,
        "a failed build writes nothing"
    );
    // Fixing the citation keeps the new title: every page that shows the
    // title must still be brought up to date.
    let fixed = fixture.edit(&article, " [@no-such-source]", "");
    assert_clean(&fixed);
    assert!(fixed.written);
    fixture.assert_same_as_a_full_build();
}

#[test]
fn a_front_matter_typo_is_reported_and_the_fix_builds() {
    let mut fixture = Fixture::new();
    let article = fixture.article(8);
    let failed = fixture.edit(&article, "title:", "title: [unclosed");
    assert!(failed.has_errors() && !failed.written);
    let fixed = fixture.edit(&article, "title: [unclosed", "title:");
    assert_clean(&fixed);
    fixture.assert_same_as_a_full_build();
}

#[test]
fn a_new_page_takes_a_full_build() {
    let mut fixture = Fixture::new();
    let article = fixture.article(0);
    let copy = article.with_file_name("a-new-page.md");
    std::fs::copy(fixture.site().join(&article), fixture.site().join(&copy)).unwrap();
    let outcome = fixture.session.rebuild(&[copy]);
    assert_clean(&outcome);
    assert_eq!(outcome.rendered, outcome.pages);
    fixture.assert_same_as_a_full_build();
}

#[test]
fn a_deleted_page_takes_a_full_build_that_finds_links_to_it() {
    let mut fixture = Fixture::new();
    let article = fixture.article(2);
    let name = article.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::remove_file(fixture.site().join(&article)).unwrap();
    let outcome = fixture.session.rebuild(&[article]);
    assert_eq!(outcome.rendered, outcome.pages, "a full build");
    let broken: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == "broken-link")
        .collect();
    assert!(
        !broken.is_empty() && broken.iter().all(|d| d.message.contains(&name)),
        "the pages linking to {name} are reported: {broken:?}"
    );
    assert!(!outcome.written);
}
