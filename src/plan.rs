//! The plan builder: a page that turns a reader's answers into a weekly
//! exercise plan, from data an editor keeps in content.
//!
//! A page opts in with `plan: plan.yaml` in its front matter (a path
//! relative to the page's own file). [`load`] reads and validates that file
//! ([`PlanData`], checked in `plan/validate.rs`); the render stage then asks
//! the [`Plan`] for its inline-Markdown texts ([`Plan::texts`]) so that their
//! citations are checked and numbered like any other text of the page, and
//! hands the rendered HTML back to [`Plan::context`], which gives the
//! template everything it shows: the form, the targets and rules behind the
//! plan, the activities, and the plan for the default answers.
//!
//! The planning itself is one small algorithm written twice: in Rust
//! (`plan/planner.rs`), for the default week a reader without JavaScript
//! sees, and in `static/plan.js`, for the reader's own answers. Both follow
//! the specification in `docs/plan-builder.md`, and the browser tests run
//! both on the same answers and require identical plans.

mod locate;
mod planner;
mod validate;
mod view;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize};

use crate::diagnostic::{Diagnostic, Location};
use crate::resolve::{Page, Site};
use crate::yaml::Block;

pub use planner::{week, Answers, Counts, Day, Gap, Item, Reason, Week};

/// The top-level fields of a plan data file.
pub const FIELDS: &[&str] = &[
    "questions",
    "categories",
    "equipment",
    "activities",
    "targets",
    "rules",
];

/// Everything the plan builder knows, as the editor wrote it.
///
/// Serialised (without the Markdown texts, which reach the page as HTML)
/// it is the data the script plans with.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanData {
    pub questions: Vec<Question>,
    pub categories: Vec<Category>,
    #[serde(default)]
    pub equipment: Vec<Equipment>,
    pub activities: Vec<Activity>,
    /// In planning order: earlier targets get the reader's time first.
    pub targets: Vec<Target>,
    #[serde(default)]
    pub rules: Vec<Rule>,
}

/// A question with one answer to choose.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    #[serde(deserialize_with = "name")]
    pub id: String,
    #[serde(skip_serializing)]
    pub label: String,
    #[serde(default, skip_serializing)]
    pub help: Option<String>,
    /// The answer the plan assumes until the reader answers (never shown as
    /// chosen): the cautious one. The first if not given; always set once
    /// the data is loaded.
    #[serde(default, deserialize_with = "optional_name")]
    pub default: Option<String>,
    pub answers: Vec<Answer>,
}

/// One answer; it may tell the planner how much time and what equipment
/// the reader has.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    #[serde(deserialize_with = "name")]
    pub id: String,
    #[serde(skip_serializing)]
    pub label: String,
    /// Days a week the reader can exercise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// Minutes the reader has on each of those days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    /// Equipment the reader has (ids from `equipment`).
    #[serde(default)]
    pub equipment: Vec<String>,
}

/// A group of activities, such as balance or strength.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    #[serde(deserialize_with = "name")]
    pub id: String,
    pub name: String,
}

/// Something an activity may need, such as hand weights.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Equipment {
    #[serde(deserialize_with = "name")]
    pub id: String,
    pub name: String,
}

/// How hard an activity lands on the bones, in increasing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    None,
    Low,
    Moderate,
    High,
}

impl Impact {
    pub const ALL: [Impact; 4] = [Impact::None, Impact::Low, Impact::Moderate, Impact::High];

    pub fn name(self) -> &'static str {
        match self {
            Impact::None => "none",
            Impact::Low => "low",
            Impact::Moderate => "moderate",
            Impact::High => "high",
        }
    }
}

/// Conditions on answers: question id → the answers that meet it. All
/// questions named must be met; an empty map is always met.
pub type Conditions = BTreeMap<String, Vec<String>>;

/// One exercise a plan can contain.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    #[serde(deserialize_with = "name")]
    pub id: String,
    pub name: String,
    pub category: String,
    pub impact: Impact,
    /// How long one full session of it takes.
    pub minutes: u32,
    /// The least a session may be shortened to when a day has less time,
    /// e.g. a 10-minute walk; sessions are never shortened without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortest: Option<u32>,
    #[serde(default, skip_serializing)]
    pub sets: Option<u32>,
    #[serde(default, deserialize_with = "optional_name", skip_serializing)]
    pub reps: Option<String>,
    /// The dose for readers a rule starts gently: `build_up` says how to
    /// get from it to the full dose.
    #[serde(default, skip_serializing)]
    pub start: Option<Start>,
    #[serde(default)]
    pub equipment: Vec<String>,
    /// Readers whose answers meet these conditions never get it.
    #[serde(default, deserialize_with = "conditions")]
    pub avoid_if: Conditions,
    /// Only ever planned, and shown, as done under supervision.
    #[serde(default)]
    pub supervised_only: bool,
    /// Bends the spine forward forcefully or under load.
    #[serde(default)]
    pub spinal_flexion: bool,
    #[serde(skip_serializing)]
    pub how_to: String,
    /// One plain line of how-to, for the week and the printed handout.
    pub cue: String,
    #[serde(default, skip_serializing)]
    pub why: Option<String>,
    /// How to build up from `start` to the full dose, with its source.
    #[serde(default, skip_serializing)]
    pub build_up: Option<String>,
    /// "2 sets of 8 to 12", from `sets` and `reps`: the script words a
    /// session's dose from it and the session's minutes.
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    /// The starting dose in words, when there is one.
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub start_dose: Option<String>,
}

