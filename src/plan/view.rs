//! What the plan template shows, as JSON for Tera: the questions, the
//! targets and rules with their cited texts, the activities, and the week
//! for the default answers, worded with the same [`MESSAGES`] the script
//! uses for the reader's own week.

use serde_json::{json, Value};

use super::planner::{week, Answers, Counts, Gap, Reason, Week};
use super::{Activity, Conditions, PlanData, Target, TextOf};

/// Day names, Monday first, as plans show them.
pub const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The wording of a week, shared by the template (default week) and the
/// script (the reader's week), so both say the same thing. `{name}` marks
/// a value filled in.
pub const MESSAGES: &[(&str, &str)] = &[
    ("caption", "Your exercise week"),
    ("day", "Day"),
    ("activities", "What to do"),
    ("time", "Time"),
    ("rest_day", "Rest day"),
    ("total", "{minutes} minutes"),
    ("dose_minutes", "{minutes} minutes"),
    ("dose_amount", "{amount}, about {minutes} minutes"),
    ("start_with", "start with {start}"),
    (
        "used",
        "This plan uses {used} of the {offered} minutes you have for exercise each week.",
    ),
    ("why_more", "Why it is in your plan"),
    ("build_up", "Start with {start}, and build up."),
    (
        "print_link",
        "The reasons for this plan, and their sources:",
    ),
    (
        "supervised",
        "Only with a physiotherapist or trained instructor supervising.",
    ),
    ("assumed_heading", "A general plan until you answer"),
    (
        "assumed_intro",
        "This is a safe plan for most people. Until you answer, it takes the careful answer to each question:",
    ),
    ("assumed_answer", "“{answer}” to “{question}”"),
    ("advice_heading", "Before you start"),
    (
        "gentle",
        "Start gently: begin with the smaller amount given for each activity, and build up week by week as it says.",
    ),
    ("doing_heading", "How to do each activity, and why"),
    ("notes_heading", "Safety notes for you"),
    ("gaps_heading", "What this plan leaves out"),
    (
        "gap_skipped",
        "{category}: left out because of your answers. The safety notes say why.",
    ),
    (
        "gap_unsuitable",
        "{category}: none of the activities in this group suit your answers.",
    ),
    ("count_days", "{count} days a week"),
    ("count_minutes", "{count} minutes a week"),
    ("count_none", "none"),
    (
        "gap_days_days",
        "{category}: {planned} in this plan; we suggest {wanted}. You exercise on {days} days a week.",
    ),
    (
        "gap_days_time",
        "{category}: {planned} in this plan; we suggest {wanted}. There is no time left in your {minutes} minutes a day.",
    ),
    (
        "gap_minutes_days",
        "{category}: {planned} in this plan; we suggest {wanted}. You exercise on {days} days a week, with one session a day.",
    ),
    (
        "gap_minutes_time",
        "{category}: {planned} in this plan; we suggest {wanted}. There is no time left in your {minutes} minutes a day.",
    ),
];

fn message(key: &str) -> &'static str {
    MESSAGES
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, text)| text)
}

/// A message with its `{name}`s filled in.
fn fill(key: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(message(key).to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// "2 sets of 8 to 12", "1 set of 8", "up to 50", or nothing.
pub fn amount(sets: Option<u32>, reps: Option<&str>) -> Option<String> {
    let sets = sets.map(|n| format!("{n} set{}", if n == 1 { "" } else { "s" }));
    match (sets, reps) {
        (Some(sets), Some(reps)) => Some(format!("{sets} of {reps}")),
        (sets, reps) => sets.or(reps.map(str::to_string)),
    }
}

/// "2 sets of 8 to 12, about 10 minutes", or "30 minutes".
pub fn dose(amount: Option<&str>, minutes: u32) -> String {
    let minutes = minutes.to_string();
    match amount {
        Some(amount) => fill("dose_amount", &[("amount", amount), ("minutes", &minutes)]),
        None => fill("dose_minutes", &[("minutes", &minutes)]),
    }
}

/// Where a reader who starts gently begins a session, if that differs
/// from the session's dose.
fn session_start<'a>(activity: &'a Activity, dose: &str, gently: bool) -> Option<&'a str> {
    let start = activity.start_dose.as_deref()?;
    (gently && start != dose).then_some(start)
}

/// The rendered HTML of each text of the data.
pub struct Rendered {
    target_why: Vec<String>,
    rule_text: Vec<String>,
    rule_advice: Vec<Option<String>>,
    how_to: Vec<String>,
    activity_why: Vec<Option<String>>,
    build_up: Vec<Option<String>>,
}

impl Rendered {
    pub fn new(data: &PlanData) -> Rendered {
        Rendered {
            target_why: vec![String::new(); data.targets.len()],
            rule_text: vec![String::new(); data.rules.len()],
            rule_advice: vec![None; data.rules.len()],
            how_to: vec![String::new(); data.activities.len()],
            activity_why: vec![None; data.activities.len()],
            build_up: vec![None; data.activities.len()],
        }
    }

