//! Stage 3, check: content rules that need the whole resolved site but no
//! rendering.
//!
//! Entry point: [`site`]. Rules that need a page's parsed Markdown
//! (citation keys, links inside the body) are checked while the page is
//! rendered, and cross-page anchors once every page is rendered (see
//! `render.rs`): each rule runs where its facts first exist, so nothing is
//! parsed twice. All of them only *report*; none of them stops the others.

use std::collections::HashMap;

use crate::cite;
use crate::config::{LintLevel, SiteConfig};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::load::PageFile;
use crate::model::Source;
use crate::resolve::{PageKind, Site};
use crate::yaml::Step::{self, Item, Key};

/// Runs every rule over the site. `today` decides which reviews are due.
pub fn site(site: &Site<'_>, today: Date) -> Vec<Diagnostic> {
    let mut diagnostics = config(site);
    for entry in site.bibliography.site.iter() {
        let at = || entry.1.location.clone();
        diagnostics.extend(source(entry.0, entry.1.source, &at, today));
    }
    for page in &site.pages {
        for (key, source_entry) in &page.file.front.sources {
            let at = || {
                page.file
                    .key_location(&[Step::Key("sources"), Step::Key(key)])
            };
            diagnostics.extend(source(key, source_entry, &at, today));
        }
        diagnostics.extend(comparison_shape(page.file));
        if page.kind == PageKind::Article {
            diagnostics.extend(review(
                page.file,
                today,
                site.loaded.config.review_interval_months,
            ));
        }
    }
    diagnostics.extend(duplicate_identifiers(site));
    diagnostics
}

/// Applies the levels set in `site.yaml` (`off`, `warn`, `error`) to the
/// diagnostics of a run, and reports levels set for unknown rules.
pub fn apply_levels(config: &SiteConfig, diagnostics: &mut Vec<Diagnostic>) {
    let names: Vec<&str> = crate::diagnostic::lints().map(|code| code.name).collect();
    diagnostics.retain_mut(|d| match config.lints.get(d.code) {
        Some(LintLevel::Off) => false,
        Some(LintLevel::Warn) => {
            d.severity = Severity::Warning;
            true
        }
        Some(LintLevel::Error) => {
            d.severity = Severity::Error;
            true
        }
        None => true,
    });
    for code in config
        .lints
        .keys()
        .filter(|code| !names.contains(&code.as_str()))
    {
        let diagnostic =
            Diagnostic::error("unknown-lint", format!("there is no lint called `{code}`"))
                .in_file("site.yaml");
        diagnostics.push(match crate::yaml::closest(code, &names) {
            Some(best) => diagnostic.help(format!("did you mean `{best}`?")),
            None => diagnostic.help("docs/lints.md lists every lint"),
        });
    }
}

fn config(site: &Site<'_>) -> Vec<Diagnostic> {
    let config = &site.loaded.config;
    let block =
        crate::yaml::Block::file(&site.loaded.config_text, std::path::Path::new("site.yaml"));
    let line_of = |key: &str| block.top_level_key_line(key).unwrap_or(1);
    let mut out = Vec::new();
    if config
        .disclaimer
        .as_deref()
        .is_none_or(|d| d.trim().is_empty())
    {
        out.push(
            Diagnostic::warning("disclaimer-missing", "the site has no medical disclaimer")
                .in_file("site.yaml")
                .help("add `disclaimer:` saying that the site gives general information, not personal medical advice"),
        );
    }
    if config
        .owner
        .as_ref()
        .is_none_or(|o| o.name.trim().is_empty())
    {
        out.push(
            Diagnostic::warning("owner-missing", "the site does not say who publishes it")
                .in_file("site.yaml")
                .help("add `owner: {name: Your organisation, url: https://...}` so readers know who stands behind the advice"),
        );
    }
    if config.title.trim().is_empty() {
        out.push(
            Diagnostic::error("site-title", "the site title is empty")
                .at("site.yaml", line_of("title"), 1)
                .help("write the site's name after `title:`"),
        );
    }
    let feedback = config
        .feedback
        .as_deref()
        .filter(|f| !(crate::href::scheme(f).as_deref() == Some("mailto") || is_http_url(f)));
    let owner_url = config
        .owner
        .as_ref()
        .and_then(|o| o.url.as_deref())
        .filter(|u| !is_http_url(u));
    for (key, url) in [("feedback", feedback), ("owner", owner_url)] {
        if let Some(url) = url {
            out.push(
                Diagnostic::error(
                    "site-url",
                    format!("`{url}` is not a mailto: or http(s) address"),
                )
                .at("site.yaml", line_of(key), 1)
                .help(
                    "readers follow this link: give a full https:// address or a mailto: address",
                ),
            );
        }
    }
    if let Some(url) = &config.base_url {
        if !is_http_url(url) {
            out.push(
                Diagnostic::error("base-url", format!("`{url}` is not an absolute http(s) URL"))
                    .at("site.yaml", line_of("base_url"), 1)
                    .help("write the full address the site is published at, e.g. https://example.org/health/"),
            );
        }
    }
    out
}