/// A starting dose: what differs from the full one.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Start {
    #[serde(default)]
    pub minutes: Option<u32>,
    #[serde(default)]
    pub sets: Option<u32>,
    #[serde(default, deserialize_with = "optional_name")]
    pub reps: Option<String>,
}

/// How much of a category a week should have: days with a session of it,
/// or minutes in all (exactly one of the two).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub category: String,
    /// Days a week with a session of the category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sessions: Option<u32>,
    /// Minutes a week of the category, at most one session a day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekly_minutes: Option<u32>,
    /// Never on two days in a row (Sunday and Monday count as in a row).
    #[serde(default)]
    pub not_consecutive: bool,
    #[serde(skip_serializing)]
    pub why: String,
}

/// A safety rule: what changes for readers whose answers meet `when`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    #[serde(deserialize_with = "name")]
    pub id: String,
    #[serde(skip_serializing)]
    pub title: String,
    #[serde(default, deserialize_with = "conditions")]
    pub when: Conditions,
    /// No activity with more impact than this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_impact: Option<Impact>,
    /// No activity with `spinal_flexion`.
    #[serde(default)]
    pub no_spinal_flexion: bool,
    /// Categories left out of the plan altogether.
    #[serde(default)]
    pub skip: Vec<String>,
    /// Activities needing any of this equipment are done only supervised.
    #[serde(default)]
    pub supervise: Vec<String>,
    /// Activities start at their `start` dose and build up.
    #[serde(default)]
    pub start_gently: bool,
    /// A prompt to talk to a professional first.
    #[serde(default, skip_serializing)]
    pub advice: Option<String>,
    #[serde(skip_serializing)]
    pub text: String,
}

impl Target {
    /// What the target counts, and how many of it a week.
    pub fn aim(&self) -> (Counts, u32) {
        match self.weekly_minutes {
            Some(minutes) => (Counts::Minutes, minutes),
            None => (Counts::Days, self.sessions.unwrap_or(0)),
        }
    }
}

impl Activity {
    /// The least minutes a session of it may take.
    pub fn shortest(&self) -> u32 {
        self.shortest.unwrap_or(self.minutes).min(self.minutes)
    }
}

impl PlanData {
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn activity(&self, id: &str) -> Option<&Activity> {
        self.activities.iter().find(|a| a.id == id)
    }

    /// Every question's default answer.
    pub fn default_answers(&self) -> Answers {
        self.questions
            .iter()
            .filter_map(|q| Some((q.id.clone(), q.default.clone()?)))
            .collect()
    }

    /// Fills in what the editor may leave out: default answers and doses.
    fn complete(&mut self) {
        for question in &mut self.questions {
            if question.default.is_none() {
                question.default = question.answers.first().map(|a| a.id.clone());
            }
        }
        for activity in &mut self.activities {
            activity.amount = view::amount(activity.sets, activity.reps.as_deref());
            activity.start_dose = activity.start.as_ref().map(|start| {
                let sets = start.sets.or(activity.sets);
                let reps = start.reps.as_deref().or(activity.reps.as_deref());
                view::dose(
                    view::amount(sets, reps).as_deref(),
                    start.minutes.unwrap_or(activity.minutes),
                )
            });
        }
    }
}

/// Parses and validates plan data; `file` is the site-relative path the
/// diagnostics name. Gives the data with any warnings, or every problem.
pub fn parse(text: &str, file: &Path) -> Result<(PlanData, Vec<Diagnostic>), Vec<Diagnostic>> {
    let block = Block::file(text, file);
    let mut data = block.parse::<PlanData>(FIELDS)?;
    let problems = validate::check(&data, &block);
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    data.complete();
    Ok((data, problems))
}

/// A page's plan data, loaded and valid.
pub struct Plan {
    /// Site-relative path of the data file.
    pub path: PathBuf,
    text: String,
    pub data: PlanData,
    /// Warnings met while loading, for the build to report.
    pub warnings: Vec<Diagnostic>,
}

/// Loads the data file named by `file` (the page's `plan:` value).
pub fn load(site: &Site<'_>, page: &Page<'_>, file: &str) -> Result<Plan, Vec<Diagnostic>> {
    let at_field = || {
        let line = page
            .file
            .yaml_block()
            .top_level_key_line("plan")
            .unwrap_or(1);
        Location {
            file: page.file.path.clone(),
            line,
            column: 1,
        }
    };
    let path = data_path(&page.file.path, file).ok_or_else(|| {
        vec![Diagnostic::error(
            "plan-path",
            format!("`{file}` is not a path inside the page's folder"),
        )
        .at_location(at_field())
        .help("give the data file's path relative to this page, e.g. `plan.yaml`, without `..`")]
    })?;
    let text = crate::load::read_text(&site.loaded.root, &path).map_err(|problem| {
        vec![problem
            .at_location(at_field())
            .help(format!("create {} or fix the `plan:` path", path.display()))]
    })?;
    let (data, warnings) = parse(&text, &path)?;
    Ok(Plan {
        path,
        text,
        data,
        warnings,
    })
}

