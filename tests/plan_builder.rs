//! The plan builder: the page pamphlet renders (form, default week, cited
//! reasons, embedded data), the promises every plan keeps, and the script
//! in real Chromium: five contrasting readers, shared links, the calendar
//! file, printing, the page without JavaScript, and the script planning
//! exactly as the Rust planner does.

mod common;
/// The tests that drive Chromium (a folder of its own, so that cargo does
/// not take the file for a test crate of its own).
#[path = "plan_builder/in_browser.rs"]
mod in_browser;

use std::path::{Path, PathBuf};

use common::site::TestSite;
use pamphlet::plan::{self, Answers, Impact, PlanData, Reason, Week};
use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The example site's plan data, as the build reads it.
fn example_data() -> PlanData {
    let path = Path::new("content/plan.yaml");
    let text = std::fs::read_to_string(repo().join(path)).unwrap();
    let (data, warnings) = plan::parse(&text, path).unwrap_or_else(|p| panic!("{p:#?}"));
    assert!(warnings.is_empty(), "{warnings:#?}");
    data
}

/// Every combination of answers to `data`'s questions.
fn all_answer_sets(data: &PlanData) -> Vec<Answers> {
    data.questions.iter().fold(vec![Answers::new()], |sets, q| {
        sets.iter()
            .flat_map(|set| {
                q.answers.iter().map(move |a| {
                    let mut set = set.clone();
                    set.insert(q.id.clone(), a.id.clone());
                    set
                })
            })
            .collect()
    })
}

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(q, a)| (q.to_string(), a.to_string()))
        .collect()
}

/// A week as a reader sees it: per day, (activity id, shown as supervised).
type Shown = Vec<Vec<(String, bool)>>;

fn shown(week: &Week) -> Shown {
    week.days
        .iter()
        .map(|d| {
            (d.items.iter())
                .map(|i| (i.activity.clone(), i.supervised))
                .collect()
        })
        .collect()
}

fn answered<'a>(data: &'a PlanData, answers: &Answers, question: &str) -> &'a plan::Answer {
    let q = data.questions.iter().find(|q| q.id == question).unwrap();
    let given = answers.get(question);
    let given = given.and_then(|id| q.answers.iter().find(|a| &a.id == id));
    given.unwrap_or_else(|| {
        let default = q.default.as_ref().unwrap();
        q.answers.iter().find(|a| &a.id == default).unwrap()
    })
}

/// The promises of issues 4 and 18, checked against the evidence itself
/// rather than the data's own rules: after a spine or several fractures,
/// or with frailty (no one-leg balance even holding on), no impact above
/// brisk walking and no loaded spinal flexion; no spinal flexion either
/// for readers with weak bones or who do not know; strength never on
/// consecutive days; balance on most days when the reader has them, and
/// never a step back (a steady reader balances without support every
/// time); anything supervised-only shown as supervised; no day longer
/// than the reader has.
fn check_promises(data: &PlanData, answers: &Answers, days: &Shown, minutes_per_day: &[u32]) {
    let context = format!("answers {answers:?}, plan {days:?}");
    let activity = |id: &str| {
        data.activity(id)
            .unwrap_or_else(|| panic!("{id}: {context}"))
    };
    let high_risk = answered(data, answers, "fractures").id == "yes"
        || answered(data, answers, "balance").id == "cannot";
    let maybe_weak = answered(data, answers, "diagnosis").id != "none";
    let steady = answered(data, answers, "balance").id == "steady";
    let has = |d: usize, category: &str| {
        days[d]
            .iter()
            .any(|(id, _)| activity(id).category == category)
    };
    for (d, items) in days.iter().enumerate() {
        for (id, supervised) in items {
            let a = activity(id);
            assert!(
                !a.supervised_only || *supervised,
                "{id} unsupervised: {context}"
            );
            if high_risk {
                assert!(a.impact <= Impact::Low, "{id}: {context}");
            }
            if high_risk || maybe_weak {
                assert!(!a.spinal_flexion, "{id}: {context}");
            }
            if a.category == "balance" {
                assert_eq!(steady, id == "balance-free", "{context}");
            }
        }
        assert!(
            !(has(d, "resistance") && has((d + 1) % 7, "resistance")),
            "{context}"
        );
    }
    let limit = answered(data, answers, "minutes").minutes.unwrap();
    assert!(
        minutes_per_day.iter().all(|&m| m <= limit),
        "{minutes_per_day:?}: {context}"
    );
    let reader_days = answered(data, answers, "days").days.unwrap();
    let balance_days = (0..7).filter(|&d| has(d, "balance")).count() as u32;
    assert!(
        balance_days >= reader_days.min(5),
        "balance on {balance_days} days: {context}"
    );
}

