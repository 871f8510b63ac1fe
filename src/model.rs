//! The content model: what an editor writes in front matter and in the
//! bibliography files, as typed structs.
//!
//! Every text field here is *inline Markdown* (citations included); it is
//! kept as the raw string the editor wrote and only turned into HTML by the
//! render stage. `docs/content.md` is the editor-facing contract for these
//! types: change both together.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::date::Date;

/// Front matter of one Markdown page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub key_takeaway: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub reviewed: Option<Date>,
    #[serde(default)]
    pub reviewed_by: Vec<String>,
    #[serde(default)]
    pub sources: BTreeMap<String, Source>,
    #[serde(default)]
    pub evidence_summary: Vec<Finding>,
    #[serde(default)]
    pub exercise_types: Vec<ExerciseType>,
    #[serde(default)]
    pub safety_tips: Vec<String>,
    #[serde(default)]
    pub comparison: Option<Comparison>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub template: Option<String>,
    /// Plan-builder data file, relative to the page's own file.
    #[serde(default)]
    pub plan: Option<String>,
    /// Who wrote the page, shown beside the reviewer.
    #[serde(default, deserialize_with = "one_or_many")]
    pub author: Vec<String>,
    #[serde(default)]
    pub published: Option<Date>,
    #[serde(default)]
    pub updated: Option<Date>,
    /// NHS-style care cards: when and where to get help, by urgency.
    #[serde(default)]
    pub when_to_get_help: Vec<HelpCard>,
    /// The page in a sentence or two, at the end.
    #[serde(default)]
    pub bottom_line: Option<String>,
    /// Questions readers ask, with short answers.
    #[serde(default)]
    pub questions: Vec<Question>,
    /// Things to do, shown beside `dont`.
    #[serde(default, rename = "do")]
    pub dos: Vec<String>,
    #[serde(default)]
    pub dont: Vec<String>,
    /// The page's lead image, also used for link previews.
    #[serde(default)]
    pub image: Option<Figure>,
    /// Pictures with captions, shown after the body.
    #[serde(default)]
    pub figures: Vec<Figure>,
    /// What the page is about, for search engines' health metadata:
    /// `Prevention`, `Treatment`, `Symptoms`...
    #[serde(default, deserialize_with = "one_or_many")]
    pub aspect: Vec<String>,
    /// Section headings for this page, over the site's (`site.yaml`).
    #[serde(default)]
    pub labels: Labels,
}

impl FrontMatter {
    /// Every field name an editor may use, for "did you mean" suggestions.
    pub const FIELDS: &'static [&'static str] = &[
        "title",
        "summary",
        "key_takeaway",
        "tags",
        "reviewed",
        "reviewed_by",
        "sources",
        "evidence_summary",
        "exercise_types",
        "safety_tips",
        "comparison",
        "draft",
        "slug",
        "weight",
        "template",
        "plan",
        "author",
        "published",
        "updated",
        "when_to_get_help",
        "bottom_line",
        "questions",
        "do",
        "dont",
        "image",
        "figures",
        "aspect",
        "labels",
    ];
}

/// One "when to get help" card: how urgent, what to do, and when.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a card with `urgency`, `action` and `signs`"
)]
pub struct HelpCard {
    pub urgency: Urgency,
    /// What to do, as the card's heading: "See a GP if:", "Call 999 if:".
    pub action: String,
    /// The signs or situations that call for it.
    pub signs: Vec<String>,
}

/// How urgent a "when to get help" card is, as NHS.UK care cards grade it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Urgency {
    NonUrgent,
    Urgent,
    Emergency,
}

impl Urgency {
    /// Said first by screen readers, since sighted readers get the
    /// urgency from the card's colour and weight.
    pub fn label(self) -> &'static str {
        match self {
            Urgency::NonUrgent => "Non-urgent advice",
            Urgency::Urgent => "Urgent advice",
            Urgency::Emergency => "Immediate action required",
        }
    }

    pub fn css_class(self) -> &'static str {
        match self {
            Urgency::NonUrgent => "non-urgent",
            Urgency::Urgent => "urgent",
            Urgency::Emergency => "emergency",
        }
    }
}

/// A question readers ask, with its answer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a `question` with its `answer`")]
pub struct Question {
    pub question: String,
    pub answer: String,
}

/// A picture: a file inside content/ (relative to the page, like links),
/// its text alternative, and optionally a caption and a credit.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a picture: `file` and `alt`, and optionally `caption` and `credit`"
)]
pub struct Figure {
    pub file: String,
    /// What the picture shows, for readers who cannot see it. Required:
    /// write `alt: ""` only for a purely decorative picture.
    pub alt: String,
    #[serde(default)]
    pub caption: Option<String>,
    #[serde(default)]
    pub credit: Option<String>,
}

