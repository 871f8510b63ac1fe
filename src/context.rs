//! What templates see: the `page` of an article and its parts, as typed
//! structs serialised into Tera's context. `docs/templates.md` lists them.

use std::fmt::Write;

use serde::Serialize;

use crate::cite;
use crate::date::Date;
use crate::navigation::PageNav;
use crate::reference::SourceLink;
use crate::render::Cited;

/// A named link, such as a tag.
#[derive(Serialize, PartialEq)]
pub struct LinkContext {
    pub name: String,
    pub url: String,
}

/// Review dates as pages show them.
#[derive(Serialize, Default)]
pub struct Review {
    pub reviewed: Option<String>,
    pub reviewed_iso: Option<String>,
    pub next_review: Option<String>,
    pub next_review_iso: Option<String>,
    pub review_overdue: bool,
}

impl Review {
    pub fn of(reviewed: Option<Date>, interval: u32, today: Date) -> Review {
        let Some(date) = reviewed else {
            return Review::default();
        };
        let next = date.add_months(interval);
        Review {
            reviewed: Some(date.long()),
            reviewed_iso: Some(date.to_string()),
            next_review: Some(next.long()),
            next_review_iso: Some(next.to_string()),
            review_overdue: next < today,
        }
    }
}

/// What a page template sees as `page`. `docs/templates.md` lists it.
#[derive(Serialize)]
pub struct PageContext<'p> {
    pub title: &'p str,
    pub description: Option<&'p str>,
    pub url: &'p str,
    pub draft: bool,
    pub summary_html: &'p str,
    pub key_takeaway_html: &'p str,
    #[serde(flatten)]
    pub review: Review,
    pub reviewed_by: &'p [String],
    pub toc: Vec<TocEntry>,
    pub show_toc: bool,
    pub content_html: &'p str,
    pub evidence_summary: Vec<FindingContext<'p>>,
    pub exercise_types: Vec<ExerciseContext<'p>>,
    pub safety_tips: Vec<&'p str>,
    pub comparison: Option<ComparisonContext<'p>>,
    pub sources: Vec<SourceContext<'p>>,
    pub tags: Vec<LinkContext>,
    /// Breadcrumbs, previous and next, related pages.
    pub navigation: PageNav,
    /// schema.org JSON-LD (articles only), safe inside a script element.
    pub json_ld: Option<String>,
    /// The page's absolute URL, when the site has a `base_url`.
    pub canonical: Option<String>,
}

#[derive(Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title_html: String,
}

#[derive(Serialize)]
pub struct FindingContext<'p> {
    pub outcome_html: &'p str,
    pub finding_html: &'p str,
    pub certainty: Option<CertaintyContext>,
}

#[derive(Serialize)]
pub struct CertaintyContext {
    pub level: &'static str,
    pub label: &'static str,
    pub meaning: &'static str,
}

#[derive(Serialize)]
pub struct ExerciseContext<'p> {
    pub name_html: &'p str,
    pub examples_html: Vec<&'p str>,
    pub benefit_html: &'p str,
}

#[derive(Serialize)]
pub struct ComparisonContext<'p> {
    pub caption_html: &'p str,
    pub columns_html: Vec<&'p str>,
    pub rows: Vec<RowContext<'p>>,
}

#[derive(Serialize)]
pub struct RowContext<'p> {
    pub label_html: &'p str,
    pub cells_html: Vec<&'p str>,
}

/// One entry of a page's numbered source list.
#[derive(Serialize)]
pub struct SourceContext<'p> {
    pub number: usize,
    pub id: String,
    pub key: &'p str,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub reference_html: &'p str,
    pub links: &'p [SourceLink],
    /// Each place the source is cited, for templates of their own design.
    pub backlinks: Vec<BacklinkContext>,
    /// The same as links, each with a name for screen readers: "^" for one
    /// place, "^ a b c" for several.
    pub backlinks_html: String,
}

impl<'p> SourceContext<'p> {
    /// A cited source, cited at `occurrences` (the ids of its citations).
    pub fn new(cited: &'p Cited<'_, '_>, occurrences: Vec<String>) -> SourceContext<'p> {
        let number = cited.number;
        let single = occurrences.len() == 1;
        let backlinks_html = backlinks_html(number, &occurrences);
        let backlinks = occurrences
            .into_iter()
            .enumerate()
            .map(|(n, id)| BacklinkContext {
                label: if single {
                    format!("Back to where source {number} is cited")
                } else {
                    format!("Back to citation {} of source {number}", cite::letters(n))
                },
                id,
            })
            .collect();
        SourceContext {
            number,
            id: format!("src-{number}"),
            key: cited.key,
            kind: cited.source.kind.name(),
            kind_label: cited.source.kind.label(),
            reference_html: &cited.formatted.reference_html,
            links: &cited.formatted.links,
            backlinks,
            backlinks_html,
        }
    }
}

/// Rendered here rather than in a template: a page has dozens of these,
/// and a template loop per link cost more than all the rest of the page.
fn backlinks_html(number: usize, occurrences: &[String]) -> String {
    // The labels are those of `BacklinkContext`.
    let mut html = String::from("<span class=\"backlinks\">");
    match occurrences {
        [] => return String::new(),
        [id] => {
            let _ = write!(
                html,
                "<a href=\"#{id}\" aria-label=\"Back to where source {number} is cited\">^</a>"
            );
        }
        several => {
            html.push_str("<span aria-hidden=\"true\">^</span>");
            for (n, id) in several.iter().enumerate() {
                let letters = cite::letters(n);
                let _ = write!(
                    html,
                    " <a href=\"#{id}\" aria-label=\"Back to citation {letters} of source {number}\">{letters}</a>"
                );
            }
        }
    }
    html.push_str("</span>");
    html
}

#[derive(Serialize)]
pub struct BacklinkContext {
    pub id: String,
    pub label: String,
}
