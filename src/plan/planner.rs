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
/// answers count as the question's default.
pub type Answers = BTreeMap<String, String>;

/// A plan for one week, Monday first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Week {
    pub days: Vec<Day>,
    /// Targets the plan does not meet, in target order.
    pub gaps: Vec<Gap>,
    /// Ids of the rules that apply to the answers, in data order.
    pub rules: Vec<String>,
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
    pub minutes: u32,
    pub supervised: bool,
}

/// A target the plan does not meet, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    pub category: String,
    /// Sessions planned, out of `sessions`.
    pub planned: u32,
    pub sessions: u32,
    pub reason: Reason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Reason {
    /// A rule that applies leaves the category out.
    Skipped,
    /// No activity of the category suits the answers.
    Unsuitable,
    /// Not enough days or minutes for every session.
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
}

/// The plan for `answers`.
pub fn week(data: &PlanData, answers: &Answers) -> Week {
    let limits = Limits::new(data, answers);
    let mut days = empty_week(limits.days);
    let mut gaps = Vec::new();
    for target in &data.targets {
        let gap = |planned, reason| Gap {
            category: target.category.clone(),
            planned,
            sessions: target.sessions,
            reason,
        };
        if limits.skip.contains(target.category.as_str()) {
            gaps.push(gap(0, Reason::Skipped));
            continue;
        }
        let pool: Vec<&Activity> = (data.activities.iter())
            .filter(|a| a.category == target.category && limits.allows(a))
            .filter(|a| target.minutes.is_none_or(|least| a.minutes >= least))
            .collect();
        if pool.is_empty() {
            gaps.push(gap(0, Reason::Unsuitable));
            continue;
        }
        let planned = place(&mut days, target, &pool, &limits);
        if planned < target.sessions {
            gaps.push(gap(planned, Reason::Time));
        }
    }
    let rules = (data.rules.iter())
        .filter(|r| limits.meets(&r.when))
        .map(|r| r.id.clone())
        .collect();
    Week { days, gaps, rules }
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

/// Places up to `target.sessions` sessions from `pool`, one a day, each on
/// the day with the most time left (the earliest of equals), rotating
/// through the pool for variety. Returns how many were placed.
fn place(days: &mut [Day], target: &Target, pool: &[&Activity], limits: &Limits<'_>) -> u32 {
    let has = |days: &[Day], d: usize| days[d].items.iter().any(|i| i.category == target.category);
    let mut planned = 0;
    while planned < target.sessions {
        let free = |days: &[Day], d: usize| limits.minutes.saturating_sub(days[d].minutes);
        let open = |d: &usize| {
            let d = *d;
            days[d].available
                && !has(days, d)
                && !(target.not_consecutive && (has(days, (d + 1) % 7) || has(days, (d + 6) % 7)))
                && pool.iter().any(|a| a.minutes <= free(days, d))
        };
        let Some(day) = (0..7)
            .filter(open)
            .max_by_key(|&d| (free(days, d), Reverse(d)))
        else {
            break;
        };
        let left = free(days, day);
        let turn = planned as usize;
        let Some(activity) = (0..pool.len())
            .map(|j| pool[(turn + j) % pool.len()])
            .find(|a| a.minutes <= left)
        else {
            break;
        };
        days[day].minutes += activity.minutes;
        days[day].items.push(Item {
            activity: activity.id.clone(),
            category: target.category.clone(),
            minutes: activity.minutes,
            supervised: limits.supervised(activity),
        });
        planned += 1;
    }
    planned
}