    pub fn set(&mut self, key: TextOf, html: &str) {
        let html = html.to_string();
        match key {
            TextOf::TargetWhy(i) => self.target_why[i] = html,
            TextOf::RuleText(i) => self.rule_text[i] = html,
            TextOf::RuleAdvice(i) => self.rule_advice[i] = Some(html),
            TextOf::ActivityHowTo(i) => self.how_to[i] = html,
            TextOf::ActivityWhy(i) => self.activity_why[i] = Some(html),
            TextOf::ActivityBuildUp(i) => self.build_up[i] = Some(html),
        }
    }
}

/// The template's `plan`.
pub fn context(data: &PlanData, html: &Rendered, json: &str) -> Value {
    let default_week = week(data, &Answers::new());
    json!({
        "questions": data.questions.iter().map(|q| json!({
            "id": q.id,
            "label": q.label,
            "help": q.help,
            "answers": q.answers.iter().map(|a| json!({
                "id": a.id,
                "label": a.label,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "targets": data.targets.iter().zip(&html.target_why).map(|(t, why)| json!({
            "category": t.category,
            "name": category_name(data, &t.category),
            "aim": aim_text(t),
            "why_html": why,
        })).collect::<Vec<_>>(),
        "rules": data.rules.iter().enumerate().map(|(i, r)| json!({
            "id": r.id,
            "title": r.title,
            "text_html": html.rule_text[i],
            "advice_html": html.rule_advice[i],
        })).collect::<Vec<_>>(),
        "activities": data.activities.iter().enumerate().map(|(i, a)| json!({
            "id": a.id,
            "name": a.name,
            "category": category_name(data, &a.category),
            "dose": dose(a.amount.as_deref(), a.minutes),
            "shortest": a.shortest.filter(|&m| m < a.minutes),
            "start_dose": a.start_dose,
            "impact": a.impact.name(),
            "equipment": a.equipment.iter().map(|e| equipment_name(data, e)).collect::<Vec<_>>(),
            "supervised_only": a.supervised_only,
            "avoid": avoid_text(data, &a.avoid_if),
            "how_to_html": html.how_to[i],
            "why_html": html.activity_why[i],
            "build_up_html": html.build_up[i],
        })).collect::<Vec<_>>(),
        "week": week_view(data, &default_week, html),
        "messages": MESSAGES.iter().copied().collect::<std::collections::BTreeMap<_, _>>(),
        "json": json,
    })
}

/// "7 days a week" or "150 minutes a week", and the spacing rule.
fn aim_text(target: &Target) -> String {
    let (counts, wanted) = target.aim();
    let unit = match (counts, wanted) {
        (Counts::Minutes, _) => "minutes",
        (Counts::Days, 1) => "day",
        (Counts::Days, _) => "days",
    };
    let apart = if target.not_consecutive {
        ", never two days in a row"
    } else {
        ""
    };
    format!("{wanted} {unit} a week{apart}")
}

/// A week as the template shows it. The script builds the same markup
/// from the same parts; see `renderWeek` in static/plan.js.
fn week_view(data: &PlanData, week: &Week, html: &Rendered) -> Value {
    let days: Vec<Value> = week
        .days
        .iter()
        .zip(DAYS)
        .map(|(day, name)| {
            let items: Vec<Value> = day
                .items
                .iter()
                .filter_map(|item| {
                    let activity = data.activity(&item.activity)?;
                    let dose = dose(activity.amount.as_deref(), item.minutes);
                    let start = session_start(activity, &dose, week.start_gently)
                        .map(|start| fill("start_with", &[("start", start)]));
                    Some(json!({
                        "activity": item.activity,
                        "name": activity.name,
                        "category": category_name(data, &item.category),
                        "dose": dose,
                        "start": start,
                        "supervised": item.supervised,
                    }))
                })
                .collect();
            json!({
                "name": name,
                "items": items,
                "total": fill("total", &[("minutes", &day.minutes.to_string())]),
            })
        })
        .collect();
    let applying = || (data.rules.iter().enumerate()).filter(|(_, r)| week.rules.contains(&r.id));
    let gentle = week.start_gently.then(|| message("gentle").to_string());
    let advice: Vec<String> = (gentle.into_iter())
        .chain(applying().filter_map(|(i, _)| html.rule_advice[i].as_deref().map(strip_ids)))
        .collect();
    json!({
        "assumed": assumed(data, week),
        "advice_html": advice,
        "days": days,
        "used": used_text(week),
        "gaps": week.gaps.iter().map(|g| gap_text(data, week, g)).collect::<Vec<_>>(),
        "doing": doing(data, week, html),
        "notes": applying().map(|(i, r)| json!({
            "title": r.title,
            "html": strip_ids(&html.rule_text[i]),
        })).collect::<Vec<_>>(),
    })
}

/// The answers the week assumed, in words.
fn assumed(data: &PlanData, week: &Week) -> Vec<String> {
    (data.questions.iter())
        .filter(|q| week.assumed.contains(&q.id))
        .filter_map(|q| {
            let default = q.default.as_ref()?;
            let answer = q.answers.iter().find(|a| &a.id == default)?;
            Some(fill(
                "assumed_answer",
                &[("answer", &answer.label), ("question", &q.label)],
            ))
        })
        .collect()
}

fn used_text(week: &Week) -> String {
    let used: u32 = week.days.iter().map(|d| d.minutes).sum();
    let offered = week.days.iter().filter(|d| d.available).count() as u32 * week.minutes;
    fill(
        "used",
        &[
            ("used", &used.to_string()),
            ("offered", &offered.to_string()),
        ],
    )
}

/// Each activity of the week once, in the order the week first has it:
/// its one line of how-to, its reason (its own, else its target's) and,
/// for readers who start gently, how to build up.
fn doing(data: &PlanData, week: &Week, html: &Rendered) -> Vec<Value> {
    let mut seen: Vec<&str> = Vec::new();
    for item in week.days.iter().flat_map(|d| &d.items) {
        if !seen.contains(&item.activity.as_str()) {
            seen.push(&item.activity);
        }
    }
    seen.iter()
        .filter_map(|id| {
            let i = data.activities.iter().position(|a| a.id == *id)?;
            let activity = &data.activities[i];
            let reason = html.activity_why[i].as_deref().or_else(|| {
                let t = data
                    .targets
                    .iter()
                    .position(|t| t.category == activity.category)?;
                Some(html.target_why[t].as_str())
            });
            let build_up = (activity.start_dose.as_deref())
                .zip(html.build_up[i].as_deref())
                .filter(|_| week.start_gently);
            Some(json!({
                "activity": activity.id,
                "name": activity.name,
                "cue": activity.cue,
                "reason_html": reason.map(strip_ids),
                "build_up": build_up.map(|(start, _)| fill("build_up", &[("start", start)])),
                "build_up_html": build_up.map(|(_, html)| strip_ids(html)),
            }))
        })
        .collect()
}

fn gap_text(data: &PlanData, week: &Week, gap: &Gap) -> String {
    let counts = match gap.counts {
        Counts::Days => "days",
        Counts::Minutes => "minutes",
    };
    let key = match gap.reason {
        Reason::Skipped => "gap_skipped".to_string(),
        Reason::Unsuitable => "gap_unsuitable".to_string(),
        Reason::Days => format!("gap_{counts}_days"),
        Reason::Time => format!("gap_{counts}_time"),
    };
    let reader_days = week.days.iter().filter(|d| d.available).count();
    let count = |n: u32| match n {
        0 => message("count_none").to_string(),
        n => fill(&format!("count_{counts}"), &[("count", &n.to_string())]),
    };
    fill(
        &key,
        &[
            ("category", category_name(data, &gap.category)),
            ("planned", &count(gap.planned)),
            ("wanted", &count(gap.wanted)),
            ("days", &reader_days.to_string()),
            ("minutes", &week.minutes.to_string()),
        ],
    )
}

fn category_name<'d>(data: &'d PlanData, id: &'d str) -> &'d str {
    data.category(id).map_or(id, |c| &c.name)
}

fn equipment_name<'d>(data: &'d PlanData, id: &'d str) -> &'d str {
    (data.equipment.iter().find(|e| e.id == id)).map_or(id, |e| &e.name)
}

/// Who should avoid an activity, in words: "you answered “Once” or
/// “Twice” to “How many times have you fallen?”".
fn avoid_text(data: &PlanData, conditions: &Conditions) -> Option<String> {
    let parts: Vec<String> = conditions
        .iter()
        .filter_map(|(question, answers)| {
            let q = data.questions.iter().find(|q| &q.id == question)?;
            let labels: Vec<String> = (q.answers.iter())
                .filter(|a| answers.contains(&a.id))
                .map(|a| format!("“{}”", a.label))
                .collect();
            Some(format!("{} to “{}”", labels.join(" or "), q.label))
        })
        .collect();
    (!parts.is_empty()).then(|| format!("you answered {}", parts.join(", and ")))
}

/// The HTML with every `id` attribute removed: a text shown a second time
/// must not repeat the ids of its first showing (the citation back-links
/// point there). The script removes the same ids from its copies.
pub fn strip_ids(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(" id=\"") {
        out.push_str(&rest[..at]);
        let value = &rest[at + 5..];
        rest = value.find('"').map_or("", |end| &value[end + 1..]);
    }
    out.push_str(rest);
    out
}
