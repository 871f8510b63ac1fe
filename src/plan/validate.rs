//! Checks of plan data beyond its shape: every name it refers to exists,
//! ids are unique and usable in addresses, every target can be met and is
//! cited, every rule is cited. All problems are reported, each where it is
//! written, with a way to fix it.
//!
//! Unknown source keys are not checked here: the render stage checks the
//! citations of plan texts like those of any other text of the page.

use std::collections::HashSet;

use super::locate::Locator;
use super::{Conditions, PlanData, Question};
use crate::diagnostic::{Diagnostic, Location};
use crate::markdown::{self, Links, Mode, Rewritten};
use crate::yaml::{closest, Block};

/// Every problem of `data`, written in `block`.
pub fn check(data: &PlanData, block: &Block<'_>) -> Vec<Diagnostic> {
    let mut checker = Checker {
        data,
        at: Locator::new(*block),
        problems: Vec::new(),
    };
    checker.ids();
    checker.questions();
    checker.activities();
    checker.targets();
    checker.rules();
    checker.problems
}

struct Checker<'d> {
    data: &'d PlanData,
    at: Locator<'d>,
    problems: Vec<Diagnostic>,
}

impl<'d> Checker<'d> {
    fn error(&mut self, code: &'static str, message: String, at: Location, help: String) {
        self.problems
            .push(Diagnostic::error(code, message).at_location(at).help(help));
    }

    /// Ids are unique in their list and safe in addresses and HTML ids.
    fn ids(&mut self) {
        let data = self.data;
        let lists: [(&str, &str, Vec<&str>); 5] = [
            ("questions", "question", ids(&data.questions, |q| &q.id)),
            ("categories", "category", ids(&data.categories, |c| &c.id)),
            ("equipment", "equipment", ids(&data.equipment, |e| &e.id)),
            ("activities", "activity", ids(&data.activities, |a| &a.id)),
            ("rules", "rule", ids(&data.rules, |r| &r.id)),
        ];
        for (list, what, names) in lists {
            self.unique(&names, what, |at, id, nth| at.entry_at(list, "id", id, nth));
        }
        for question in &data.questions {
            let entry = self.at.entry("questions", "id", &question.id, 0);
            let names = ids(&question.answers, |a| &a.id);
            self.unique(&names, "answer", |at, id, nth| {
                at.find(at.below("questions", entry, "id", id, nth), id)
            });
        }
        let categories = ids(&data.targets, |t| &t.category);
        self.unique(&categories, "target", |at, category, nth| {
            at.entry_at("targets", "category", category, nth)
        });
    }

