//! The texts of one page: parsed once, checked, then numbered.
//!
//! A page's citable texts are its key takeaway, "when to get help" cards,
//! safety tips, body, evidence summary, exercise types, do and don't lists,
//! comparison table, questions, bottom line and (on a plan-builder page)
//! the plan data's texts. [`PageTexts::parse`] parses each once;
//! [`PageTexts::check`] reports what is wrong in them; [`PageTexts::number`]
//! renders them in the order the template shows their sections, which is
//! the order a reader meets the citations.

use std::collections::HashSet;
use std::ops::Range;

use crate::cite::Numbering;
use crate::diagnostic::{Diagnostic, LineIndex, Location};
use crate::load::PageSource;
use crate::markdown::{self, Heading, HeadingIds, Links, Mode, Parsed, TextProblem};
use crate::model::{Certainty, Urgency};
use crate::plan::Plan;
use crate::resolve::{Page, Site};
use crate::yaml::Step::{self, Item, Key};

/// The parts of an article that can cite, in the theme's default order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    KeyTakeaway,
    WhenToGetHelp,
    SafetyTips,
    Body,
    Evidence,
    ExerciseTypes,
    DoDont,
    Comparison,
    Questions,
    BottomLine,
    /// The texts of a plan-builder page's data (see `plan.rs`). The probe
    /// cannot see where a template shows them, so they are always numbered
    /// after the sections it found.
    Plan,
}

/// The sections a template probe looks for, in the default order.
pub const SECTIONS: [Section; 10] = [
    Section::KeyTakeaway,
    Section::WhenToGetHelp,
    Section::SafetyTips,
    Section::Body,
    Section::Evidence,
    Section::ExerciseTypes,
    Section::DoDont,
    Section::Comparison,
    Section::Questions,
    Section::BottomLine,
];

/// One text of a page: its section, where it was written, and its parse.
struct Text<'a> {
    section: Section,
    origin: Origin<'a>,
    parsed: Parsed<'a>,
}

/// Where a text was written, for pointing diagnostics at it.
enum Origin<'a> {
    /// The page's Markdown body.
    Body,
    /// A front-matter field with this value, at this path.
    Front(&'a str, FieldPath),
    /// A data file (plan data), at this place.
    Data(Location),
}

/// Where a front-matter text is written, as a path of at most five steps
/// (`comparison`, `rows`, 2, `cells`, 1), kept without allocating.
#[derive(Clone, Copy)]
struct FieldPath {
    steps: [Step<'static>; 5],
    len: usize,
}

impl FieldPath {
    fn new(path: &[Step<'static>]) -> FieldPath {
        let mut steps = [Step::Item(0); 5];
        steps[..path.len()].copy_from_slice(path);
        FieldPath {
            steps,
            len: path.len(),
        }
    }

    /// This path and one step further.
    fn then(&self, step: Step<'static>) -> FieldPath {
        let mut next = *self;
        next.steps[self.len] = step;
        next.len += 1;
        next
    }

    fn steps(&self) -> &[Step<'static>] {
        &self.steps[..self.len]
    }
}

/// Indexes into the texts, in the shape of the page.
pub struct Finding {
    pub outcome: usize,
    pub finding: usize,
    pub certainty: Option<Certainty>,
}

pub struct Exercise {
    pub name: usize,
    pub examples: Vec<usize>,
    pub benefit: Option<usize>,
}

/// One "when to get help" card.
pub struct Help {
    pub urgency: Urgency,
    pub action: usize,
    pub signs: Vec<usize>,
}

pub struct Question {
    pub question: usize,
    pub answer: usize,
}

pub struct Comparison {
    pub caption: usize,
    pub columns: Vec<usize>,
    pub rows: Vec<(usize, Vec<usize>)>,
}

/// What checking a page's texts found.
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    /// Links to `page#fragment`, checked once every page is rendered.
    pub anchors: Vec<(String, String, Location)>,
    /// Hrefs already checked where they were written.
    pub checked: HashSet<String>,
}

/// Every citable text of a page, parsed.
pub struct PageTexts<'a> {
    texts: Vec<Text<'a>>,
    pub key_takeaway: Option<usize>,
    pub help: Vec<Help>,
    pub body: usize,
    pub headings: Vec<Heading>,
    pub findings: Vec<Finding>,
    pub exercises: Vec<Exercise>,
    pub tips: Vec<usize>,
    pub comparison: Option<Comparison>,
    pub dos: Vec<usize>,
    pub donts: Vec<usize>,
    pub questions: Vec<Question>,
    pub bottom_line: Option<usize>,
    pub plan: Range<usize>,
}