/// Checks one source's fields.
/// Where the source is written is worked out only for a problem: finding
/// a page's front-matter place means reading its spans again.
pub fn source(
    key: &str,
    source: &Source,
    at: &dyn Fn() -> Location,
    today: Date,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut problem = |code: &'static str, message: String, help: &str| {
        out.push(
            Diagnostic::error(code, message)
                .at_location(at())
                .help(help),
        );
    };
    if !cite::is_valid_key(key) {
        problem(
            "source-key",
            format!("`{key}` cannot be cited: keys are letters, digits and `_`, with `-` `:` `.` allowed inside"),
            "rename the key, e.g. `howe2011`",
        );
    }
    if source.title.trim().is_empty() {
        problem(
            "source-field",
            format!("the source `{key}` has no title"),
            "add the title of the article or page",
        );
    }
    if let Some(pmid) = &source.pmid {
        if pmid.is_empty() || !pmid.bytes().all(|b| b.is_ascii_digit()) {
            problem(
                "source-field",
                format!("`{pmid}` is not a PubMed id (PMID)"),
                "a PMID is digits only, e.g. 21735380",
            );
        }
    }
    if let Some(pmcid) = &source.pmcid {
        let digits = pmcid.strip_prefix("PMC").unwrap_or("");
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            problem(
                "source-field",
                format!("`{pmcid}` is not a PubMed Central id"),
                "a PMCID looks like PMC7325605",
            );
        }
    }
    if let Some(doi) = &source.doi {
        if !is_doi(doi) {
            problem(
                "source-field",
                format!("`{doi}` is not a DOI"),
                "a DOI looks like 10.1002/jbmr.3284 (no https://doi.org/ in front)",
            );
        }
    }
    if let Some(url) = &source.url {
        if !is_http_url(url) {
            problem(
                "source-field",
                format!("`{url}` is not an http(s) URL"),
                "write the full address, starting https://",
            );
        }
    }
    if let Some(year) = source.year {
        if !(1800..=today.year + 1).contains(&year) {
            problem(
                "source-field",
                format!("{year} is not a plausible publication year"),
                "check the year of publication",
            );
        }
    }
    let insecure = source
        .url
        .as_deref()
        .and_then(crate::markdown::secure_alternative);
    if let Some(secure) = insecure {
        out.push(
            Diagnostic::warning(
                "insecure-link",
                format!("`{key}` links with http:// to a site that serves https://"),
            )
            .at_location(at())
            .help(format!("use {secure}")),
        );
    }
    out
}

fn is_doi(doi: &str) -> bool {
    let Some((prefix, suffix)) = doi.split_once('/') else {
        return false;
    };
    let Some(registrant) = prefix.strip_prefix("10.") else {
        return false;
    };
    registrant.len() >= 4
        && registrant.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !suffix.trim().is_empty()
        && !doi.contains(char::is_whitespace)
}

pub fn is_http_url(url: &str) -> bool {
    crate::href::is_web_address(url)
}

/// Each comparison row has one cell per column.
fn comparison_shape(file: &PageFile) -> Vec<Diagnostic> {
    let Some(comparison) = &file.front.comparison else {
        return Vec::new();
    };
    let columns = comparison.columns.len();
    comparison
        .rows
        .iter()
        .enumerate()
        .filter(|(_, row)| row.cells.len() != columns)
        .map(|(i, row)| {
            let cells = [
                Step::Key("comparison"),
                Step::Key("rows"),
                Step::Item(i),
                Step::Key("cells"),
            ];
            Diagnostic::error(
                "comparison-shape",
                format!(
                    "the row `{}` has {} cells but the table has {columns} columns",
                    row.label,
                    row.cells.len()
                ),
            )
            .at_location(file.key_location(&cells))
            .help("give every row one cell per column, in the same order as `columns`")
        })
        .collect()
}

