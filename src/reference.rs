//! How a source reads in a list of references: a Vancouver (NLM) style
//! reference, the links a reader can follow, and its evidence label.

use std::fmt::Write;

use serde::Serialize;

use crate::cite::escape;
use crate::href;
use crate::model::Source;

/// A link to a source's record or full text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceLink {
    pub label: String,
    pub url: String,
}

/// The reference as HTML: "Howe TE, Shea B, Dawson LJ, et al. Exercise for
/// preventing ... Cochrane Database Syst Rev. 2011;(7):CD000333."
///
/// Up to six authors are listed; past six, the first three and "et al."
/// (the rule AMA and many Vancouver journals use).
pub fn format(source: &Source) -> String {
    let mut out = String::new();
    let authors = authors(&source.authors);
    if !authors.is_empty() {
        // "et al." and initials with stops already end the list.
        let _ = write!(out, "{}. ", escape(authors.trim_end_matches('.')));
    }
    out.push_str(&escape(&with_stop(
        &source.title,
        !source.kind.is_journal_article(),
    )));
    if source.kind.is_journal_article() {
        if let Some(journal) = &source.container {
            let _ = write!(out, " {}.", escape(journal.trim_end_matches('.')));
        }
        let details = journal_details(source);
        if !details.is_empty() {
            let _ = write!(out, " {}.", escape(&details));
        }
    } else {
        match (&source.container, source.year) {
            (Some(site), Some(year)) => {
                let _ = write!(out, " {}; {year}.", escape(site.trim_end_matches('.')));
            }
            (Some(site), None) => {
                let _ = write!(out, " {}.", escape(site.trim_end_matches('.')));
            }
            (None, Some(year)) => {
                let _ = write!(out, " {year}.");
            }
            (None, None) => {}
        }
        if let Some(accessed) = source.accessed {
            let _ = write!(out, " Accessed {}.", accessed.long());
        }
    }
    if let Some(note) = &source.note {
        let _ = write!(out, " {}", escape(&with_stop(note, false)));
    }
    out
}

fn authors(names: &[String]) -> String {
    if names.len() > 6 {
        format!("{}, et al", names[..3].join(", "))
    } else {
        names.join(", ")
    }
}

/// Ends a title with a full stop unless it ends in its own punctuation;
/// online material is marked "[Internet]" as NLM asks.
fn with_stop(text: &str, online: bool) -> String {
    let text = text.trim();
    let text = if online {
        format!("{text} [Internet]")
    } else {
        text.to_string()
    };
    if text.ends_with(['.', '?', '!']) {
        text
    } else {
        format!("{text}.")
    }
}

/// `2011;22(1):179-86`, `2011;(7):CD000333`, `2012:CD007146`, or
/// whatever part is known. NLM puts `;` between the date and a volume or
/// issue only; pages follow a colon after whatever comes before them.
fn journal_details(source: &Source) -> String {
    let mut out = source.year.map(|y| y.to_string()).unwrap_or_default();
    let has_volume = source.volume.is_some() || source.issue.is_some();
    if has_volume && !out.is_empty() {
        out.push(';');
    }
    if let Some(volume) = &source.volume {
        out.push_str(volume);
    }
    if let Some(issue) = &source.issue {
        let _ = write!(out, "({issue})");
    }
    if let Some(pages) = &source.pages {
        if !out.is_empty() {
            out.push(':');
        }
        out.push_str(pages);
    }
    out
}

