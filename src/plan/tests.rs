//! Validation of plan data: each kind of problem, where it is reported and
//! what help it gives; the script-safe JSON; the planner's basic promises.

use std::path::Path;

use super::*;

/// Small but complete: every later test breaks one thing in it.
const VALID: &str = r#"questions:
  - id: bones
    label: Bones?
    answers:
      - id: weak
        label: Weak
      - id: fine
        label: Fine
  - id: days
    label: Days?
    default: 7
    answers:
      - { id: 2, label: Two, days: 2 }
      - { id: 7, label: Seven, days: 7 }
  - id: minutes
    label: Minutes?
    default: 30
    answers:
      - { id: 10, label: Ten, minutes: 10 }
      - { id: 30, label: Thirty, minutes: 30 }
  - id: kit
    label: Kit?
    answers:
      - id: none
        label: None
      - id: weights
        label: Weights
        equipment: [weights]
categories:
  - id: balance
    name: Balance
  - id: strength
    name: Strength
equipment:
  - id: weights
    name: hand weights
targets:
  - category: balance
    sessions: 7
    why: "Every day. [@a]"
  - category: strength
    sessions: 2
    not_consecutive: true
    why: "Twice a week. [@b]"
activities:
  - id: stand
    name: One-leg stand
    category: balance
    impact: none
    minutes: 5
    how_to: Stand on one leg.
    cue: Stand on one leg.
  - id: squat
    name: Squats
    category: strength
    impact: none
    minutes: 10
    sets: 2
    reps: 8 to 12
    how_to: Squat to a chair.
    cue: Squat to a chair.
  - id: jump
    name: Jumps
    category: strength
    impact: high
    minutes: 10
    equipment: [weights]
    supervised_only: true
    how_to: Jump and land softly.
    cue: Jump and land softly.
rules:
  - id: careful
    title: Weak bones
    when:
      bones: [weak]
    max_impact: low
    text: "Take care. [@a]"
"#;

fn parse_text(text: &str) -> Result<(PlanData, Vec<Diagnostic>), Vec<Diagnostic>> {
    parse(text, Path::new("content/plan.yaml"))
}

/// The problems that `from` → `to` in [`VALID`] causes, as lines.
fn problems(from: &str, to: &str) -> Vec<String> {
    assert!(VALID.contains(from), "{from}");
    let problems = parse_text(&VALID.replacen(from, to, 1)).expect_err("should fail");
    problems.iter().map(ToString::to_string).collect()
}

/// The one problem that `from` → `to` in [`VALID`] causes.
fn problem(from: &str, to: &str) -> String {
    let mut all = problems(from, to);
    assert_eq!(all.len(), 1, "{all:#?}");
    all.remove(0)
}

#[test]
fn valid_data_loads_with_defaults_and_doses_filled_in() {
    let (data, warnings) = parse_text(VALID).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(data.questions[0].default.as_deref(), Some("weak"));
    assert_eq!(data.questions[1].answers[0].id, "2");
    assert_eq!(data.activities[0].amount, None);
    assert_eq!(
        data.activities[1].amount.as_deref(),
        Some("2 sets of 8 to 12")
    );
}

#[test]
fn unknown_category_suggests_the_closest() {
    assert_eq!(
        problem("category: strength\n    impact: high", "category: strenght\n    impact: high"),
        "error[plan-unknown-category]: content/plan.yaml:64:15: no category is called `strenght`\n  help: did you mean `strength`?"
    );
    let target = problems("  - category: balance\n", "  - category: posture\n");
    assert!(target[0].starts_with("error[plan-unknown-category]: content/plan.yaml:38:15:"));
}

#[test]
fn rule_naming_an_unknown_question_or_answer() {
    assert_eq!(
        problem("      bones: [weak]", "      bone: [weak]"),
        "error[plan-unknown-question]: content/plan.yaml:75:7: no question is called `bone`\n  help: did you mean `bones`?"
    );
    assert_eq!(
        problem("      bones: [weak]", "      bones: [weka]"),
        "error[plan-unknown-answer]: content/plan.yaml:75:15: no answer is called `weka`\n  help: did you mean `weak`?"
    );
}

#[test]
fn activity_avoid_if_and_rule_skip_are_checked_too() {
    let avoid = "    how_to: Stand on one leg.\n    avoid_if:\n      kit: [gym]\n";
    assert!(
        problem("    how_to: Stand on one leg.\n", avoid).starts_with(
            "error[plan-unknown-answer]: content/plan.yaml:53:13: no answer is called `gym`"
        )
    );
    assert!(problem("    max_impact: low\n", "    skip: [balanse]\n")
        .starts_with("error[plan-unknown-category]: content/plan.yaml:76:12:"));
}

