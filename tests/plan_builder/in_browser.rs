//! The plan builder in headless Chromium: five contrasting readers, shared
//! links, the calendar file, printing, the page without JavaScript, and the
//! script planning exactly as the Rust planner does.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::common::browser::{format_violations, serve_dir, Browser, WCAG_TAGS};
use super::{all_answer_sets, answers, check_promises, example_data, repo, shown, Shown};
use pamphlet::plan::{self, Answers, PlanData};

/// The example site, built into a temporary folder.
fn build_example() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let outcome = pamphlet::build(&pamphlet::Options {
        output: Some(out.path().join("public")),
        ..pamphlet::Options::new(repo())
    });
    let errors: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty() && outcome.written, "{errors:#?}");
    out
}

const PAGE: &str = "plan-builder/";

/// The week on the page: per day, (activity id, shown as supervised), and
/// the minutes each day shows.
fn week_on_page(browser: &Browser) -> (Shown, Vec<u32>) {
    let value = browser.execute(
        r#"return Array.from(document.querySelectorAll('#plan-output tr.plan-day')).map((row) => ({
            items: Array.from(row.querySelectorAll('li')).map((li) => [
                li.querySelector('a').getAttribute('href').replace('#plan-activity-', ''),
                li.querySelector('.plan-supervised') !== null]),
            minutes: parseInt(row.cells[2].textContent, 10) }));"#,
        &[],
    );
    let days: Vec<Value> = serde_json::from_value(value).unwrap();
    let items = days
        .iter()
        .map(|d| serde_json::from_value(d["items"].clone()).unwrap())
        .collect();
    let minutes = days
        .iter()
        .map(|d| d["minutes"].as_u64().unwrap() as u32)
        .collect();
    (items, minutes)
}

/// Answers the form by clicking the answers' labels, as a reader would.
fn answer(browser: &Browser, set: &Answers) {
    for (question, answer) in set {
        browser
            .find(&format!(
                "label:has(> input[name='{question}'][value='{answer}'])"
            ))
            .click();
    }
}

fn text(browser: &Browser, css: &str) -> String {
    browser.try_find(css).map(|e| e.text()).unwrap_or_default()
}

/// Five contrasting readers: what each must and must not get.
fn profiles() -> Vec<(
    &'static str,
    Answers,
    &'static [&'static str],
    &'static [&'static str],
)> {
    let base = [
        ("diagnosis", "none"),
        ("fractures", "no"),
        ("falls", "none"),
        ("balance", "steady"),
        ("activity", "some"),
    ];
    let with = |changes: &[(&'static str, &'static str)]| {
        let mut set = answers(&base);
        set.extend(answers(changes));
        set
    };
    vec![
        (
            "active, no diagnosis",
            with(&[
                ("activity", "active"),
                ("days", "7"),
                ("minutes", "60"),
                ("equipment", "weights"),
            ]),
            &["Impact", "Brisk walk"],
            &["Before you start", "leaves out"],
        ),
        (
            "osteoporosis and a spine fracture",
            with(&[
                ("diagnosis", "osteoporosis"),
                ("fractures", "yes"),
                ("days", "5"),
                ("minutes", "30"),
                ("equipment", "weights"),
            ]),
            &[
                "Talk to a physiotherapist before you start",
                "Impact: left out",
                "hips instead",
                "supervising",
            ],
            &["Heel drops", "Curl-ups"],
        ),
        (
            "two falls and cannot balance",
            with(&[
                ("falls", "two-or-more"),
                ("balance", "cannot"),
                ("activity", "inactive"),
                ("days", "7"),
                ("minutes", "20"),
                ("equipment", "none"),
            ]),
            &["falls service", "Balance exercises holding on"],
            &["without support", "Heel drops"],
        ),
        (
            "little time",
            with(&[
                ("diagnosis", "low-density"),
                ("days", "2"),
                ("minutes", "15"),
                ("equipment", "bands"),
            ]),
            &["not enough time", "Strength"],
            &["Curl-ups"],
        ),
        (
            "gym and low bone density",
            with(&[
                ("diagnosis", "low-density"),
                ("activity", "active"),
                ("days", "3"),
                ("minutes", "45"),
                ("equipment", "gym"),
            ]),
            &["High-intensity strength and impact class", "supervising"],
            &["Curl-ups"],
        ),
    ]
}