impl<'a> PageTexts<'a> {
    /// Parses every text of `page` once. Front matter and data are always
    /// escaped; only the body may carry raw HTML, and only when the site
    /// allows it.
    pub fn parse(
        page: &Page<'a>,
        body: &'a str,
        plan: Option<&'a Plan>,
        links: &dyn Links,
        allow_html: bool,
    ) -> PageTexts<'a> {
        let front = &page.file.front;
        let mut builder = Builder {
            texts: Vec::new(),
            links,
        };
        let key_takeaway = front
            .key_takeaway
            .as_deref()
            .map(|t| builder.front(Section::KeyTakeaway, t, &[Key("key_takeaway")]));
        let help = front
            .when_to_get_help
            .iter()
            .enumerate()
            .map(|(i, card)| {
                let at = |field| [Key("when_to_get_help"), Item(i), Key(field)];
                Help {
                    urgency: card.urgency,
                    action: builder.front(Section::WhenToGetHelp, &card.action, &at("action")),
                    signs: builder.all(Section::WhenToGetHelp, &card.signs, &at("signs")),
                }
            })
            .collect();
        let mut ids = HeadingIds::new();
        let body = markdown::parse(body, Mode::Block, allow_html, links, Some(&mut ids));
        let headings = body.headings.clone();
        builder.texts.push(Text {
            section: Section::Body,
            origin: Origin::Body,
            parsed: body,
        });
        let body = builder.texts.len() - 1;
        let findings = front
            .evidence_summary
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let at = |field| [Key("evidence_summary"), Item(i), Key(field)];
                Finding {
                    outcome: builder.front(Section::Evidence, &f.outcome, &at("outcome")),
                    finding: builder.front(Section::Evidence, &f.finding, &at("finding")),
                    certainty: f.certainty,
                }
            })
            .collect();
        let exercises = front
            .exercise_types
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let at = |field| [Key("exercise_types"), Item(i), Key(field)];
                Exercise {
                    name: builder.front(Section::ExerciseTypes, &e.name, &at("name")),
                    examples: builder.all(Section::ExerciseTypes, &e.examples, &at("examples")),
                    benefit: e
                        .benefit
                        .as_deref()
                        .map(|b| builder.front(Section::ExerciseTypes, b, &at("benefit"))),
                }
            })
            .collect();
        let tips = builder.all(
            Section::SafetyTips,
            &front.safety_tips,
            &[Key("safety_tips")],
        );
        let dos = builder.all(Section::DoDont, &front.dos, &[Key("do")]);
        let donts = builder.all(Section::DoDont, &front.dont, &[Key("dont")]);
        let questions = front
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let at = |field| [Key("questions"), Item(i), Key(field)];
                Question {
                    question: builder.front(Section::Questions, &q.question, &at("question")),
                    answer: builder.front(Section::Questions, &q.answer, &at("answer")),
                }
            })
            .collect();
        let bottom_line = front
            .bottom_line
            .as_deref()
            .map(|t| builder.front(Section::BottomLine, t, &[Key("bottom_line")]));
        const TABLE: Step<'static> = Key("comparison");
        let comparison = front.comparison.as_ref().map(|c| Comparison {
            caption: builder.front(Section::Comparison, &c.caption, &[TABLE, Key("caption")]),
            columns: builder.all(Section::Comparison, &c.columns, &[TABLE, Key("columns")]),
            rows: (c.rows.iter().enumerate())
                .map(|(i, r)| {
                    let row = |field| [TABLE, Key("rows"), Item(i), Key(field)];
                    let label = builder.front(Section::Comparison, &r.label, &row("label"));
                    (
                        label,
                        builder.all(Section::Comparison, &r.cells, &row("cells")),
                    )
                })
                .collect(),
        });
        let first_plan_text = builder.texts.len();
        for (text, location) in plan.map(Plan::texts).unwrap_or_default() {
            builder.push(Section::Plan, Origin::Data(location), text);
        }
        let plan = first_plan_text..builder.texts.len();
        PageTexts {
            texts: builder.texts,
            key_takeaway,
            help,
            body,
            headings,
            findings,
            exercises,
            tips,
            comparison,
            dos,
            donts,
            questions,
            bottom_line,
            plan,
        }
    }

    /// Renders every text, numbering citations section by section in
    /// `order` (plan texts last). Returns the HTML of each text by index.
    pub fn number(&self, order: &[Section]) -> (Vec<String>, Numbering) {
        let mut numbering = Numbering::default();
        let mut html = vec![String::new(); self.texts.len()];
        for section in order.iter().chain([&Section::Plan]) {
            for (i, text) in self
                .texts
                .iter()
                .enumerate()
                .filter(|(_, t)| t.section == *section)
            {
                html[i] = text.parsed.render(&mut numbering);
            }
        }
        (html, numbering)
    }

    /// Every text a reader sees on the page, as plain text for search: the
    /// body first, then the front matter's (evidence, exercise types,
    /// safety tips, comparison cells, plan activities and the rest), each
    /// on a line of its own so that results can quote it alone.
    pub fn search_text(&self) -> String {
        let others = self
            .texts
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != self.body);
        let mut out = self.texts[self.body].parsed.plain_text();
        for (_, text) in others {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&text.parsed.plain_text());
        }
        out
    }

    /// The prose a reader reads in sentences: key takeaway, body, tips,
    /// the signs to get help for, do and don't, answers and bottom line.
    pub fn prose(&self) -> String {
        let parts = self
            .key_takeaway
            .iter()
            .chain([&self.body])
            .chain(&self.tips)
            .chain(self.help.iter().flat_map(|h| &h.signs))
            .chain(self.dos.iter().chain(&self.donts))
            .chain(self.questions.iter().map(|q| &q.answer))
            .chain(&self.bottom_line);
        parts
            .map(|&i| self.texts[i].parsed.prose_text() + "\n")
            .collect()
    }

    /// Reports every problem in the texts, and drops citations of unknown
    /// sources so that they get no number and no dangling link.
    pub fn check(&mut self, site: &Site<'_>, page: &Page<'_>, source: &PageSource) -> Checked {
        // Lines are counted only when a problem needs a position.
        let index = std::cell::LazyCell::new(|| LineIndex::new(&source.text));
        // Without the page's own sources (left out for a problem of
        // their own) no citation can be judged.
        let sources_known = !page.file.left_out.iter().any(|f| f == "sources");
        let mut diagnostics = Vec::new();
        let mut anchors = Vec::new();
        let mut checked = HashSet::new();
        for text in &mut self.texts {
            let locate = |offset: usize| locate(page, &index, text, offset);
            for item in text.parsed.citations.iter().flat_map(|c| &c.citation.items) {
                if sources_known && site.bibliography.lookup(page, &item.key).is_none() {
                    let location = locate(item.offset);
                    diagnostics.push(unknown_source(site, page, &item.key).at_location(location));
                }
            }
            for problem in &text.parsed.problems {
                let location = locate(problem.offset);
                diagnostics.push(text_problem(problem, location));
            }
            for ((url, fragment), offset) in &text.parsed.anchors {
                anchors.push((url.clone(), fragment.clone(), locate(*offset)));
            }
            checked.extend(text.parsed.checked_hrefs.iter().cloned());
            for found in &mut text.parsed.citations {
                found
                    .citation
                    .items
                    .retain(|item| site.bibliography.lookup(page, &item.key).is_some());
            }
        }
        diagnostics.extend(self.uncited_page_sources(page));
        diagnostics.extend(self.uncited_claims(page, &index));
        Checked {
            diagnostics,
            anchors,
            checked,
        }
    }

    fn cites(&self, index: usize) -> bool {
        self.texts[index]
            .parsed
            .citations
            .iter()
            .any(|c| !c.citation.items.is_empty())
    }

    /// Findings, benefits, safety tips and comparison rows are claims: each
    /// needs a source a reader can check.
    fn uncited_claims(&self, page: &Page<'_>, index: &LineIndex<'_>) -> Vec<Diagnostic> {
        let rows = self.comparison.iter().flat_map(|c| &c.rows);
        let claims = self
            .findings
            .iter()
            .map(|f| ("evidence finding", f.finding, vec![f.finding]))
            .chain(
                self.exercises
                    .iter()
                    .filter_map(|e| e.benefit.map(|b| ("exercise benefit", b, vec![b]))),
            )
            .chain(self.tips.iter().map(|&t| ("safety tip", t, vec![t])))
            .chain(rows.map(|(label, cells)| {
                (
                    "comparison row",
                    *label,
                    [*label].into_iter().chain(cells.iter().copied()).collect(),
                )
            }));
        claims
            .filter(|(_, _, parts)| !parts.iter().any(|&i| self.cites(i)))
            .map(|(what, at, _)| {
                let text = &self.texts[at];
                Diagnostic::warning("uncited-claim", format!("this {what} cites no source"))
                    .at_location(locate(page, index, text, 0))
                    .help("add a citation such as [@key] to the source that supports it")
            })
            .collect()
    }

    fn uncited_page_sources(&self, page: &Page<'_>) -> Vec<Diagnostic> {
        let cited: HashSet<&str> = self
            .texts
            .iter()
            .flat_map(|t| {
                t.parsed
                    .citations
                    .iter()
                    .flat_map(|c| c.citation.items.iter().map(|i| i.key.as_str()))
            })
            .collect();
        page.file
            .front
            .sources
            .keys()
            .filter(|key| !cited.contains(key.as_str()))
            .map(|key| {
                let at = page.file.key_location(&[Key("sources"), Key(key)]);
                Diagnostic::warning(
                    "uncited-source",
                    format!("the source `{key}` is defined on this page but never cited"),
                )
                .at_location(at)
                .help(format!(
                    "cite it with [@{key}] where it supports a claim, or remove it"
                ))
            })
            .collect()
    }
}