#[test]
fn unknown_equipment() {
    assert_eq!(
        problem("    equipment: [weights]\n    supervised", "    equipment: [barbell]\n    supervised"),
        "error[plan-unknown-equipment]: content/plan.yaml:67:17: no equipment is called `barbell`\n  help: it must be one of: weights"
    );
}

#[test]
fn target_that_no_activity_can_meet() {
    // The only strength activity anyone can do now needs weights.
    let text = problem(
        "    reps: 8 to 12\n    how_to",
        "    reps: 8 to 12\n    equipment: [weights]\n    how_to",
    );
    assert!(
        text.starts_with("error[plan-unmeetable-target]: content/plan.yaml:41:15: no activity can meet the target for `strength`"),
        "{text}"
    );
    assert!(problem("    minutes: 5\n", "    minutes: 60\n").contains("takes at most 30 minutes"));
}

#[test]
fn duplicate_ids_point_at_the_second() {
    assert_eq!(
        problem("  - id: jump\n", "  - id: squat\n"),
        "error[plan-duplicate]: content/plan.yaml:62:9: two activity entries are called `squat`\n  help: give each one its own name, or remove one"
    );
    assert!(
        problem("      - id: fine\n", "      - id: weak\n").starts_with(
            "error[plan-duplicate]: content/plan.yaml:7:13: two answer entries are called `weak`"
        )
    );
    let target = problems("  - category: strength\n", "  - category: balance\n");
    assert!(
        target[0].starts_with("error[plan-duplicate]: content/plan.yaml:41:15: two target entries")
    );
}

#[test]
fn ids_must_be_usable_in_links() {
    assert!(problem("  - id: careful\n", "  - id: take care\n")
        .starts_with("error[plan-bad-id]: content/plan.yaml:72:9: `take care` cannot be an id"));
}

#[test]
fn targets_and_rules_must_cite() {
    assert_eq!(
        problem("why: \"Twice a week. [@b]\"", "why: Twice a week."),
        "error[plan-uncited]: content/plan.yaml:44:5: this target's `why` cites no source\n  help: end it with the source it comes from, e.g. `... twice a week. [@brookewavell2022]`"
    );
    assert!(problem("text: \"Take care. [@a]\"", "text: Take care.")
        .starts_with("error[plan-uncited]: content/plan.yaml:77:5: this rule's `text`"));
}

#[test]
fn the_planner_needs_days_and_minutes() {
    let text = problem("{ id: 2, label: Two, days: 2 }", "{ id: 2, label: Two }");
    assert!(
        text.starts_with(
            "error[plan-no-budget]: content/plan.yaml:13:15: the answer `2` does not set `days`"
        ),
        "{text}"
    );
    assert!(problem("days: 7 }", "days: 8 }")
        .starts_with("error[plan-bad-number]: content/plan.yaml:14:32: `days: 8` is out of range"));
    let none = VALID
        .replace(", minutes: 10", "")
        .replace(", minutes: 30", "");
    let problems = parse_text(&none).unwrap_err();
    assert_eq!(problems[0].code, "plan-no-budget");
}

#[test]
fn unknown_fields_and_values_are_yaml_errors_with_suggestions() {
    assert_eq!(
        problem("    sessions: 2\n", "    sesions: 2\n"),
        "error[unknown-field]: content/plan.yaml:42:5: unknown field `sesions`\n  help: did you mean `sessions`?"
    );
    assert!(problem("impact: high", "impact: extreme").contains("unknown variant `extreme`"));
}

#[test]
fn activities_without_a_target_are_a_warning() {
    let text = VALID
        .replace(
            "equipment:\n  - id: weights",
            "  - id: stretch\n    name: Stretching\nequipment:\n  - id: weights",
        )
        .replace(
            "rules:\n",
            "  - id: reach\n    name: Reach\n    category: stretch\n    impact: none\n    minutes: 5\n    how_to: Reach up.\n    cue: Reach up.\nrules:\n",
        );
    let (_, warnings) = parse_text(&text).unwrap();
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].code, "plan-unplanned-activity");
}

#[test]
fn json_for_the_page_cannot_end_its_script_element() {
    let json = script_safe("{\"name\":\"</script><!-- & \u{2028}\"}");
    assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
    assert!(!json.contains('\u{2028}'));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["name"], "</script><!-- & \u{2028}");
}

#[test]
fn copies_of_cited_text_lose_their_ids() {
    let html = r##"Text <sup class="cite">[<a href="#src-1" id="cite-1a" aria-label="Source 1">1</a><span id="cite-2a"></span>]</sup>"##;
    assert_eq!(
        view::strip_ids(html),
        r##"Text <sup class="cite">[<a href="#src-1" aria-label="Source 1">1</a><span></span>]</sup>"##
    );
}

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(q, a)| (q.to_string(), a.to_string()))
        .collect()
}