    /// Reports every repeat of a name, and names unfit to be ids.
    fn unique(
        &mut self,
        names: &[&str],
        what: &str,
        locate: impl Fn(&Locator<'d>, &str, usize) -> Location,
    ) {
        for (i, name) in names.iter().enumerate() {
            let earlier = names[..i].iter().filter(|n| *n == name).count();
            if earlier > 0 {
                let at = locate(&self.at, name, earlier);
                self.error(
                    "plan-duplicate",
                    format!("two {what} entries are called `{name}`"),
                    at,
                    "give each one its own name, or remove one".into(),
                );
            } else if !is_usable_id(name) {
                let at = locate(&self.at, name, 0);
                self.error(
                    "plan-bad-id",
                    format!("`{name}` cannot be an id"),
                    at,
                    "use only letters, digits, `-` and `_`: ids appear in links to plans".into(),
                );
            }
        }
    }

    fn questions(&mut self) {
        for question in &self.data.questions {
            let entry = self.at.entry("questions", "id", &question.id, 0);
            if question.answers.is_empty() {
                let at = self.at.field(entry, "answers");
                self.error(
                    "plan-no-answers",
                    format!("the question `{}` has no answers", question.id),
                    at,
                    "list the answers a reader can choose under `answers:`".into(),
                );
            }
            if let Some(default) = &question.default {
                let known = ids(&question.answers, |a| &a.id);
                let at = self.at.find(self.at.field(entry, "default").line, default);
                self.known("answer", default, &known, at, "plan-unknown-answer");
            }
            for answer in &question.answers {
                let line = self.at.below("questions", entry, "id", &answer.id, 0);
                self.equipment(&answer.equipment, line);
            }
        }
        self.budget("days", |a| a.days, 7);
        self.budget("minutes", |a| a.minutes, u32::MAX);
    }

    /// Exactly one question tells the planner the reader's `field` (days a
    /// week, or minutes a day), on every one of its answers.
    fn budget(&mut self, field: &str, value: fn(&super::Answer) -> Option<u32>, most: u32) {
        let setting: Vec<&Question> = (self.data.questions.iter())
            .filter(|q| q.answers.iter().any(|a| value(a).is_some()))
            .collect();
        let Some((first, others)) = setting.split_first() else {
            let at = self.at.top_level("questions");
            return self.error(
                "plan-no-budget",
                format!("no question tells the planner the reader's `{field}`"),
                at,
                format!("give every answer of one question a `{field}:` value"),
            );
        };
        for other in others {
            let at = self.at.entry_at("questions", "id", &other.id, 0);
            self.error(
                "plan-no-budget",
                format!(
                    "two questions set `{field}`: `{}` and `{}`",
                    first.id, other.id
                ),
                at,
                format!("keep `{field}:` on the answers of one question only"),
            );
        }
        let entry = self.at.entry("questions", "id", &first.id, 0);
        for answer in &first.answers {
            let line = self.at.below("questions", entry, "id", &answer.id, 0);
            match value(answer) {
                Some(n) if (1..=most).contains(&n) => {}
                Some(n) => {
                    let at = self.at.field(line, field);
                    self.error(
                        "plan-bad-number",
                        format!("`{field}: {n}` is out of range"),
                        at,
                        format!("use a whole number from 1 to {most}"),
                    );
                }
                None => {
                    let at = self.at.find(line, &answer.id);
                    self.error(
                        "plan-no-budget",
                        format!("the answer `{}` does not set `{field}`", answer.id),
                        at,
                        format!("every answer of `{}` needs a `{field}:` value", first.id),
                    );
                }
            }
        }
    }

    fn activities(&mut self) {
        for activity in &self.data.activities {
            let entry = self.at.entry("activities", "id", &activity.id, 0);
            self.category(&activity.category, entry);
            self.equipment(&activity.equipment, entry);
            self.conditions(&activity.avoid_if, entry);
            if activity.minutes == 0 {
                let at = self.at.field(entry, "minutes");
                self.error(
                    "plan-bad-number",
                    "an activity cannot take 0 minutes".into(),
                    at,
                    "say how many minutes one session of it takes".into(),
                );
            }
            if let Some(shortest) = activity.shortest {
                if shortest == 0 || shortest > activity.minutes {
                    let at = self.at.field(entry, "shortest");
                    self.error(
                        "plan-bad-number",
                        format!(
                            "`shortest: {shortest}` is not between 1 and the activity's {} minutes",
                            activity.minutes
                        ),
                        at,
                        "give the fewest minutes a session may be cut to, e.g. `shortest: 10`"
                            .into(),
                    );
                }
            }
            self.start(activity, entry);
        }
    }

    /// A starting dose comes with its way to build up, which cites its
    /// source, and is no bigger than the full dose.
    fn start(&mut self, activity: &super::Activity, entry: usize) {
        match (&activity.start, &activity.build_up) {
            (Some(_), None) => {
                let at = self.at.field(entry, "start");
                self.error(
                    "missing-field",
                    "a starting dose needs `build_up`".into(),
                    at,
                    "add `build_up:`, saying how to get from the start to the full dose, with its source".into(),
                );
            }
            (None, Some(_)) => {
                let at = self.at.field(entry, "build_up");
                self.error(
                    "missing-field",
                    "`build_up` needs a starting dose".into(),
                    at,
                    "add `start:` with the `sets`, `reps` or `minutes` to begin with".into(),
                );
            }
            (Some(start), Some(build_up)) => {
                let bigger = start
                    .minutes
                    .is_some_and(|m| m == 0 || m > activity.minutes)
                    || start
                        .sets
                        .zip(activity.sets)
                        .is_some_and(|(s, full)| s > full);
                if bigger {
                    let at = self.at.field(entry, "start");
                    self.error(
                        "plan-bad-number",
                        "the starting dose is bigger than the full one".into(),
                        at,
                        "start with fewer sets or minutes than the full dose, and more than none"
                            .into(),
                    );
                }
                self.cited(
                    build_up,
                    self.at.field(entry, "build_up"),
                    "activity's `build_up`",
                );
            }
            (None, None) => {}
        }
    }

    fn targets(&mut self) {
        let longest_day = (self.data.questions.iter())
            .flat_map(|q| q.answers.iter().filter_map(|a| a.minutes))
            .max()
            .unwrap_or(0);
        for (nth, target) in self.data.targets.iter().enumerate() {
            let earlier = (self.data.targets[..nth].iter())
                .filter(|t| t.category == target.category)
                .count();
            let entry = self
                .at
                .entry("targets", "category", &target.category, earlier);
            if !self.category(&target.category, entry) {
                continue;
            }
            self.aim(target, entry);
            let meets = self.data.activities.iter().any(|a| {
                a.category == target.category
                    && a.equipment.is_empty()
                    && !a.supervised_only
                    && a.shortest() <= longest_day
            });
            if !meets {
                let help = format!("add a `{}` activity that needs no equipment or supervision and takes at most {longest_day} minutes (or may be shortened to that)", target.category);
                let at = self.at.find(entry, &target.category);
                self.error(
                    "plan-unmeetable-target",
                    format!("no activity can meet the target for `{}`", target.category),
                    at,
                    help,
                );
            }
            self.cited(&target.why, self.at.field(entry, "why"), "target's `why`");
        }
        self.unplanned();
    }

    /// A target counts either days (`sessions`, 1 to 7) or minutes a week.
    fn aim(&mut self, target: &super::Target, entry: usize) {
        match (target.sessions, target.weekly_minutes) {
            (Some(sessions), None) if !(1..=7).contains(&sessions) => {
                let at = self.at.field(entry, "sessions");
                self.error(
                    "plan-bad-number",
                    format!("`sessions: {sessions}` is out of range"),
                    at,
                    "a week has 7 days: use a whole number from 1 to 7".into(),
                );
            }
            (None, Some(0)) => {
                let at = self.at.field(entry, "weekly_minutes");
                self.error(
                    "plan-bad-number",
                    "`weekly_minutes: 0` asks for nothing".into(),
                    at,
                    "give the minutes a week the sources advise, e.g. `weekly_minutes: 150`".into(),
                );
            }
            (Some(_), None) | (None, Some(_)) => {}
            (both, _) => {
                let at = self.at.find(entry, &target.category);
                let message = if both.is_some() {
                    "this target gives both `sessions` and `weekly_minutes`"
                } else {
                    "this target gives neither `sessions` nor `weekly_minutes`"
                };
                self.error(
                    "plan-bad-target",
                    message.into(),
                    at,
                    "give `sessions:` (days a week) or `weekly_minutes:` (minutes a week), not both".into(),
                );
            }
        }
    }

    /// Activities of a category without a target never appear in a plan.
    fn unplanned(&mut self) {
        let planned: HashSet<&str> = self.data.targets.iter().map(|t| &*t.category).collect();
        for activity in &self.data.activities {
            let known = self.data.category(&activity.category).is_some();
            if known && !planned.contains(activity.category.as_str()) {
                let at = self.at.entry_at("activities", "id", &activity.id, 0);
                self.problems.push(
                    Diagnostic::warning(
                        "plan-unplanned-activity",
                        format!(
                            "`{}` is never planned: its category has no target",
                            activity.id
                        ),
                    )
                    .at_location(at)
                    .help(format!(
                        "add a target for `{}`, or remove the activity",
                        activity.category
                    )),
                );
            }
        }
    }

    fn rules(&mut self) {
        for rule in &self.data.rules {
            let entry = self.at.entry("rules", "id", &rule.id, 0);
            self.conditions(&rule.when, entry);
            for category in &rule.skip {
                self.category(category, entry);
            }
            self.equipment(&rule.supervise, entry);
            self.cited(&rule.text, self.at.field(entry, "text"), "rule's `text`");
        }
    }

    /// Whether `name` is a category; reports it if not.
    fn category(&mut self, name: &str, entry: usize) -> bool {
        let known = ids(&self.data.categories, |c| &c.id);
        let at = self.at.find(entry, name);
        self.known("category", name, &known, at, "plan-unknown-category")
    }

    fn equipment(&mut self, names: &[String], entry: usize) {
        let known = ids(&self.data.equipment, |e| &e.id);
        for name in names {
            let at = self.at.find(entry, name);
            self.known("equipment", name, &known, at, "plan-unknown-equipment");
        }
    }

    /// Conditions name questions and answers that exist.
    fn conditions(&mut self, conditions: &Conditions, entry: usize) {
        let questions = ids(&self.data.questions, |q| &q.id);
        for (name, answers) in conditions {
            let at = self.at.field(entry, name);
            if !self.known(
                "question",
                name,
                &questions,
                at.clone(),
                "plan-unknown-question",
            ) {
                continue;
            }
            let Some(question) = self.data.questions.iter().find(|q| &q.id == name) else {
                continue;
            };
            let known = ids(&question.answers, |a| &a.id);
            for answer in answers {
                let at = self.at.find(at.line, answer);
                self.known("answer", answer, &known, at, "plan-unknown-answer");
            }
        }
    }

    /// Whether `name` is among `known`; reports it with a suggestion if not.
    fn known(
        &mut self,
        what: &str,
        name: &str,
        known: &[&str],
        at: Location,
        code: &'static str,
    ) -> bool {
        if known.contains(&name) {
            return true;
        }
        let help = match closest(name, known) {
            Some(best) => format!("did you mean `{best}`?"),
            None if known.is_empty() => format!("there is no {what} to refer to yet"),
            None => format!("it must be one of: {}", known.join(", ")),
        };
        self.error(code, format!("no {what} is called `{name}`"), at, help);
        false
    }

    /// Targets and rules are recommendations: each must cite its source.
    fn cited(&mut self, text: &str, at: Location, what: &str) {
        let parsed = markdown::parse(text, Mode::Inline, false, &AsWritten, None);
        if parsed.citations.is_empty() {
            self.error(
                "plan-uncited",
                format!("this {what} cites no source"),
                at,
                "end it with the source it comes from, e.g. `... twice a week. [@brookewavell2022]`"
                    .into(),
            );
        }
    }
}

/// Only citations matter here; links are checked when the page renders.
struct AsWritten;

impl Links for AsWritten {
    fn rewrite(&self, _dest: &str) -> Result<Option<Rewritten>, String> {
        Ok(None)
    }
}

fn ids<T>(items: &[T], id: impl Fn(&T) -> &String) -> Vec<&str> {
    items.iter().map(|item| id(item).as_str()).collect()
}

/// Letters, digits, `-` and `_`: safe in URL fragments and HTML ids.
fn is_usable_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