#[test]
#[cfg_attr(
    not(has_browser),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
#[cfg_attr(all(has_browser, not(has_axe)), ignore = "needs axe-core: npm ci")]
fn readers_get_safe_plans_they_can_share_print_and_put_in_a_calendar() {
    let data = example_data();
    let site = build_example();
    let (url, _server) = serve_dir(site.path().join("public"), "/site/");
    let browser = Browser::start();
    // The theme scrolls smoothly, which moves elements under WebDriver's clicks.
    browser.cdp(
        "Emulation.setEmulatedMedia",
        json!({ "features": [{ "name": "prefers-reduced-motion", "value": "reduce" }] }),
    );
    browser.goto(&format!("{url}{PAGE}"));
    assert!(!browser.find("#plan-nojs").is_displayed());
    assert!(browser.find("#plan-actions").is_displayed());

    let mut links = Vec::new();
    for (name, set, present, absent) in profiles() {
        answer(&browser, &set);
        let (days, minutes) = week_on_page(&browser);
        check_promises(&data, &set, &days, &minutes);
        assert_eq!(
            days,
            shown(&plan::week(&data, &set)),
            "{name}: the script plans as Rust does"
        );
        let output = text(&browser, "#plan-output");
        for wanted in present {
            assert!(
                output.contains(wanted),
                "{name}: no `{wanted}` in\n{output}"
            );
        }
        for unwanted in absent {
            assert!(
                !output.contains(unwanted),
                "{name}: `{unwanted}` in\n{output}"
            );
        }
        assert_eq!(
            text(&browser, "#plan-status"),
            "Your plan has been updated."
        );
        let current = browser.current_url();
        assert!(current.contains("#a=diagnosis:"), "{current}");
        links.push((current, days));
        let violations = browser.axe(WCAG_TAGS);
        assert!(
            violations.is_empty(),
            "{name}:\n{}",
            format_violations(&violations)
        );
    }

    // A shared link reproduces its plan, even over answers saved since.
    for (link, days) in &links {
        browser.goto("about:blank");
        browser.goto(link);
        assert_eq!(&week_on_page(&browser).0, days, "{link}");
    }
    // Without a link, the last answers come back from localStorage.
    browser.goto("about:blank");
    browser.goto(&format!("{url}{PAGE}"));
    assert_eq!(&week_on_page(&browser).0, &links.last().unwrap().1);
    // A link with an answer the page does not know says so.
    browser.goto("about:blank");
    browser.goto(&format!("{url}{PAGE}#a=falls:often,days:7"));
    assert!(text(&browser, "#plan-status").contains("falls:often"));

    // Keyboard only: arrow keys change an answer, Enter shows the plan.
    browser.find("input[name='falls'][value='none']").click();
    browser
        .find("input[name='falls'][value='none']")
        .send_keys("\u{E015}");
    assert_eq!(
        browser.execute("return document.activeElement.value;", &[]),
        "one"
    );
    assert!(text(&browser, "#plan-output").contains("After a fall, UK experts advise"));
    browser.find("#plan-show").send_keys("\u{E007}");
    assert_eq!(
        browser.execute("return document.activeElement.id;", &[]),
        "plan-week-heading"
    );

    check_calendar(&browser, &data);
    check_layout_and_print(&browser);
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    let requests = browser.network_requests();
    let origin = url.trim_end_matches("site/");
    let elsewhere: Vec<_> = requests.iter().filter(|u| !u.starts_with(origin)).collect();
    assert!(
        elsewhere.is_empty(),
        "requests left 127.0.0.1: {elsewhere:#?}"
    );
}

