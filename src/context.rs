//! What templates see: the `page` of an article and its parts, as typed
//! structs serialised into Tera's context. `docs/templates.md` lists them.

use serde::Serialize;

use crate::date::Date;
use crate::model::Source;
use crate::navigation::PageNav;
use crate::reference::{self, SourceLink};

/// A named link, such as a tag.
#[derive(Serialize)]
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
    pub description: Option<String>,
    pub url: &'p str,
    pub draft: bool,
    pub summary_html: String,
    pub key_takeaway_html: String,
    #[serde(flatten)]
    pub review: Review,
    pub reviewed_by: &'p [String],
    pub toc: Vec<TocEntry>,
    pub show_toc: bool,
    pub content_html: String,
    pub evidence_summary: Vec<FindingContext>,
    pub exercise_types: Vec<ExerciseContext>,
    pub safety_tips: Vec<String>,
    pub comparison: Option<ComparisonContext>,
    pub sources: Vec<SourceContext>,
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
pub struct FindingContext {
    pub outcome_html: String,
    pub finding_html: String,
    pub certainty: Option<CertaintyContext>,
}

#[derive(Serialize)]
pub struct CertaintyContext {
    pub level: &'static str,
    pub label: &'static str,
    pub meaning: &'static str,
}

#[derive(Serialize)]
pub struct ExerciseContext {
    pub name_html: String,
    pub examples_html: Vec<String>,
    pub benefit_html: String,
}

#[derive(Serialize)]
pub struct ComparisonContext {
    pub caption_html: String,
    pub columns_html: Vec<String>,
    pub rows: Vec<RowContext>,
}

#[derive(Serialize)]
pub struct RowContext {
    pub label_html: String,
    pub cells_html: Vec<String>,
}

/// One entry of a page's numbered source list.
#[derive(Serialize)]
pub struct SourceContext {
    pub number: usize,
    pub id: String,
    pub key: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub reference_html: String,
    pub links: Vec<SourceLink>,
    pub backlinks: Vec<BacklinkContext>,
}

impl SourceContext {
    pub fn new(
        number: usize,
        key: &str,
        source: &Source,
        backlinks: Vec<BacklinkContext>,
    ) -> SourceContext {
        SourceContext {
            number,
            id: format!("src-{number}"),
            key: key.to_string(),
            kind: source.kind.name(),
            kind_label: source.kind.label(),
            reference_html: reference::format(source),
            links: reference::links(source),
            backlinks,
        }
    }
}

#[derive(Serialize)]
pub struct BacklinkContext {
    pub id: String,
    pub label: String,
}