/// The activities `answers` allow, worked out here from the data's rules
/// rather than by the planner: an outside view of what could be planned.
fn allowed<'d>(data: &'d PlanData, answers: &Answers) -> Vec<&'d plan::Activity> {
    let chosen = |question: &str| answered(data, answers, question);
    let meets = |conditions: &plan::Conditions| {
        (conditions.iter()).all(|(q, ids)| ids.contains(&chosen(q).id))
    };
    let applying: Vec<&plan::Rule> = data.rules.iter().filter(|r| meets(&r.when)).collect();
    let equipment: Vec<&String> = (data.questions.iter())
        .flat_map(|q| &chosen(&q.id).equipment)
        .collect();
    (data.activities.iter())
        .filter(|a| {
            applying.iter().all(|r| {
                r.max_impact.is_none_or(|most| a.impact <= most)
                    && !(r.no_spinal_flexion && a.spinal_flexion)
                    && !r.skip.contains(&a.category)
            }) && a.equipment.iter().all(|e| equipment.contains(&e))
                && (a.avoid_if.is_empty() || !meets(&a.avoid_if))
        })
        .collect()
}

/// A session the week could still take: a target it does not meet, an
/// activity for it that suits the reader, and a day of theirs with the
/// minutes for it (at its shortest), no session of it yet and, for a
/// target kept apart, none the day before or after. `None` when the week
/// is full.
fn room_for_more(data: &PlanData, answers: &Answers, week: &Week) -> Option<String> {
    let allowed = allowed(data, answers);
    let has = |d: usize, category: &str| week.days[d].items.iter().any(|i| i.category == category);
    for target in &data.targets {
        let (counts, wanted) = target.aim();
        let planned: u32 = match counts {
            plan::Counts::Days => (0..7).filter(|&d| has(d, &target.category)).count() as u32,
            plan::Counts::Minutes => (week.days.iter().flat_map(|d| &d.items))
                .filter(|i| i.category == target.category)
                .map(|i| i.minutes)
                .sum(),
        };
        if planned >= wanted {
            continue;
        }
        for (d, day) in week.days.iter().enumerate() {
            let apart = !target.not_consecutive
                || !(has((d + 1) % 7, &target.category) || has((d + 6) % 7, &target.category));
            if !day.available || has(d, &target.category) || !apart {
                continue;
            }
            let free = week.minutes - day.minutes;
            if let Some(a) =
                (allowed.iter()).find(|a| a.category == target.category && a.shortest() <= free)
            {
                return Some(format!(
                    "{} fits in the {free} minutes left on day {d}",
                    a.id
                ));
            }
        }
    }
    None
}

/// The week uses at least 80% of the time the reader offers, unless
/// nothing more that the data offers would fit; and it never says a
/// target is short while a session of it would fit.
fn check_time_use(data: &PlanData, answers: &Answers, week: &Week) -> bool {
    let offered = week.days.iter().filter(|d| d.available).count() as u32 * week.minutes;
    let used: u32 = week.days.iter().map(|d| d.minutes).sum();
    let room = room_for_more(data, answers, week);
    assert!(room.is_none(), "{answers:?}: {room:?} in {week:#?}");
    used * 5 >= offered * 4
}

/// What the gaps say matches the week: every target met or named, with
/// what was planned.
fn check_gaps(data: &PlanData, answers: &Answers, week: &Week) {
    for target in &data.targets {
        let (counts, wanted) = target.aim();
        let sessions =
            (week.days.iter().flat_map(|d| &d.items)).filter(|i| i.category == target.category);
        let planned: u32 = match counts {
            plan::Counts::Days => sessions.count() as u32,
            plan::Counts::Minutes => sessions.map(|i| i.minutes).sum(),
        };
        let gap = week.gaps.iter().find(|g| g.category == target.category);
        match gap {
            None => assert!(planned >= wanted, "{answers:?}"),
            Some(g) if g.reason == Reason::Skipped => assert_eq!(planned, 0),
            Some(g) => assert!(
                g.planned == planned && planned < wanted && g.counts == counts,
                "{answers:?}"
            ),
        }
    }
}