struct Builder<'a, 'l> {
    texts: Vec<Text<'a>>,
    links: &'l dyn Links,
}

impl<'a> Builder<'a, '_> {
    fn front(&mut self, section: Section, value: &'a str, path: &[Step<'static>]) -> usize {
        self.push(section, Origin::Front(value, FieldPath::new(path)), value)
    }

    /// Each item of the list at `path`.
    fn all(
        &mut self,
        section: Section,
        values: &'a [String],
        path: &[Step<'static>],
    ) -> Vec<usize> {
        let list = FieldPath::new(path);
        (values.iter().enumerate())
            .map(|(j, value)| {
                let item = list.then(Item(j));
                self.push(section, Origin::Front(value, item), value)
            })
            .collect()
    }

    fn push(&mut self, section: Section, origin: Origin<'a>, value: &'a str) -> usize {
        let parsed = markdown::parse(value, Mode::Inline, false, self.links, None);
        self.texts.push(Text {
            section,
            origin,
            parsed,
        });
        self.texts.len() - 1
    }
}

/// The file, line and column of byte `offset` of a text.
fn locate(page: &Page<'_>, index: &LineIndex<'_>, text: &Text<'_>, offset: usize) -> Location {
    match &text.origin {
        Origin::Body => {
            let (line, column) = index.line_col(page.file.body.start + offset);
            Location {
                file: page.file.path.clone(),
                line,
                column,
            }
        }
        Origin::Data(location) => location.clone(),
        Origin::Front(value, path) => page.file.value_location(path.steps(), value, offset),
    }
}

fn unknown_source(site: &Site<'_>, page: &Page<'_>, key: &str) -> Diagnostic {
    let page_keys = page.file.front.sources.keys().map(String::as_str);
    let known: Vec<&str> = page_keys
        .chain(site.bibliography.site.keys().copied())
        .collect();
    let diagnostic = Diagnostic::error("unknown-source", format!("no source is called `{key}`"));
    match crate::yaml::closest(key, &known) {
        Some(best) => diagnostic.help(format!("did you mean `{best}`?")),
        None => {
            diagnostic.help("add the source to content/sources.yaml, or to this page's `sources:`")
        }
    }
}

fn text_problem(problem: &TextProblem, location: Location) -> Diagnostic {
    let diagnostic = if problem.is_error {
        Diagnostic::error(problem.code, problem.message.clone())
    } else {
        Diagnostic::warning(problem.code, problem.message.clone())
    };
    diagnostic.at_location(location).help(problem.help.clone())
}
