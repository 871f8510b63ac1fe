//! Learns the order a template shows the citing sections in.
//!
//! Citation numbers follow the order a reader meets citations, whatever
//! order a template puts the sections in. Rendering each page twice to find
//! out would double the cost; instead each template is rendered once with a
//! marker in each section, and the markers' positions give the order.

use tera::Context;

use super::texts::{Section, SECTIONS};
use super::Renderer;
use crate::context::*;
use crate::model::Label;

/// The sections in the order `template` shows them; the default order when
/// the template cannot be rendered with a probe page.
pub fn section_order(renderer: &Renderer<'_, '_>, template: &str) -> Vec<Section> {
    let marker = |s: Section| {
        format!(
            "\u{E000}{}\u{E001}",
            SECTIONS.iter().position(|x| *x == s).unwrap_or(0)
        )
    };
    let [key_takeaway, help, tips, body, evidence, exercise, do_dont, comparison, questions, bottom_line] =
        SECTIONS.map(marker);
    let probe = PageContext {
        title: "probe",
        description: None,
        url: "probe/index.html",
        draft: false,
        summary_html: "",
        key_takeaway_html: &key_takeaway,
        review: Review::default(),
        reviewed_by: &[],
        author: &[],
        published: None,
        updated: None,
        reading_minutes: None,
        labels: Label::ALL
            .iter()
            .map(|l| (l.name(), l.default_text()))
            .collect(),
        when_to_get_help: vec![HelpContext {
            urgency: "urgent",
            urgency_label: "",
            action_html: &help,
            signs_html: vec![&help],
        }],
        image: None,
        image_url: None,
        figures: Vec::new(),
        toc: Vec::new(),
        show_toc: false,
        content_html: &body,
        evidence_summary: vec![FindingContext {
            outcome_html: "",
            finding_html: &evidence,
            certainty: None,
        }],
        exercise_types: vec![ExerciseContext {
            name_html: &exercise,
            examples_html: Vec::new(),
            benefit_html: &exercise,
        }],
        safety_tips: vec![&tips],
        comparison: Some(ComparisonContext {
            caption_html: &comparison,
            columns_html: vec![""],
            rows: vec![RowContext {
                label_html: "",
                cells_html: vec![&comparison],
            }],
        }),
        do_html: vec![&do_dont],
        dont_html: vec![&do_dont],
        questions: vec![QuestionContext {
            question_html: &questions,
            answer_html: &questions,
        }],
        bottom_line_html: &bottom_line,
        sources: Vec::new(),
        tags: Vec::new(),
        navigation: Default::default(),
        json_ld: None,
        canonical: None,
    };
    let mut extra = Context::new();
    extra.insert("pages", &Vec::<()>::new());
    let Ok(html) = renderer.render(template, "probe/index.html", &probe, extra) else {
        return SECTIONS.to_vec();
    };
    let mut found: Vec<(usize, Section)> = SECTIONS
        .iter()
        .filter_map(|&s| html.find(&marker(s)).map(|at| (at, s)))
        .collect();
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, s)| s).collect()
}