/// The `.ics` file: caught where the script hands it to the browser.
fn check_calendar(browser: &Browser, data: &PlanData) {
    browser.execute(
        r#"URL.createObjectURL = (blob) => { window.capturedBlob = blob; return 'blob:captured'; };
           HTMLAnchorElement.prototype.click = function () { window.capturedName = this.download; };
           document.getElementById('plan-calendar').click();"#,
        &[],
    );
    let ics = browser.execute_async(
        "const done = arguments[arguments.length - 1]; window.capturedBlob.text().then(done);",
        &[],
    );
    let ics = ics.as_str().unwrap();
    assert_eq!(
        browser.execute("return window.capturedName;", &[]),
        "exercise-plan.ics"
    );
    assert!(
        ics.ends_with("\r\n") && !ics.replace("\r\n", "").contains('\n'),
        "CRLF only"
    );
    let lines: Vec<&str> = ics.trim_end().split("\r\n").collect();
    assert!(lines.iter().all(|l| l.len() <= 75), "folded at 75 octets");
    assert!(
        lines.iter().any(|l| l.starts_with(' ')),
        "long lines are folded"
    );
    let unfolded = ics.replace("\r\n ", "");
    let lines: Vec<&str> = unfolded.trim_end().split("\r\n").collect();
    assert_eq!(
        lines[..3],
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//pamphlet//Plan builder//EN"
        ]
    );
    assert_eq!(lines.last(), Some(&"END:VCALENDAR"));
    let (days, _) = week_on_page(browser);
    let events = days.iter().filter(|d| !d.is_empty()).count();
    let count = |prefix: &str| lines.iter().filter(|l| l.starts_with(prefix)).count();
    for prefix in [
        "BEGIN:VEVENT",
        "END:VEVENT",
        "UID:plan-",
        "DTSTAMP:",
        "DTSTART;VALUE=DATE:",
        "RRULE:FREQ=WEEKLY",
        "SUMMARY:Exercise: ",
        "DESCRIPTION:",
    ] {
        assert_eq!(count(prefix), events, "{prefix}\n{unfolded}");
    }
    let uids: BTreeSet<_> = lines.iter().filter(|l| l.starts_with("UID:")).collect();
    assert_eq!(uids.len(), events, "UIDs are unique");
    let stamp = lines
        .iter()
        .find_map(|l| l.strip_prefix("DTSTAMP:"))
        .unwrap();
    assert!(
        stamp.len() == 16 && stamp.ends_with('Z') && stamp.as_bytes()[8] == b'T',
        "{stamp}"
    );
    let summary = lines
        .iter()
        .find(|l| l.starts_with("SUMMARY:") && l.contains("\\,"));
    assert!(summary.is_some(), "commas in text are escaped:\n{unfolded}");
    let description = lines
        .iter()
        .find(|l| l.starts_with("DESCRIPTION:"))
        .unwrap();
    assert!(
        description.contains("\\n") && description.contains("#a=diagnosis:"),
        "{description}"
    );
    assert!(data
        .activities
        .iter()
        .any(|a| description.contains(&a.name)));
}