/// A page is reviewed, by someone, not in the future, and not overdue.
fn review(file: &PageFile, today: Date, interval: u32) -> Vec<Diagnostic> {
    let key = |key| file.key_location(&[Step::Key(key)]);
    let mut out = Vec::new();
    // A date that could not be read is already reported.
    if file.left_out.iter().any(|f| f == "reviewed") {
        return out;
    }
    match file.front.reviewed {
        None => out.push(
            Diagnostic::warning("review-missing", "this page has no `reviewed` date")
                .at(&file.path, 1, 1)
                .help("add `reviewed: YYYY-MM-DD` once a clinician has reviewed the page"),
        ),
        Some(date) if date > today => out.push(
            Diagnostic::error("review-future", format!("the review date {date} is in the future"))
                .at_location(key("reviewed"))
                .help("write the date the review actually happened"),
        ),
        Some(date) if date.add_months(interval) < today => out.push(
            Diagnostic::warning("review-due", format!("due for review since {}", date.add_months(interval)))
                .at_location(key("reviewed"))
                .help(format!("the site asks for a review every {interval} months; review the page and update `reviewed`")),
        ),
        Some(_) => {}
    }
    if file.front.reviewed_by.iter().any(|r| r.trim().is_empty()) {
        out.push(
            Diagnostic::error("reviewer-name", "a reviewer in `reviewed_by` has no name")
                .at_location(key("reviewed_by"))
                .help("write each reviewer's name and role, e.g. \"A. Patel, physiotherapist\", or remove the empty entry"),
        );
    }
    out.extend(reviewer_roles(file));
    if file.front.reviewed.is_some() && file.front.reviewed_by.iter().all(|r| r.trim().is_empty()) {
        out.push(
            Diagnostic::warning("reviewer-missing", "this page does not say who reviewed it")
                .at_location(key("reviewed"))
                .help("add `reviewed_by: [\"Name, role\"]`"),
        );
    }
    out
}

/// Roles and credentials that are not a person's name: in a flow list,
/// `[A. Patel, physiotherapist]` is two reviewers, the second a role.
const ROLES: &[&str] = &[
    "physiotherapist",
    "physical therapist",
    "physio",
    "doctor",
    "gp",
    "general practitioner",
    "physician",
    "consultant",
    "surgeon",
    "orthopaedic surgeon",
    "orthopedic surgeon",
    "rheumatologist",
    "endocrinologist",
    "geriatrician",
    "nurse",
    "nurse practitioner",
    "midwife",
    "pharmacist",
    "dietitian",
    "dietician",
    "occupational therapist",
    "exercise physiologist",
    "kinesiologist",
    "chiropractor",
    "pt",
    "dpt",
    "md",
    "rn",
    "phd",
    "mbbs",
    "frcp",
];

/// A `reviewed_by` entry that is only a role is almost always the second
/// half of "Name, role" split by a flow list's comma.
fn reviewer_roles(file: &PageFile) -> Vec<Diagnostic> {
    let reviewers = &file.front.reviewed_by;
    let mut out = Vec::new();
    for (i, entry) in reviewers.iter().enumerate() {
        let role = entry.trim().trim_end_matches('.');
        if !ROLES.contains(&role.to_lowercase().as_str()) {
            continue;
        }
        let written = entry.len() - entry.trim_start().len();
        let location = file.value_location(&[Key("reviewed_by"), Item(i)], entry, written);
        let name = i
            .checked_sub(1)
            .map_or("A. Patel", |before| reviewers[before].trim());
        out.push(
            Diagnostic::warning(
                "reviewer-role",
                format!("`{role}` in `reviewed_by` is a role, not a reviewer"),
            )
            .at_location(location)
            .help(format!(
                "in a list written `[a, b]` each comma starts a new reviewer; write the name and role as one quoted entry: `- \"{name}, {role}\"`"
            )),
        );
    }
    out
}

/// Where a source is written: a site-wide one's place is known; a page's
/// is found in its front matter only when a problem needs it.
#[derive(Clone, Copy)]
enum Written<'s> {
    Site(&'s Location),
    Page(&'s PageFile, &'s str),
}