/// PubMed and PMC from their ids, the DOI resolver from the DOI, otherwise
/// the URL the editor gave.
pub fn links(source: &Source) -> Vec<SourceLink> {
    let mut links = Vec::new();
    if let Some(pmid) = &source.pmid {
        links.push(SourceLink {
            label: "PubMed".into(),
            url: format!("https://pubmed.ncbi.nlm.nih.gov/{pmid}/"),
        });
    }
    if let Some(pmcid) = &source.pmcid {
        links.push(SourceLink {
            label: "Free full text (PMC)".into(),
            url: format!(
                "https://www.ncbi.nlm.nih.gov/pmc/articles/{}/",
                href::encode_path(pmcid)
            ),
        });
    }
    if let Some(doi) = &source.doi {
        // A DOI may hold `<`, `>`, `#` or `?`: encoded, they reach the
        // resolver instead of ending the path.
        links.push(SourceLink {
            label: format!("doi:{doi}"),
            url: format!("https://doi.org/{}", href::encode_path(doi)),
        });
    }
    if links.is_empty() {
        if let Some(url) = &source.url {
            links.push(SourceLink {
                label: "Read it online".into(),
                url: url.clone(),
            });
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceKind;

    fn howe() -> Source {
        Source {
            kind: SourceKind::SystematicReview,
            title: "Exercise for preventing and treating osteoporosis in postmenopausal women"
                .into(),
            authors: [
                "Howe TE",
                "Shea B",
                "Dawson LJ",
                "Downie F",
                "Murray A",
                "Ross C",
                "Harbour RT",
            ]
            .map(String::from)
            .to_vec(),
            container: Some("Cochrane Database Syst Rev".into()),
            year: Some(2011),
            issue: Some("7".into()),
            pages: Some("CD000333".into()),
            pmid: Some("21735380".into()),
            doi: Some("10.1002/14651858.CD000333.pub2".into()),
            ..Source::default()
        }
    }

    #[test]
    fn journal_article_in_vancouver_style() {
        assert_eq!(
            format(&howe()),
            "Howe TE, Shea B, Dawson LJ, et al. Exercise for preventing and treating osteoporosis in \
             postmenopausal women. Cochrane Database Syst Rev. 2011;(7):CD000333."
        );
    }

    #[test]
    fn six_authors_are_all_listed() {
        let mut source = howe();
        source.authors.truncate(6);
        assert!(format(&source)
            .starts_with("Howe TE, Shea B, Dawson LJ, Downie F, Murray A, Ross C. Exercise"));
    }

    #[test]
    fn web_page_with_organisation_author() {
        let source = Source {
            kind: SourceKind::PatientInformation,
            title: "Exercising with osteoporosis: Stay active the safe way".into(),
            authors: vec!["Mayo Clinic Staff".into()],
            container: Some("Mayo Clinic".into()),
            url: Some("https://www.mayoclinic.org/x".into()),
            accessed: crate::date::Date::parse("2026-02-17"),
            ..Source::default()
        };
        assert_eq!(
            format(&source),
            "Mayo Clinic Staff. Exercising with osteoporosis: Stay active the safe way [Internet]. Mayo Clinic. \
             Accessed 17 February 2026."
        );
        assert_eq!(
            links(&source),
            [SourceLink {
                label: "Read it online".into(),
                url: "https://www.mayoclinic.org/x".into()
            }]
        );
    }

    #[test]
    fn text_is_escaped() {
        let source = Source {
            title: "<script>x</script> & more".into(),
            ..Source::default()
        };
        assert!(format(&source).starts_with("&lt;script&gt;x&lt;/script&gt; &amp; more"));
    }

    /// Every combination of the fields docs/content.md allows reads as a
    /// reference: no doubled or dangling punctuation.
    #[test]
    fn every_combination_of_fields_reads_cleanly() {
        let authors: [&[&str]; 4] = [
            &[],
            &["Howe TE"],
            &["Howe TE", "Shea B", "et al."],
            &["A", "B", "C", "D", "E", "F", "G"],
        ];
        for kind in [SourceKind::Rct, SourceKind::Webpage, SourceKind::Book] {
            for names in authors {
                for fields in 0..128u32 {
                    let has = |bit: u32| fields & (1 << bit) != 0;
                    let source = Source {
                        kind,
                        title: "A title".into(),
                        authors: names.iter().map(|n| n.to_string()).collect(),
                        container: has(0).then(|| "Health Org Inc.".into()),
                        year: has(1).then_some(2012),
                        volume: has(2).then(|| "12".into()),
                        issue: has(3).then(|| "3".into()),
                        pages: has(4).then(|| "CD007146".into()),
                        accessed: has(5)
                            .then(|| crate::date::Date::parse("2026-02-17"))
                            .flatten(),
                        note: has(6).then(|| "Erratum in 2013.".into()),
                        ..Source::default()
                    };
                    let text = format(&source);
                    for bad in ["..", ";:", ";.", ":.", " .", " ;", ",.", "()", ". .", ";;"] {
                        assert!(!text.contains(bad), "{bad:?} in {text:?}");
                    }
                    assert!(text.ends_with('.'), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn year_and_pages_without_a_volume() {
        let mut source = howe();
        source.issue = None;
        source.pages = Some("CD007146".into());
        source.year = Some(2012);
        assert!(format(&source).ends_with("Cochrane Database Syst Rev. 2012:CD007146."));
        source.authors = vec!["Howe TE".into(), "et al.".into()];
        assert!(format(&source).starts_with("Howe TE, et al. Exercise"));
    }

    #[test]
    fn identifiers_are_percent_encoded_in_links() {
        let source = Source {
            doi: Some("10.1002/(SICI)1097<12:3>#x?y".into()),
            ..Source::default()
        };
        assert_eq!(
            links(&source)[0].url,
            "https://doi.org/10.1002/(SICI)1097%3C12:3%3E%23x%3Fy"
        );
    }

    #[test]
    fn links_prefer_identifiers_over_urls() {
        let mut source = howe();
        source.url = Some("https://example.org".into());
        let labels: Vec<String> = links(&source).into_iter().map(|l| l.label).collect();
        assert_eq!(labels, ["PubMed", "doi:10.1002/14651858.CD000333.pub2"]);
    }
}
