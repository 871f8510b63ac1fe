//! What the plan template shows, as JSON for Tera: the questions, the
//! targets and rules with their cited texts, the activities, and the week
//! for the default answers, worded with the same [`MESSAGES`] the script
//! uses for the reader's own week.

use serde_json::{json, Value};

use super::planner::{week, Gap, Reason, Week};
use super::{Activity, Conditions, PlanData, TextOf};

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
    ("why", "Why:"),
    (
        "supervised",
        "Only with a physiotherapist or trained instructor supervising.",
    ),
    ("advice_heading", "Before you start"),
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
    (
        "gap_time",
        "{category}: {planned} of the {sessions} days a week we suggest. There is not enough time in the days and minutes you have.",
    ),
];

fn message(key: &str) -> &'static str {
    MESSAGES
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, text)| text)
}

/// A message with its `{name}`s filled in.
fn fill(key: &str, values: &[(&str, String)]) -> String {
    values
        .iter()
        .fold(message(key).to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// "2 sets of 8 to 12, about 10 minutes", or "30 minutes".
pub fn dose(activity: &Activity) -> String {
    let amount = match (activity.sets, &activity.reps) {
        (Some(sets), Some(reps)) => Some(format!("{sets} sets of {reps}")),
        (Some(sets), None) => Some(format!("{sets} sets")),
        (None, Some(reps)) => Some(reps.clone()),
        (None, None) => None,
    };
    match amount {
        Some(amount) => format!("{amount}, about {} minutes", activity.minutes),
        None => format!("{} minutes", activity.minutes),
    }
}

/// The rendered HTML of each text of the data.
pub struct Rendered {
    target_why: Vec<String>,
    rule_text: Vec<String>,
    rule_advice: Vec<Option<String>>,
    how_to: Vec<String>,
    activity_why: Vec<Option<String>>,
}

impl Rendered {
    pub fn new(data: &PlanData) -> Rendered {
        Rendered {
            target_why: vec![String::new(); data.targets.len()],
            rule_text: vec![String::new(); data.rules.len()],
            rule_advice: vec![None; data.rules.len()],
            how_to: vec![String::new(); data.activities.len()],
            activity_why: vec![None; data.activities.len()],
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
        }
    }
}

/// The template's `plan`.
pub fn context(data: &PlanData, html: &Rendered, json: &str) -> Value {
    let default_week = week(data, &data.default_answers());
    json!({
        "questions": data.questions.iter().map(|q| json!({
            "id": q.id,
            "label": q.label,
            "help": q.help,
            "answers": q.answers.iter().map(|a| json!({
                "id": a.id,
                "label": a.label,
                "checked": q.default.as_ref() == Some(&a.id),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "targets": data.targets.iter().zip(&html.target_why).map(|(t, why)| json!({
            "category": t.category,
            "name": category_name(data, &t.category),
            "sessions": t.sessions,
            "minutes": t.minutes,
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
            "dose": a.dose,
            "impact": a.impact.name(),
            "equipment": a.equipment.iter().map(|e| equipment_name(data, e)).collect::<Vec<_>>(),
            "supervised_only": a.supervised_only,
            "avoid": avoid_text(data, &a.avoid_if),
            "how_to_html": html.how_to[i],
            "why_html": html.activity_why[i],
        })).collect::<Vec<_>>(),
        "week": week_view(data, &default_week, html),
        "messages": MESSAGES.iter().copied().collect::<std::collections::BTreeMap<_, _>>(),
        "json": json,
    })
}

/// A week as the template shows it. The script builds the same markup
/// from the same parts; see `render` in static/plan.js.
fn week_view(data: &PlanData, week: &Week, html: &Rendered) -> Value {
    let reason = |category: &str| {
        let i = data.targets.iter().position(|t| t.category == category);
        i.map_or(String::new(), |i| strip_ids(&html.target_why[i]))
    };
    let days: Vec<Value> = week
        .days
        .iter()
        .zip(DAYS)
        .map(|(day, name)| {
            let items: Vec<Value> = day
                .items
                .iter()
                .map(|item| {
                    let activity = data.activity(&item.activity);
                    json!({
                        "activity": item.activity,
                        "name": activity.map_or("", |a| &a.name),
                        "category": category_name(data, &item.category),
                        "dose": activity.map_or("", |a| &a.dose),
                        "supervised": item.supervised,
                        "reason_html": reason(&item.category),
                    })
                })
                .collect();
            json!({
                "name": name,
                "items": items,
                "total": fill("total", &[("minutes", day.minutes.to_string())]),
            })
        })
        .collect();
    let applying = || (data.rules.iter().enumerate()).filter(|(_, r)| week.rules.contains(&r.id));
    json!({
        "days": days,
        "advice_html": applying()
            .filter_map(|(i, _)| html.rule_advice[i].as_deref().map(strip_ids))
            .collect::<Vec<_>>(),
        "notes_html": applying().map(|(i, _)| strip_ids(&html.rule_text[i])).collect::<Vec<_>>(),
        "gaps": week.gaps.iter().map(|g| gap_text(data, g)).collect::<Vec<_>>(),
    })
}

fn gap_text(data: &PlanData, gap: &Gap) -> String {
    let key = match gap.reason {
        Reason::Skipped => "gap_skipped",
        Reason::Unsuitable => "gap_unsuitable",
        Reason::Time => "gap_time",
    };
    fill(
        key,
        &[
            ("category", category_name(data, &gap.category).to_string()),
            ("planned", gap.planned.to_string()),
            ("sessions", gap.sessions.to_string()),
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
