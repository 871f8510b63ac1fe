//! What templates see: the `page` of an article and its parts, as typed
//! structs serialised into Tera's context. `docs/templates.md` lists them.

use std::collections::BTreeMap;

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
    pub author: &'p [String],
    /// First published and last updated: "3 March 2026" and `2026-03-03`.
    pub published: Option<DateContext>,
    pub updated: Option<DateContext>,
    /// Minutes a reader needs for the page, when it is an article.
    pub reading_minutes: Option<usize>,
    /// Section headings: the page's, the site's or the defaults.
    pub labels: BTreeMap<&'static str, &'p str>,
    pub when_to_get_help: Vec<HelpContext<'p>>,
    pub image: Option<ImageContext<'p>>,
    /// The lead image's absolute URL, for link previews (needs `base_url`).
    pub image_url: Option<String>,
    pub figures: Vec<ImageContext<'p>>,
    pub toc: Vec<TocEntry>,
    pub show_toc: bool,
    pub content_html: &'p str,
    pub evidence_summary: Vec<FindingContext<'p>>,
    pub exercise_types: Vec<ExerciseContext<'p>>,
    pub safety_tips: Vec<&'p str>,
    pub comparison: Option<ComparisonContext<'p>>,
    pub do_html: Vec<&'p str>,
    pub dont_html: Vec<&'p str>,
    pub questions: Vec<QuestionContext<'p>>,
    pub bottom_line_html: &'p str,
    pub sources: Vec<SourceContext<'p>>,
    pub tags: Vec<LinkContext>,
    /// Breadcrumbs, previous and next, related pages.
    pub navigation: PageNav,
    /// schema.org JSON-LD (articles only), safe inside a script element.
    pub json_ld: Option<String>,
    /// The page's absolute URL, when the site has a `base_url`.
    pub canonical: Option<String>,
}

/// A date as pages show it, with its machine-readable form.
#[derive(Serialize)]
pub struct DateContext {
    pub long: String,
    pub iso: String,
}

impl DateContext {
    pub fn of(date: Option<Date>) -> Option<DateContext> {
        date.map(|d| DateContext {
            long: d.long(),
            iso: d.to_string(),
        })
    }
}

/// One "when to get help" card.
#[derive(Serialize)]
pub struct HelpContext<'p> {
    /// `non-urgent`, `urgent` or `emergency`.
    pub urgency: &'static str,
    /// What screen readers hear first: "Urgent advice".
    pub urgency_label: &'static str,
    pub action_html: &'p str,
    pub signs_html: Vec<&'p str>,
}

#[derive(Serialize)]
pub struct QuestionContext<'p> {
    pub question_html: &'p str,
    pub answer_html: &'p str,
}

/// A picture ready for an `<img>`: its URL relative to the page, and its
/// size in pixels when the file could be read.
#[derive(Serialize)]
pub struct ImageContext<'p> {
    pub src: String,
    /// The same from the site root, for absolute URLs.
    #[serde(skip)]
    pub from_root: String,
    pub alt: &'p str,
    pub caption: Option<&'p str>,
    pub credit: Option<&'p str>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Smaller copies for narrow screens, when the picture has any.
    pub srcset: Option<String>,
    pub sizes: Option<String>,
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
    /// A cited source, cited in `uses` places. `backlinks` is filled only
    /// `with_backlinks` (see [`crate::theme::Theme`]).
    pub fn new(cited: &'p Cited<'_, '_>, uses: usize, with_backlinks: bool) -> SourceContext<'p> {
        let number = cited.number;
        // Written out once for every id and label of this source.
        let number_text = number.to_string();
        let backlinks = if with_backlinks {
            (0..uses)
                .map(|n| {
                    let (mut id, mut label) = (String::new(), String::new());
                    cite::push_occurrence_id(&mut id, &number_text, n);
                    push_backlink_label(&mut label, &number_text, n, uses);
                    BacklinkContext { id, label }
                })
                .collect()
        } else {
            Vec::new()
        };
        SourceContext {
            number,
            id: format!("src-{number}"),
            key: cited.key,
            kind: cited.source.kind.name(),
            kind_label: cited.source.kind.label(),
            reference_html: &cited.formatted.reference_html,
            links: &cited.formatted.links,
            backlinks,
            backlinks_html: backlinks_html(&number_text, uses),
        }
    }
}

/// The name a screen reader gives back-link `n` of source `number`
/// (written out), cited in `uses` places.
fn push_backlink_label(out: &mut String, number: &str, n: usize, uses: usize) {
    if uses == 1 {
        out.push_str("Back to where source ");
        out.push_str(number);
        out.push_str(" is cited");
    } else {
        out.push_str("Back to citation ");
        cite::push_letters(out, n);
        out.push_str(" of source ");
        out.push_str(number);
    }
}

/// Rendered here rather than in a template: a page has dozens of these,
/// and a template loop per link cost more than all the rest of the page.
/// Written piece by piece, as `format!` for each link cost more again.
fn backlinks_html(number_text: &str, uses: usize) -> String {
    if uses == 0 {
        return String::new();
    }
    let mut html = String::with_capacity(80 + 96 * uses);
    html.push_str("<span class=\"backlinks\">");
    if uses > 1 {
        html.push_str("<span aria-hidden=\"true\">^</span>");
    }
    for n in 0..uses {
        if uses > 1 {
            html.push(' ');
        }
        html.push_str("<a href=\"#");
        cite::push_occurrence_id(&mut html, number_text, n);
        html.push_str("\" aria-label=\"");
        push_backlink_label(&mut html, number_text, n, uses);
        html.push_str("\">");
        if uses == 1 {
            html.push('^');
        } else {
            cite::push_letters(&mut html, n);
        }
        html.push_str("</a>");
    }
    html.push_str("</span>");
    html
}

#[derive(Serialize)]
pub struct BacklinkContext {
    pub id: String,
    pub label: String,
}