impl Written<'_> {
    fn location(self) -> Location {
        match self {
            Written::Site(location) => location.clone(),
            Written::Page(file, key) => file.key_location(&[Step::Key("sources"), Step::Key(key)]),
        }
    }
}

/// Two entries with the same DOI, PMID or URL are almost always the same
/// source entered twice, which would split its citations.
fn duplicate_identifiers(site: &Site<'_>) -> Vec<Diagnostic> {
    let mut seen: HashMap<(&'static str, String), (&str, Written<'_>)> = HashMap::new();
    let mut out = Vec::new();
    let page_sources = site.pages.iter().flat_map(|page| {
        (page.file.front.sources.iter())
            .map(move |(key, source)| (key.as_str(), source, Written::Page(page.file, key)))
    });
    let site_sources = site
        .bibliography
        .site
        .iter()
        .map(|(key, e)| (*key, e.source, Written::Site(&e.location)));
    for (key, source, written) in site_sources.chain(page_sources) {
        let ids = [
            ("DOI", source.doi.as_ref().map(|d| d.to_lowercase())),
            ("PMID", source.pmid.clone()),
            ("URL", source.url.as_ref().map(|u| normalise_url(u))),
        ];
        for (kind, value) in ids {
            let Some(value) = value else { continue };
            match seen.get(&(kind, value.clone())) {
                Some((first_key, first)) if *first_key != key => {
                    let first = first.location();
                    out.push(
                        Diagnostic::error("duplicate-identifier", format!("`{key}` has the same {kind} as `{first_key}`: {value}"))
                            .at_location(written.location())
                            .help(format!(
                                "these look like one source entered twice ({}:{}); keep one and cite it everywhere",
                                first.file.display(),
                                first.line
                            )),
                    )
                }
                Some(_) => {}
                None => {
                    seen.insert((kind, value), (key, written));
                }
            }
        }
    }
    out
}

fn normalise_url(url: &str) -> String {
    let url = url.trim_end_matches('/');
    url.strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url)
        .trim_start_matches("www.")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_checked() {
        let at = Location {
            file: "content/sources.yaml".into(),
            line: 2,
            column: 1,
        };
        let today = Date::parse("2026-11-22").unwrap();
        let good = Source {
            title: "T".into(),
            pmid: Some("21735380".into()),
            pmcid: Some("PMC7325605".into()),
            doi: Some("10.1002/jbmr.3284".into()),
            url: Some("https://example.org/x".into()),
            year: Some(2011),
            ..Source::default()
        };
        assert!(source("howe2011", &good, &|| at.clone(), today).is_empty());
        let bad = Source {
            title: " ".into(),
            pmid: Some("PMID 123".into()),
            pmcid: Some("7325605".into()),
            doi: Some("https://doi.org/10.1002/x".into()),
            url: Some("www.example.org".into()),
            year: Some(2099),
            ..Source::default()
        };
        assert_eq!(source("bad key", &bad, &|| at.clone(), today).len(), 7);
    }

    #[test]
    fn lint_levels_from_site_yaml() {
        let mut config: SiteConfig = serde_yaml::from_str(
            "title: x\nlints: {review-due: error, image-alt: off, uncited-sorce: warn}",
        )
        .unwrap();
        config.lints.insert("raw-html".into(), LintLevel::Warn);
        let mut diagnostics = vec![
            Diagnostic::warning("review-due", "due"),
            Diagnostic::warning("image-alt", "alt"),
            Diagnostic::error("raw-html", "html"),
            Diagnostic::error("yaml", "untouched"),
        ];
        apply_levels(&config, &mut diagnostics);
        let got: Vec<(&str, Severity)> = diagnostics.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(
            got,
            [
                ("review-due", Severity::Error),
                ("raw-html", Severity::Warning),
                ("yaml", Severity::Error),
                ("unknown-lint", Severity::Error)
            ]
        );
        assert_eq!(
            diagnostics[3].help.as_deref(),
            Some("did you mean `uncited-source`?")
        );
    }

    #[test]
    fn urls_compare_loosely() {
        assert_eq!(
            normalise_url("https://www.Example.org/a/"),
            normalise_url("http://example.org/a")
        );
        assert!(
            is_http_url("https://example.org")
                && !is_http_url("https://")
                && !is_http_url("ftp://x")
        );
    }
}