/// A table on wide screens, a list of days on phones; controls large
/// enough to hit; one printed page with the sources.
fn check_layout_and_print(browser: &Browser) {
    let small: Value = browser.execute(
        r#"return Array.from(document.querySelectorAll('label.choice, #plan-actions button, #plan-actions a, #plan-show'))
            .map((e) => [e.id || e.textContent.trim(), e.getBoundingClientRect().height])
            .filter(([, h]) => h < 44);"#,
        &[],
    );
    assert_eq!(small, json!([]), "controls under 44 px");
    let display = "return getComputedStyle(document.querySelector('tr.plan-day')).display;";
    assert_eq!(browser.execute(display, &[]), "table-row");
    browser.set_window_size(400, 800);
    assert_eq!(browser.execute(display, &[]), "block");
    browser.set_window_size(1024, 768);

    let pdf = browser.cdp(
        "Page.printToPDF",
        json!({ "paperWidth": 8.27, "paperHeight": 11.69 }),
    );
    let pages = browser.execute(
        "return (atob(arguments[0]).match(/\\/Type\\s*\\/Page[^s]/g) || []).length;",
        &[pdf["data"].clone()],
    );
    assert_eq!(pages, 1, "the printed plan fits one page");
    let printed = browser.execute(
        r#"const sheet = Array.from(document.styleSheets).flatMap((s) => Array.from(s.cssRules))
             .filter((r) => r.media && r.media.mediaText === 'print').map((r) => r.cssText).join('\n');
           return sheet;"#,
        &[],
    );
    assert!(
        printed.as_str().unwrap().contains(".plan-form"),
        "{printed}"
    );
}

#[test]
#[cfg_attr(
    not(has_browser),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
fn the_script_and_the_rust_planner_make_the_same_plans() {
    let data = example_data();
    let site = build_example();
    let html =
        std::fs::read_to_string(site.path().join("public").join(PAGE).join("index.html")).unwrap();
    let (url, _server) = serve_dir(site.path().join("public"), "/");
    let browser = Browser::start();
    browser.goto(&format!("{url}{PAGE}"));

    // The script's default week is, node for node, the week pamphlet wrote.
    let same = browser.execute(
        r#"const norm = (node) => node.innerHTML.replace(/\s+/g, ' ').replace(/> </g, '><').trim();
           const written = new DOMParser().parseFromString(arguments[0], 'text/html');
           return [norm(written.getElementById('plan-output')), norm(document.getElementById('plan-output'))];"#,
        &[json!(html)],
    );
    assert_eq!(same[0], same[1]);

    // A spread of answer sets (every 41st of all 22,680), compared whole.
    let sets: Vec<Answers> = all_answer_sets(&data).into_iter().step_by(41).collect();
    let from_script = browser.execute(
        r#"const data = JSON.parse(document.getElementById('plan-data').textContent);
           return arguments[0].map((answers) => window.pamphletPlan.planWeek(data, answers));"#,
        &[json!(sets)],
    );
    let from_script = from_script.as_array().unwrap();
    assert_eq!(from_script.len(), sets.len());
    for (set, script) in sets.iter().zip(from_script) {
        let rust = serde_json::to_value(plan::week(&data, set)).unwrap();
        assert_eq!(&rust, script, "answers {set:?}");
    }
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

#[test]
#[cfg_attr(
    not(has_browser),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
#[cfg_attr(all(has_browser, not(has_axe)), ignore = "needs axe-core: npm ci")]
fn without_javascript_the_page_shows_the_default_week() {
    let data = example_data();
    let site = build_example();
    let (url, _server) = serve_dir(site.path().join("public"), "/");
    let browser = Browser::start();
    browser.cdp(
        "Emulation.setScriptExecutionDisabled",
        json!({ "value": true }),
    );
    browser.goto(&format!("{url}{PAGE}#a=fractures:yes"));
    assert!(browser.find("#plan-nojs").is_displayed());
    assert!(!browser.find("#plan-actions").is_displayed());
    assert_eq!(browser.find("#plan-q-fractures").prop("disabled"), true);
    let (days, minutes) = week_on_page(&browser);
    let defaults = data.default_answers();
    assert_eq!(days, shown(&plan::week(&data, &defaults)));
    check_promises(&data, &defaults, &days, &minutes);
    assert!(
        days.iter().filter(|d| !d.is_empty()).count() >= 5,
        "{days:?}"
    );
    // axe itself is a script; the page has loaded without its own by now.
    browser.cdp(
        "Emulation.setScriptExecutionDisabled",
        json!({ "value": false }),
    );
    browser.assert_accessible();
}
