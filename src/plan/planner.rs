//! Planning: answers and data in, a week out. A pure, deterministic
//! function with no knowledge of its own about exercise: every amount and
//! limit comes from the data.
//!
//! `static/plan.js` implements the same steps for the reader's own
//! answers; `docs/plan-builder.md` ("How a plan is made") is the
//! specification both follow, and the browser tests require both to give
//! the same week for the same answers. Change all three together.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Activity, Answer, Conditions, Impact, PlanData, Target};

/// The reader's answers: question id → answer id. Missing or unknown
/// answers count as the question's default, the cautious answer.
pub type Answers = BTreeMap<String, String>;

/// A plan for one week, Monday first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Week {
    pub days: Vec<Day>,
    /// Minutes the reader has on each of their days.
    pub minutes: u32,
    /// Targets the plan does not meet, in target order.
    pub gaps: Vec<Gap>,
    /// Ids of the rules that apply to the answers, in data order.
    pub rules: Vec<String>,
    /// Whether a rule that applies starts the reader gently.
    pub start_gently: bool,
    /// Ids of the questions not answered (or answered with an unknown
    /// answer), whose default the plan assumed, in data order.
    pub assumed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Day {
    /// One of the days the reader has for exercise.
    pub available: bool,
    /// Minutes planned; never more than the reader has.
    pub minutes: u32,
    pub items: Vec<Item>,
}

/// One activity on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub activity: String,
    pub category: String,
    /// The activity's full minutes, or fewer when the day has less time
    /// and the activity may be shortened.
    pub minutes: u32,
    pub supervised: bool,
}

/// A target the plan does not meet, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    pub category: String,
    /// What the target counts: days with a session, or minutes.
    pub counts: Counts,
    /// How many days (or minutes) the plan has, out of `wanted`.
    pub planned: u32,
    pub wanted: u32,
    pub reason: Reason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Counts {
    Days,
    Minutes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Reason {
    /// A rule that applies leaves the category out.
    Skipped,
    /// No activity of the category suits the answers.
    Unsuitable,
    /// Every one of the reader's days that could take a session has one.
    Days,
    /// Days remain that could take a session, but none has the minutes.
    Time,
}

/// What the answers allow, gathered from the chosen answers and the rules
/// that apply.
struct Limits<'d> {
    chosen: BTreeMap<&'d str, &'d Answer>,
    days: u32,
    minutes: u32,
    equipment: BTreeSet<&'d str>,
    max_impact: Impact,
    no_spinal_flexion: bool,
    skip: BTreeSet<&'d str>,
    supervise: BTreeSet<&'d str>,
    start_gently: bool,
}

/// The week for `answers`: see "How a plan is made" in docs/plan-builder.md.
pub fn week(data: &PlanData, answers: &Answers) -> Week {
    let limits = Limits::new(data, answers);
    let mut days = empty_week(limits.days);
    let mut gaps = Vec::new();
    for target in &data.targets {
        let (counts, wanted) = target.aim();
        let gap = |planned, reason| Gap {
            category: target.category.clone(),
            counts,
            planned,
            wanted,
            reason,
        };
        if limits.skip.contains(target.category.as_str()) {
            gaps.push(gap(0, Reason::Skipped));
            continue;
        }
        let pool: Vec<&Activity> = (data.activities.iter())
            .filter(|a| a.category == target.category && limits.allows(a))
            .collect();
        if pool.is_empty() {
            gaps.push(gap(0, Reason::Unsuitable));
            continue;
        }
        let (planned, stopped) = place(&mut days, target, &pool, &limits);
        if planned < wanted {
            gaps.push(gap(planned, stopped));
        }
    }
    let rules = (data.rules.iter())
        .filter(|r| limits.meets(&r.when))
        .map(|r| r.id.clone())
        .collect();
    let assumed = (data.questions.iter())
        .filter(|q| {
            let answer = answers.get(&q.id);
            !answer.is_some_and(|id| q.answers.iter().any(|a| &a.id == id))
        })
        .map(|q| q.id.clone())
        .collect();
    Week {
        days,
        minutes: limits.minutes,
        gaps,
        rules,
        start_gently: limits.start_gently,
        assumed,
    }
}