/// The data file's site-relative path, if it stays inside the page's folder.
fn data_path(page: &Path, file: &str) -> Option<PathBuf> {
    let relative = Path::new(file);
    let plain = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    (plain && !file.is_empty()).then(|| page.parent().unwrap_or(Path::new("")).join(relative))
}

/// Which text of the data a rendered piece of HTML belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextOf {
    TargetWhy(usize),
    RuleText(usize),
    RuleAdvice(usize),
    ActivityHowTo(usize),
    ActivityWhy(usize),
    ActivityBuildUp(usize),
}

impl Plan {
    /// Every inline-Markdown text of the data, in the order the page shows
    /// them, each with its place in the data file.
    pub fn texts(&self) -> Vec<(&str, Location)> {
        self.keyed_texts()
            .into_iter()
            .map(|(_, text, location)| (text, location))
            .collect()
    }

    fn keyed_texts(&self) -> Vec<(TextOf, &str, Location)> {
        let at = locate::Locator::new(Block::file(&self.text, &self.path));
        let data = &self.data;
        let mut texts = Vec::new();
        for (i, t) in data.targets.iter().enumerate() {
            let entry = at.entry("targets", "category", &t.category, 0);
            texts.push((TextOf::TargetWhy(i), t.why.as_str(), at.field(entry, "why")));
        }
        for (i, r) in data.rules.iter().enumerate() {
            let entry = at.entry("rules", "id", &r.id, 0);
            texts.push((
                TextOf::RuleText(i),
                r.text.as_str(),
                at.field(entry, "text"),
            ));
            if let Some(advice) = &r.advice {
                texts.push((TextOf::RuleAdvice(i), advice, at.field(entry, "advice")));
            }
        }
        for (i, a) in data.activities.iter().enumerate() {
            let entry = at.entry("activities", "id", &a.id, 0);
            texts.push((
                TextOf::ActivityHowTo(i),
                &a.how_to,
                at.field(entry, "how_to"),
            ));
            if let Some(why) = &a.why {
                texts.push((TextOf::ActivityWhy(i), why, at.field(entry, "why")));
            }
            if let Some(build_up) = &a.build_up {
                texts.push((
                    TextOf::ActivityBuildUp(i),
                    build_up,
                    at.field(entry, "build_up"),
                ));
            }
        }
        texts
    }

    /// The template's `plan`: `html` is the rendered HTML of each text of
    /// [`Plan::texts`], in the same order.
    pub fn context(&self, html: &[String]) -> serde_json::Value {
        let mut rendered = view::Rendered::new(&self.data);
        for ((key, _, _), html) in self.keyed_texts().iter().zip(html) {
            rendered.set(*key, html);
        }
        view::context(&self.data, &rendered, &self.client_json())
    }

    /// The data for the script, safe to place inside a `<script>` element.
    pub fn client_json(&self) -> String {
        #[derive(Serialize)]
        struct Client<'a> {
            #[serde(flatten)]
            data: &'a PlanData,
            impact_levels: [Impact; 4],
            days: [&'a str; 7],
            messages: BTreeMap<&'a str, &'a str>,
        }
        let client = Client {
            data: &self.data,
            impact_levels: Impact::ALL,
            days: view::DAYS,
            messages: view::MESSAGES.iter().copied().collect(),
        };
        script_safe(&serde_json::to_string(&client).unwrap_or_default())
    }
}

/// Escapes JSON so that no string in it can end the `<script>` element it
/// sits in (`</script>`), open a comment (`<!--`), or break older parsers
/// (U+2028 and U+2029). The escapes are still the same JSON.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Ids may be written as numbers (`id: 3`); they are names all the same.
#[derive(Deserialize)]
#[serde(untagged)]
enum Raw {
    Text(String),
    Number(i64),
}

impl From<Raw> for String {
    fn from(raw: Raw) -> String {
        match raw {
            Raw::Text(text) => text,
            Raw::Number(n) => n.to_string(),
        }
    }
}

fn name<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Raw::deserialize(d).map(String::from)
}

fn optional_name<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<Raw>::deserialize(d)?.map(String::from))
}

fn conditions<'de, D: Deserializer<'de>>(d: D) -> Result<Conditions, D::Error> {
    let raw = BTreeMap::<String, Vec<Raw>>::deserialize(d)?;
    Ok(raw
        .into_iter()
        .map(|(question, answers)| (question, answers.into_iter().map(String::from).collect()))
        .collect())
}

#[cfg(test)]
mod tests;