#[test]
fn the_planner_spreads_strength_and_fills_balance_daily() {
    let (data, _) = parse_text(VALID).unwrap();
    let plan = week(&data, &answers(&[("bones", "fine"), ("kit", "weights")]));
    let strength: Vec<usize> = (0..7)
        .filter(|&d| plan.days[d].items.iter().any(|i| i.category == "strength"))
        .collect();
    assert_eq!(strength, [0, 2]);
    assert!(plan.days.iter().all(|d| d.items[0].activity == "stand"));
    // The first activity listed that suits the reader, on every day: never
    // a different one (a step back or sideways) on some days.
    let lists_first = |plan: &Week, id: &str| {
        (plan.days.iter().flat_map(|d| &d.items))
            .filter(|i| i.category == "strength")
            .all(|i| i.activity == id)
    };
    assert!(lists_first(&plan, "squat"));
    assert!(plan.gaps.is_empty() && plan.rules.is_empty());

    // Readers who should avoid squats get the jumps, marked as supervised
    // wherever they appear.
    let text = VALID.replace(
        "    reps: 8 to 12\n    how_to: Squat",
        "    reps: 8 to 12\n    avoid_if:\n      kit: [weights]\n    how_to: Squat",
    );
    let (data, _) = parse_text(&text).unwrap();
    let plan = week(&data, &answers(&[("bones", "fine"), ("kit", "weights")]));
    assert!(lists_first(&plan, "jump"));
    let jumps: Vec<&Item> = (plan.days.iter().flat_map(|d| &d.items))
        .filter(|i| i.activity == "jump")
        .collect();
    assert!(jumps.len() == 2 && jumps.iter().all(|i| i.supervised));
}

#[test]
fn rules_limit_impact_and_short_time_shows_as_a_gap() {
    let (data, _) = parse_text(VALID).unwrap();
    let plan = week(
        &data,
        &answers(&[
            ("bones", "weak"),
            ("kit", "weights"),
            ("days", "2"),
            ("minutes", "10"),
        ]),
    );
    assert_eq!(plan.rules, ["careful"]);
    let items: Vec<&Item> = plan.days.iter().flat_map(|d| &d.items).collect();
    assert!(items.iter().all(|i| i.activity != "jump"));
    assert!(plan.days.iter().all(|d| d.minutes <= 10));
    assert_eq!(
        plan.gaps,
        [
            Gap {
                category: "balance".into(),
                counts: Counts::Days,
                planned: 2,
                wanted: 7,
                reason: Reason::Days
            },
            Gap {
                category: "strength".into(),
                counts: Counts::Days,
                planned: 0,
                wanted: 2,
                reason: Reason::Time
            }
        ]
    );
}

#[test]
fn unknown_answers_count_as_the_default() {
    let (data, _) = parse_text(VALID).unwrap();
    let odd = answers(&[("days", "9"), ("nonsense", "x")]);
    let assumed = week(&data, &Answers::new());
    assert_eq!(week(&data, &odd), assumed);
    assert_eq!(assumed.assumed, ["bones", "days", "minutes", "kit"]);
    let answered = week(&data, &data.default_answers());
    assert_eq!(answered.days, assumed.days);
    assert!(answered.assumed.is_empty());
}

/// [`VALID`] with a walking target of 60 minutes a week, its walk of 10
/// to 20 minutes, and a starting dose for the squats.
fn with_walks() -> PlanData {
    let text = VALID
        .replace(
            "  - id: strength\n    name: Strength\n",
            "  - id: strength\n    name: Strength\n  - id: walking\n    name: Walking\n",
        )
        .replace(
            "activities:\n",
            "  - category: walking\n    weekly_minutes: 60\n    why: \"An hour a week. [@a]\"\nactivities:\n  - id: walk\n    name: Walk\n    category: walking\n    impact: low\n    minutes: 20\n    shortest: 10\n    how_to: Walk.\n    cue: Walk.\n",
        )
        .replace(
            "    reps: 8 to 12\n    how_to: Squat",
            "    reps: 8 to 12\n    start:\n      sets: 1\n      minutes: 5\n    build_up: \"Add a set. [@b]\"\n    how_to: Squat",
        )
        .replace(
            "    max_impact: low\n",
            "    max_impact: low\n    start_gently: true\n",
        );
    let (data, warnings) = parse_text(&text).unwrap_or_else(|p| panic!("{p:#?}"));
    assert!(warnings.is_empty());
    data
}