impl<'d> Limits<'d> {
    fn new(data: &'d PlanData, answers: &Answers) -> Limits<'d> {
        let chosen: BTreeMap<&str, &Answer> = (data.questions.iter())
            .filter_map(|q| {
                let with_id = |id: Option<&String>| q.answers.iter().find(|a| Some(&a.id) == id);
                let answer = with_id(answers.get(&q.id))
                    .or_else(|| with_id(q.default.as_ref()))
                    .or(q.answers.first())?;
                Some((q.id.as_str(), answer))
            })
            .collect();
        let mut limits = Limits {
            days: chosen.values().find_map(|a| a.days).unwrap_or(0).min(7),
            minutes: chosen.values().find_map(|a| a.minutes).unwrap_or(0),
            equipment: (chosen.values())
                .flat_map(|a| a.equipment.iter().map(String::as_str))
                .collect(),
            chosen,
            max_impact: Impact::High,
            no_spinal_flexion: false,
            skip: BTreeSet::new(),
            supervise: BTreeSet::new(),
            start_gently: false,
        };
        let applying: Vec<_> = (data.rules.iter())
            .filter(|r| limits.meets(&r.when))
            .collect();
        for rule in applying {
            limits.max_impact = limits
                .max_impact
                .min(rule.max_impact.unwrap_or(Impact::High));
            limits.no_spinal_flexion |= rule.no_spinal_flexion;
            limits.skip.extend(rule.skip.iter().map(String::as_str));
            limits
                .supervise
                .extend(rule.supervise.iter().map(String::as_str));
            limits.start_gently |= rule.start_gently;
        }
        limits
    }

    /// Whether the chosen answers meet every condition.
    fn meets(&self, conditions: &Conditions) -> bool {
        conditions.iter().all(|(question, answers)| {
            (self.chosen.get(question.as_str())).is_some_and(|a| answers.contains(&a.id))
        })
    }

    fn allows(&self, activity: &Activity) -> bool {
        let avoided = !activity.avoid_if.is_empty() && self.meets(&activity.avoid_if);
        activity.impact <= self.max_impact
            && !(self.no_spinal_flexion && activity.spinal_flexion)
            && (activity.equipment.iter()).all(|e| self.equipment.contains(e.as_str()))
            && !avoided
    }

    fn supervised(&self, activity: &Activity) -> bool {
        activity.supervised_only
            || (activity.equipment.iter()).any(|e| self.supervise.contains(e.as_str()))
    }
}

/// Seven days, with the reader's days spread evenly from Monday.
fn empty_week(days: u32) -> Vec<Day> {
    let available: BTreeSet<u32> = (0..days).map(|i| i * 7 / days).collect();
    (0..7)
        .map(|d| Day {
            available: available.contains(&d),
            minutes: 0,
            items: Vec::new(),
        })
        .collect()
}

/// Places sessions of `target` from `pool` until it is met, at most one a
/// day, each on the open day with the most time left (the earliest of
/// equals), with the first activity of the pool that fits there: the
/// editor lists a category's activities hardest first, so a reader always
/// gets the hardest that suits them, never a step back on some days.
/// A session lasts the activity's minutes, or less when the day has less
/// time (down to its `shortest`) or a weekly-minutes target needs less.
/// Returns what was planned (days or minutes) and, if the target is not
/// met, why placing stopped.
fn place(
    days: &mut [Day],
    target: &Target,
    pool: &[&Activity],
    limits: &Limits<'_>,
) -> (u32, Reason) {
    let (counts, wanted) = target.aim();
    let has = |days: &[Day], d: usize| days[d].items.iter().any(|i| i.category == target.category);
    let mut planned = 0;
    // Whether a session was cut short for lack of time: then time, not
    // days, is what stops a weekly-minutes target.
    let mut cut = false;
    while planned < wanted {
        let free = |d: usize| limits.minutes.saturating_sub(days[d].minutes);
        let open: Vec<usize> = (0..7)
            .filter(|&d| {
                days[d].available
                    && !has(days, d)
                    && !(target.not_consecutive
                        && (has(days, (d + 1) % 7) || has(days, (d + 6) % 7)))
            })
            .collect();
        if open.is_empty() {
            return (planned, if cut { Reason::Time } else { Reason::Days });
        }
        let Some((day, activity)) = (open.iter())
            .filter_map(|&d| Some((d, *pool.iter().find(|a| a.shortest() <= free(d))?)))
            .max_by_key(|&(d, _)| (free(d), Reverse(d)))
        else {
            return (planned, Reason::Time);
        };
        let mut minutes = activity.minutes.min(free(day));
        cut |= minutes < activity.minutes;
        if counts == Counts::Minutes {
            minutes = minutes.min((wanted - planned).max(activity.shortest()));
        }
        days[day].minutes += minutes;
        days[day].items.push(Item {
            activity: activity.id.clone(),
            category: target.category.clone(),
            minutes,
            supervised: limits.supervised(activity),
        });
        planned += match counts {
            Counts::Days => 1,
            Counts::Minutes => minutes,
        };
    }
    (planned, Reason::Days)
}
