//! The command line as people and scripts use it: exit codes, output
//! formats, help, and the reference-manager import.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::site::TestSite;

fn pamphlet(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pamphlet"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("pamphlet runs")
}

fn root(site: &TestSite) -> String {
    site.root().display().to_string()
}

#[test]
fn help_and_version() {
    let version = pamphlet(&["--version"]);
    assert!(version.status.success());
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("pamphlet "));
    for command in [
        "build",
        "check",
        "stats",
        "new",
        "import-sources",
        "serve",
        "new-article",
    ] {
        let help = pamphlet(&[command, "--help"]);
        assert!(help.status.success(), "{command} --help");
        assert!(
            String::from_utf8_lossy(&help.stdout).contains("Usage:"),
            "{command}"
        );
    }
}

#[test]
fn exit_codes_say_what_happened() {
    let clean = TestSite::fixture("full");
    assert_eq!(
        pamphlet(&["check", "--root", &root(&clean)]).status.code(),
        Some(0)
    );
    let broken = TestSite::fixture("broken");
    assert_eq!(
        pamphlet(&["check", "--root", &root(&broken)]).status.code(),
        Some(1)
    );
    assert_eq!(
        pamphlet(&["build", "--root", &root(&broken)]).status.code(),
        Some(1)
    );
    assert!(!broken.public().exists());
    assert_eq!(
        pamphlet(&["check", "--no-such-flag"]).status.code(),
        Some(2),
        "usage errors exit 2"
    );

    let warned = TestSite::empty();
    warned.write(
        "site.yaml",
        "title: W\nowner: {name: O}\ndisclaimer: General information.\n",
    );
    warned.write("content/a.md", "---\ntitle: A\n---\nNo review date here.\n");
    assert_eq!(
        pamphlet(&["check", "--root", &root(&warned)]).status.code(),
        Some(0)
    );
    assert_eq!(
        pamphlet(&["check", "--deny-warnings", "--root", &root(&warned)])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn human_and_json_output() {
    let broken = TestSite::fixture("broken");
    let human = pamphlet(&["check", "--root", &root(&broken)]);
    let text = String::from_utf8_lossy(&human.stderr);
    assert!(
        text.contains("error[unknown-field]: unknown field `safety_tip`"),
        "{text}"
    );
    assert!(text.contains("content/articles/unknown-field.md:3:1"));
    assert!(!text.contains('\u{1b}'), "no colour codes when piped");
    let json = pamphlet(&["check", "--format", "json", "--root", &root(&broken)]);
    let lines = String::from_utf8_lossy(&json.stdout).to_string();
    assert!(lines.lines().count() > 10);
    for line in lines.lines() {
        let value: serde_json::Value =
            serde_json::from_str(line).expect("one JSON object per line");
        assert!(value["code"].is_string() && value["line"].is_number());
    }
}

#[test]
fn build_writes_the_site_and_stats_reports_it() {
    let site = TestSite::fixture("full");
    let output = site.root().join("elsewhere");
    let build = pamphlet(&[
        "build",
        "--root",
        &root(&site),
        "--output",
        &output.display().to_string(),
    ]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(output.join("guides/walking/index.html").is_file());
    let stats = pamphlet(&["stats", "--root", &root(&site)]);
    let table = String::from_utf8_lossy(&stats.stdout);
    assert!(
        table.starts_with("grade") && table.contains("content/guides/walking.md"),
        "{table}"
    );
}

#[test]
fn zotero_exports_become_sources_yaml() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let expected = std::fs::read_to_string(fixtures.join("expected.yaml")).unwrap();
    for file in ["zotero.bib", "zotero.json"] {
        let out = pamphlet(&["import-sources", &fixtures.join(file).display().to_string()]);
        assert!(out.status.success(), "{file}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "{file}");
    }
}

#[test]
fn a_csl_json_bibliography_in_content_is_cited_like_sources_yaml() {
    let site = TestSite::empty();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    site.write("site.yaml", "title: CSL\n");
    site.write(
        "content/sources.json",
        std::fs::read(fixtures.join("zotero.json")).unwrap(),
    );
    let keys: Vec<String> = pamphlet::import::from_csl_json(
        &std::fs::read_to_string(fixtures.join("zotero.json")).unwrap(),
    )
    .0
    .into_iter()
    .map(|e| e.key)
    .collect();
    let body: String = keys.iter().map(|k| format!("Claim [@{k}].\n\n")).collect();
    site.write("content/a.md", format!("---\ntitle: A\n---\n{body}"));
    site.build_ok();
    let page = site.page("a/index.html");
    assert_eq!(page.all("#sources ~ ol > li").len(), keys.len());
}

/// "Today" is the date on the local calendar, not in Greenwich: a page
/// reviewed this morning in Auckland is not reviewed "in the future".
/// `--today` and `SOURCE_DATE_EPOCH` pin the day.
#[test]
fn today_is_the_local_calendar_date_unless_pinned() {
    use pamphlet::date::Date;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    // In the zone 14 hours east of UTC (POSIX writes it `UTC-14`).
    let far_east = Date::from_unix_seconds(now + 14 * 3600).to_string();
    let site = TestSite::empty();
    site.write(
        "site.yaml",
        "title: T\nowner: {name: O}\ndisclaimer: General information.\n",
    );
    site.write(
        "content/a.md",
        format!("---\ntitle: A\nreviewed: {far_east}\nreviewed_by: [A. Patel]\n---\nText.\n"),
    );
    let check = |tz: &str, extra: &[&str], epoch: Option<i64>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_pamphlet"));
        command
            .args(["check", "--format", "json", "--root", &root(&site)])
            .args(extra)
            .env("TZ", tz)
            .env_remove("SOURCE_DATE_EPOCH");
        if let Some(epoch) = epoch {
            command.env("SOURCE_DATE_EPOCH", epoch.to_string());
        }
        let output = command.output().expect("pamphlet runs");
        String::from_utf8_lossy(&output.stdout).contains("review-future")
    };
    assert!(!check("UTC-14", &[], None), "reviewed today, locally");
    // Twelve hours west of UTC it is still a day or two earlier.
    assert!(check("UTC+12", &[], None));
    assert!(!check("UTC+12", &["--today", &far_east], None));
    assert!(!check("UTC+12", &[], Some(now + 14 * 3600)));
    assert!(check("UTC-14", &[], Some(now - 48 * 3600)));
}