#[test]
fn every_example_plan_keeps_its_promises_and_names_what_it_leaves_out() {
    let data = example_data();
    let sets = all_answer_sets(&data);
    assert_eq!(sets.len(), 4 * 2 * 3 * 3 * 3 * 6 * 5 * 4);
    let mut full = 0;
    for set in &sets {
        let week = plan::week(&data, set);
        let minutes: Vec<u32> = week.days.iter().map(|d| d.minutes).collect();
        check_promises(&data, set, &shown(&week), &minutes);
        check_gaps(&data, set, &week);
        full += usize::from(check_time_use(&data, set, &week));
        let inactive = answered(&data, set, "activity").id == "inactive";
        assert!(!inactive || week.start_gently, "{set:?}");
    }
    // Most weeks use 80% of the time or more; the others meet every
    // target that suits the reader and have room for nothing more.
    assert!(full * 10 > sets.len() * 8, "{full} of {}", sets.len());
}

#[test]
fn until_a_reader_answers_the_plan_is_the_careful_one() {
    let data = example_data();
    let general = plan::week(&data, &Answers::new());
    assert_eq!(general.assumed.len(), data.questions.len());
    // Every default is the careful answer: the general week is the one for
    // a reader with a spine fracture, repeated falls and no balance, who
    // has been inactive, and keeps the promises made to them.
    let careful = answers(&[
        ("diagnosis", "osteoporosis"),
        ("fractures", "yes"),
        ("falls", "two-or-more"),
        ("balance", "cannot"),
        ("activity", "inactive"),
        ("equipment", "none"),
    ]);
    let mut as_careful = careful.clone();
    as_careful.extend(answers(&[("days", "5"), ("minutes", "30")]));
    let week = plan::week(&data, &as_careful);
    assert_eq!(
        (&general.days, &general.gaps, &general.rules),
        (&week.days, &week.gaps, &week.rules)
    );
    assert!(general.start_gently);
    let minutes: Vec<u32> = general.days.iter().map(|d| d.minutes).collect();
    check_promises(&data, &careful, &shown(&general), &minutes);
    assert!(general
        .gaps
        .iter()
        .any(|g| g.category == "impact" && g.reason == Reason::Skipped));
}