/// The headings and labels of an article's parts, so that the same parts
/// serve nutrition, medicines or falls as well as exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    KeyTakeaway,
    WhenToGetHelp,
    SafetyTips,
    OnThisPage,
    Evidence,
    ExerciseTypes,
    Examples,
    Benefit,
    Do,
    Dont,
    Comparison,
    Questions,
    BottomLine,
    Sources,
    Topics,
}

/// Labels an editor set, by part; the rest keep their defaults.
pub type Labels = BTreeMap<Label, String>;

impl Label {
    pub const ALL: [Label; 15] = [
        Label::KeyTakeaway,
        Label::WhenToGetHelp,
        Label::SafetyTips,
        Label::OnThisPage,
        Label::Evidence,
        Label::ExerciseTypes,
        Label::Examples,
        Label::Benefit,
        Label::Do,
        Label::Dont,
        Label::Comparison,
        Label::Questions,
        Label::BottomLine,
        Label::Sources,
        Label::Topics,
    ];

    /// The key in `labels:`, and in templates' `page.labels`.
    pub fn name(self) -> &'static str {
        match self {
            Label::KeyTakeaway => "key_takeaway",
            Label::WhenToGetHelp => "when_to_get_help",
            Label::SafetyTips => "safety_tips",
            Label::OnThisPage => "on_this_page",
            Label::Evidence => "evidence",
            Label::ExerciseTypes => "exercise_types",
            Label::Examples => "examples",
            Label::Benefit => "benefit",
            Label::Do => "do",
            Label::Dont => "dont",
            Label::Comparison => "comparison",
            Label::Questions => "questions",
            Label::BottomLine => "bottom_line",
            Label::Sources => "sources",
            Label::Topics => "topics",
        }
    }

    pub fn default_text(self) -> &'static str {
        match self {
            Label::KeyTakeaway => "Key takeaway",
            Label::WhenToGetHelp => "When to get help",
            Label::SafetyTips => "Safety tips",
            Label::OnThisPage => "On this page",
            Label::Evidence => "What the research says",
            Label::ExerciseTypes => "Types of exercise",
            Label::Examples => "Examples",
            Label::Benefit => "How it helps",
            Label::Do => "Do",
            Label::Dont => "Don't",
            Label::Comparison => "How they compare",
            Label::Questions => "Common questions",
            Label::BottomLine => "The bottom line",
            Label::Sources => "Sources",
            Label::Topics => "Topics",
        }
    }

    /// The text for this label on a page: the page's own, else the
    /// site's, else the default.
    pub fn text<'l>(self, page: &'l Labels, site: &'l Labels) -> &'l str {
        page.get(&self)
            .or_else(|| site.get(&self))
            .map_or(self.default_text(), String::as_str)
    }
}

/// One row of an evidence summary: what was measured and what was found.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub outcome: String,
    pub finding: String,
    #[serde(default)]
    pub certainty: Option<Certainty>,
}

/// GRADE certainty of a body of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Certainty {
    High,
    Moderate,
    Low,
    VeryLow,
}

impl Certainty {
    /// The label a reader sees; screen readers read it as text too.
    pub fn label(self) -> &'static str {
        match self {
            Certainty::High => "High certainty",
            Certainty::Moderate => "Moderate certainty",
            Certainty::Low => "Low certainty",
            Certainty::VeryLow => "Very low certainty",
        }
    }

    /// A short plain-language gloss of what the GRADE level means.
    pub fn meaning(self) -> &'static str {
        match self {
            Certainty::High => "further research is very unlikely to change this",
            Certainty::Moderate => "further research may change this",
            Certainty::Low => "further research is likely to change this",
            Certainty::VeryLow => "we are very unsure about this",
        }
    }

    pub fn css_class(self) -> &'static str {
        match self {
            Certainty::High => "high",
            Certainty::Moderate => "moderate",
            Certainty::Low => "low",
            Certainty::VeryLow => "very-low",
        }
    }
}

/// A kind of exercise, with examples and what it does for the reader.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseType {
    pub name: String,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub benefit: Option<String>,
}

/// A comparison table: a caption, column headings and labelled rows.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<ComparisonRow>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComparisonRow {
    pub label: String,
    pub cells: Vec<String>,
}

/// A bibliographic source that citations point at.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub kind: SourceKind,
    pub title: String,
    /// People as "Surname Initials" (Vancouver), or an organisation's name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Journal, website or publisher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(
        default,
        deserialize_with = "string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub volume: Option<String>,
    #[serde(
        default,
        deserialize_with = "string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub issue: Option<String>,
    #[serde(
        default,
        deserialize_with = "string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub pages: Option<String>,
    #[serde(
        default,
        deserialize_with = "string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub pmid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pmcid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessed: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What kind of evidence a source is; shown to readers as a label.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    SystematicReview,
    MetaAnalysis,
    Rct,
    Cohort,
    CaseControl,
    Guideline,
    Consensus,
    PatientInformation,
    #[default]
    Webpage,
    Book,
}