#[test]
fn weekly_minutes_fill_the_days_with_shortened_sessions() {
    let data = with_walks();
    assert_eq!(
        data.activities[2].start_dose.as_deref(),
        Some("1 set of 8 to 12, about 5 minutes")
    );
    // 7 days of 30 minutes: the walks come to 60 minutes on 3 days.
    let plan = week(&data, &answers(&[("bones", "fine")]));
    let walks: Vec<u32> = (plan.days.iter().flat_map(|d| &d.items))
        .filter(|i| i.category == "walking")
        .map(|i| i.minutes)
        .collect();
    assert_eq!(walks, [20, 20, 20]);
    assert!(plan.gaps.is_empty() && !plan.start_gently);

    // 2 days of 10 minutes: after balance, 5 minutes a day is too short
    // for a walk, so time (not days) is what the plan says is missing.
    let short = answers(&[("bones", "weak"), ("days", "2"), ("minutes", "10")]);
    let plan = week(&data, &short);
    assert!(plan.start_gently);
    let walking = plan.gaps.iter().find(|g| g.category == "walking").unwrap();
    assert_eq!(
        (
            walking.counts,
            walking.planned,
            walking.wanted,
            walking.reason
        ),
        (Counts::Minutes, 0, 60, Reason::Time)
    );
}

#[test]
fn gaps_say_whether_days_or_minutes_ran_out() {
    let data = with_walks();
    // 2 days of 30 minutes: balance has every day there is; a walk is
    // cut to fit beside it, so time, not days, limits the walking.
    let plan = week(&data, &answers(&[("bones", "fine"), ("days", "2")]));
    let reasons: Vec<(&str, u32, Reason)> = (plan.gaps.iter())
        .map(|g| (g.category.as_str(), g.planned, g.reason))
        .collect();
    assert_eq!(
        reasons,
        [("balance", 2, Reason::Days), ("walking", 30, Reason::Time)]
    );
    assert_eq!(plan.days[0].minutes, 30);
}

#[test]
fn starting_doses_and_weekly_minutes_are_checked() {
    let text = VALID.replace(
        "    reps: 8 to 12\n    how_to: Squat",
        "    reps: 8 to 12\n    start:\n      sets: 1\n    how_to: Squat",
    );
    let problems = parse_text(&text).unwrap_err();
    assert_eq!(problems[0].code, "missing-field");
    assert!(problems[0].to_string().contains("needs `build_up`"));
    let text = VALID.replace(
        "    reps: 8 to 12\n    how_to: Squat",
        "    reps: 8 to 12\n    start:\n      sets: 3\n    build_up: Add a set.\n    how_to: Squat",
    );
    let codes: Vec<&str> = (parse_text(&text).unwrap_err().iter())
        .map(|p| p.code)
        .collect();
    assert_eq!(codes, ["plan-bad-number", "plan-uncited"]);
    let shortest = problem("    minutes: 5\n", "    minutes: 5\n    shortest: 6\n");
    assert!(
        shortest.starts_with("error[plan-bad-number]: content/plan.yaml:51:5: `shortest: 6`"),
        "{shortest}"
    );
    assert!(problem(
        "    sessions: 7\n",
        "    sessions: 7\n    weekly_minutes: 30\n"
    )
    .starts_with("error[plan-bad-target]: content/plan.yaml:38:15: this target gives both"));
}

#[test]
fn a_rule_can_treat_an_unsure_answer_as_the_risky_one() {
    // Bones: weak, fine or "not sure"; a rule for weak or unsure bones
    // rules out an exercise that bends the spine under load.
    let text = VALID
        .replace(
            "      - id: fine\n        label: Fine\n",
            "      - id: fine\n        label: Fine\n      - id: unsure\n        label: Not sure\n",
        )
        .replace(
            "    minutes: 10\n    sets: 2",
            "    minutes: 10\n    spinal_flexion: true\n    sets: 2",
        )
        .replace("      bones: [weak]\n", "      bones: [weak, unsure]\n")
        .replace("    max_impact: low\n", "    no_spinal_flexion: true\n");
    let (data, _) = parse_text(&text).unwrap_or_else(|p| panic!("{p:#?}"));
    let strength = |bones: &str| {
        let plan = week(&data, &answers(&[("bones", bones), ("kit", "weights")]));
        (plan.days.iter().flat_map(|d| &d.items))
            .filter(|i| i.category == "strength")
            .map(|i| i.activity.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(strength("fine"), ["squat", "squat"]);
    assert_eq!(strength("unsure"), ["jump", "jump"]);
    assert_eq!(strength("weak"), ["jump", "jump"]);
}

#[test]
fn data_paths_stay_below_the_page() {
    let page = Path::new("content/tools/plan.md");
    assert_eq!(
        data_path(page, "data/plan.yaml"),
        Some(PathBuf::from("content/tools/data/plan.yaml"))
    );
    assert_eq!(data_path(page, "../plan.yaml"), None);
    assert_eq!(data_path(page, "/etc/passwd"), None);
}