#[test]
fn the_page_has_an_accessible_form_a_default_week_and_cited_reasons() {
    let site = TestSite::fixture("plan");
    site.build_ok();
    let page = site.page("plan/index.html");

    // Every question is a fieldset with a legend, its help linked to it,
    // and every choice a radio button inside its label.
    let fieldsets = page.all("form.plan-form fieldset");
    assert_eq!(fieldsets.len(), 4);
    for fieldset in &fieldsets {
        assert_eq!(
            fieldset
                .children()
                .filter_map(scraper::ElementRef::wrap)
                .next()
                .unwrap()
                .value()
                .name(),
            "legend"
        );
        if let Some(help) = fieldset.value().attr("aria-describedby") {
            assert_eq!(page.all(&format!("#{help}")).len(), 1);
        }
    }
    assert_eq!(page.all("label.choice > input[type=radio]").len(), 8);
    assert_eq!(page.all("input[type=radio]").len(), 8);
    assert!(
        page.all("input[checked]").is_empty(),
        "no answer is chosen for the reader"
    );
    assert!(page.text("legend").contains("Are your bones weak?"));
    assert!(page.source.contains("Yes &amp; I know it"));

    // The general week, for the defaults (bones weak, 7 days of 15
    // minutes, no gym), says that it assumes them.
    assert_eq!(
        page.texts(".plan-assumed li"),
        [
            "“Yes & I know it” to “Are your bones weak?”",
            "“Seven” to “Days a week?”",
            "“Fifteen” to “Minutes a day?”",
            "“None” to “Equipment?”"
        ]
    );
    let rows = page.all("#plan-output table.plan-week tr.plan-day");
    assert_eq!(rows.len(), 7);
    assert_eq!(
        page.texts("tr.plan-day > th[scope=row]")[..2],
        ["Monday", "Tuesday"]
    );
    assert_eq!(
        page.all("#plan-output a[href='#plan-activity-stand']")
            .len(),
        7
    );
    assert_eq!(
        page.all("#plan-output a[href='#plan-activity-squat']")
            .len(),
        2
    );
    assert!(page
        .all("#plan-output a[href='#plan-activity-lift']")
        .is_empty());
    assert!(page
        .text(".plan-warning")
        .contains("Talk to a physiotherapist first."));
    assert!(page
        .text("#plan-output")
        .contains("With weak bones. Go gently and avoid heavy lifting."));
    // Reasons once per activity, not once per day.
    assert_eq!(
        page.texts(".plan-doing li > strong"),
        ["Stand on one leg:", "Sit to stand:"]
    );
    assert_eq!(page.all("#plan-output .plan-reason").len(), 2);
    assert_eq!(
        page.texts(".plan-doing .plan-cue"),
        [
            "Hold a worktop and lift one foot.",
            "Stand up from a chair without your hands."
        ]
    );
    assert!(page
        .text(".plan-doing details.plan-why-more > p.plan-reason")
        .contains("Balance every day."));
    assert_eq!(
        page.text(".plan-used"),
        "This plan uses 55 of the 105 minutes you have for exercise each week."
    );
    assert!(
        page.all("#plan-output [id]").is_empty(),
        "copies carry no ids"
    );

    // Sources: body first, then the plan's texts in page order; every
    // citation resolves and every back-link lands outside the week.
    let references = page.texts("ol.sources > li .reference");
    let order = [
        "Exercise helps",
        "Balance every day",
        "Strength twice",
        "Care with weak",
    ];
    for (reference, title) in references.iter().zip(order) {
        assert!(reference.contains(title), "{references:?}");
    }
    for href in page.attrs("a[href^='#']", "href") {
        assert_eq!(page.all(&href).len(), 1, "{href} does not resolve");
    }
    for back in page.attrs(".backlinks a", "href") {
        let cited = page.one(&back);
        let inside = cited
            .ancestors()
            .filter_map(scraper::ElementRef::wrap)
            .any(|e| {
                e.value().attr("class").is_some_and(|c| {
                    c.contains("plan-why") || c == "content" || c.contains("plan-activities")
                })
            });
        assert!(inside, "{back}");
    }

    // The data parses, and nothing in it can close its script element.
    let raw = page.one("script#plan-data").inner_html();
    assert!(!raw.contains('<') && !raw.contains('&'), "{raw}");
    let data: Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(
        data["activities"][2]["name"],
        "Heavy lifting </script><script>alert(1)</script>"
    );
    assert_eq!(data["days"][6], "Sunday");
    assert!(
        data["activities"][0].get("how_to").is_none(),
        "texts reach the page as HTML"
    );
    assert!(page.source.contains("Heavy lifting &lt;/script&gt;"));
    assert_eq!(page.attrs("script[src]", "src"), ["../plan.js"]);
    assert!(site.read("plan.js").contains("\"use strict\""));
}

#[test]
fn problems_in_plan_data_point_into_the_data_file() {
    let site = TestSite::fixture("plan");
    let data = std::fs::read_to_string(site.root().join("content/data/plan.yaml")).unwrap();
    site.write("content/data/plan.yaml", data.replace("[@care]", "[@cair]"));
    let outcome = site.build();
    let errors: Vec<String> = (outcome.diagnostics.iter())
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    assert_eq!(
        errors,
        ["error[unknown-source]: content/data/plan.yaml:83:5: no source is called `cair`\n  help: did you mean `care`?"]
    );

    site.write(
        "content/plan.md",
        "---\ntitle: Plan\nplan: missing.yaml\n---\nBody.\n",
    );
    let outcome = site.build();
    let error = outcome.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(error.code, "read");
    assert_eq!(
        error.location.as_ref().map(|l| (l.file.clone(), l.line)),
        Some(("content/plan.md".into(), 3))
    );
}