impl SourceKind {
    pub const ALL: [SourceKind; 10] = [
        SourceKind::SystematicReview,
        SourceKind::MetaAnalysis,
        SourceKind::Rct,
        SourceKind::Cohort,
        SourceKind::CaseControl,
        SourceKind::Guideline,
        SourceKind::Consensus,
        SourceKind::PatientInformation,
        SourceKind::Webpage,
        SourceKind::Book,
    ];

    /// The label a reader sees next to the reference.
    pub fn label(self) -> &'static str {
        match self {
            SourceKind::SystematicReview => "Systematic review",
            SourceKind::MetaAnalysis => "Meta-analysis",
            SourceKind::Rct => "Randomised trial",
            SourceKind::Cohort => "Cohort study",
            SourceKind::CaseControl => "Case-control study",
            SourceKind::Guideline => "Guideline",
            SourceKind::Consensus => "Consensus statement",
            SourceKind::PatientInformation => "Patient information",
            SourceKind::Webpage => "Web page",
            SourceKind::Book => "Book",
        }
    }

    /// The name an editor writes in `kind:`.
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::SystematicReview => "systematic-review",
            SourceKind::MetaAnalysis => "meta-analysis",
            SourceKind::Rct => "rct",
            SourceKind::Cohort => "cohort",
            SourceKind::CaseControl => "case-control",
            SourceKind::Guideline => "guideline",
            SourceKind::Consensus => "consensus",
            SourceKind::PatientInformation => "patient-information",
            SourceKind::Webpage => "webpage",
            SourceKind::Book => "book",
        }
    }

    /// Research papers get the journal style; the rest are web or books.
    pub fn is_journal_article(self) -> bool {
        matches!(
            self,
            SourceKind::SystematicReview
                | SourceKind::MetaAnalysis
                | SourceKind::Rct
                | SourceKind::Cohort
                | SourceKind::CaseControl
                | SourceKind::Guideline
                | SourceKind::Consensus
        )
    }
}

/// `author: A. Patel` or a list of names: editors write both. A visitor
/// rather than an untagged enum, so that a wrong value gets serde's usual
/// "invalid type ..., expected a name, or a list of names" at its place.
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct Names;

    impl<'de> serde::de::Visitor<'de> for Names {
        type Value = Vec<String>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a name, or a list of names")
        }

        fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Vec<String>, E> {
            Ok(vec![name.to_string()])
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<String>, E> {
            Ok(Vec::new())
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Vec<String>, A::Error> {
            let mut names = Vec::new();
            while let Some(name) = seq.next_element()? {
                names.push(name);
            }
            Ok(names)
        }
    }

    d.deserialize_any(Names)
}

/// YAML editors write `pmid: 21735380` and `volume: 22` unquoted; both are
/// identifiers, never arithmetic, so keep them as text.
fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Int(u64),
    }
    Ok(Option::<Raw>::deserialize(d)?.map(|raw| match raw {
        Raw::Text(s) => s,
        Raw::Int(n) => n.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(yaml: &str) -> Result<FrontMatter, serde_yaml::Error> {
        serde_yaml::from_str(yaml)
    }

    #[test]
    fn author_is_one_name_or_a_list() {
        assert_eq!(
            front("title: T\nauthor: A. Patel\n").unwrap().author,
            ["A. Patel"]
        );
        assert_eq!(
            front("title: T\nauthor: [A, B]\n").unwrap().author,
            ["A", "B"]
        );
        assert!(front("title: T\nauthor:\n").unwrap().author.is_empty());
        let error = front("title: T\nauthor: {x: 1}\n").unwrap_err().to_string();
        assert!(
            error.contains("expected a name, or a list of names"),
            "{error}"
        );
    }

    #[test]
    fn a_label_comes_from_the_page_then_the_site_then_the_default() {
        let page: Labels = [(Label::SafetyTips, "Take care".to_string())].into();
        let site: Labels = [
            (Label::SafetyTips, "Be safe".to_string()),
            (Label::Questions, "FAQ".to_string()),
        ]
        .into();
        assert_eq!(Label::SafetyTips.text(&page, &site), "Take care");
        assert_eq!(Label::Questions.text(&page, &site), "FAQ");
        assert_eq!(Label::BottomLine.text(&page, &site), "The bottom line");
        // Every label has its own key, the one editors write, and a default.
        for label in Label::ALL {
            assert_eq!(serde_yaml::from_str::<Label>(label.name()).unwrap(), label);
        }
        let names: std::collections::HashSet<_> = Label::ALL.iter().map(|l| l.name()).collect();
        assert_eq!(names.len(), Label::ALL.len());
    }
}
