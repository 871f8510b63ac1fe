/* The plan builder: turns a reader's answers into a weekly exercise plan.
 *
 * Everything the plan recommends comes from the page's data (the JSON in
 * #plan-data, written by pamphlet from the site's plan data file): this
 * script knows how to plan, not what is good for bones. The planning steps
 * are the same as in src/plan/planner.rs, which renders the default week
 * for readers without JavaScript; docs/plan-builder.md specifies both, and
 * the browser tests require both to give the same week for the same answers.
 *
 * Answers stay on the reader's device: in localStorage and in the address
 * (#a=question:answer,...), so a link reproduces the plan. No network.
 */
(() => {
  "use strict";

  /* ---------------------------------------------------------------------
   * Planning: a pure function of (data, answers).
   * ------------------------------------------------------------------- */

  /** The chosen answer of every question: the reader's, else the default. */
  function chooseAnswers(data, answers) {
    const chosen = {};
    data.questions.forEach((q) => {
      const wanted = Object.prototype.hasOwnProperty.call(answers, q.id) ? answers[q.id] : q.default;
      chosen[q.id] = q.answers.find((a) => a.id === wanted) ||
        q.answers.find((a) => a.id === q.default) || q.answers[0];
    });
    return chosen;
  }

  /** Whether the chosen answers meet every condition (question → answers). */
  function meets(conditions, chosen) {
    return Object.keys(conditions).every((question) => {
      const answer = chosen[question];
      return Boolean(answer) && conditions[question].indexOf(answer.id) >= 0;
    });
  }

  /** What the answers and the rules that apply allow. */
  function limitsFor(data, answers) {
    const chosen = chooseAnswers(data, answers);
    const picked = Object.keys(chosen).map((q) => chosen[q]);
    // One question sets each of days and minutes (the build checks that).
    const first = (field) => {
      const found = picked.find((a) => a[field] !== undefined);
      return found ? found[field] : 0;
    };
    const limits = {
      chosen,
      levels: data.impact_levels,
      days: Math.min(first("days"), 7),
      minutes: first("minutes"),
      equipment: new Set(),
      maxImpact: data.impact_levels.length - 1,
      noSpinalFlexion: false,
      skip: new Set(),
      supervise: new Set(),
      rules: data.rules.filter((rule) => meets(rule.when, chosen))
    };
    picked.forEach((a) => { a.equipment.forEach((e) => limits.equipment.add(e)); });
    limits.rules.forEach((rule) => {
      if (rule.max_impact !== undefined) {
        limits.maxImpact = Math.min(limits.maxImpact, limits.levels.indexOf(rule.max_impact));
      }
      limits.noSpinalFlexion = limits.noSpinalFlexion || rule.no_spinal_flexion;
      rule.skip.forEach((c) => { limits.skip.add(c); });
      rule.supervise.forEach((e) => { limits.supervise.add(e); });
    });
    return limits;
  }

  function allows(limits, activity) {
    const avoided = Object.keys(activity.avoid_if).length > 0 && meets(activity.avoid_if, limits.chosen);
    return limits.levels.indexOf(activity.impact) <= limits.maxImpact &&
      !(limits.noSpinalFlexion && activity.spinal_flexion) &&
      activity.equipment.every((e) => limits.equipment.has(e)) &&
      !avoided;
  }

  function supervised(limits, activity) {
    return activity.supervised_only ||
      activity.equipment.some((e) => limits.supervise.has(e));
  }

  /** Seven days, with the reader's days spread evenly from Monday. */
  function emptyWeek(count) {
    const available = new Set();
    for (let i = 0; i < count; i++) { available.add(Math.floor(i * 7 / count)); }
    const days = [];
    for (let d = 0; d < 7; d++) { days.push({ available: available.has(d), minutes: 0, items: [] }); }
    return days;
  }

  /* Places up to target.sessions sessions, one a day, each on the day with
   * the most time left (the earliest of equals), rotating through the pool
   * for variety. Returns how many were placed. */
  function place(days, target, pool, limits) {
    const has = (d) => days[d].items.some((i) => i.category === target.category);
    const free = (d) => Math.max(0, limits.minutes - days[d].minutes);
    let planned = 0;
    while (planned < target.sessions) {
      let best = -1;
      for (let d = 0; d < 7; d++) {
        const open = days[d].available && !has(d) &&
          !(target.not_consecutive && (has((d + 1) % 7) || has((d + 6) % 7))) &&
          pool.some((a) => a.minutes <= free(d));
        if (open && (best < 0 || free(d) > free(best))) { best = d; }
      }
      if (best < 0) { break; }
      let activity = null;
      for (let j = 0; j < pool.length && !activity; j++) {
        const candidate = pool[(planned + j) % pool.length];
        if (candidate.minutes <= free(best)) { activity = candidate; }
      }
      days[best].minutes += activity.minutes;
      days[best].items.push({
        activity: activity.id,
        category: target.category,
        minutes: activity.minutes,
        supervised: supervised(limits, activity)
      });
      planned += 1;
    }
    return planned;
  }

  /** The plan for `answers` (question id → answer id). */
  function planWeek(data, answers) {
    const limits = limitsFor(data, answers);
    const days = emptyWeek(limits.days);
    const gaps = [];
    data.targets.forEach((target) => {
      const gap = (planned, reason) => {
        gaps.push({ category: target.category, planned, sessions: target.sessions, reason });
      };
      if (limits.skip.has(target.category)) { return gap(0, "skipped"); }
      const pool = data.activities.filter((a) =>
        a.category === target.category && allows(limits, a) &&
          (target.minutes === undefined || a.minutes >= target.minutes));
      if (pool.length === 0) { return gap(0, "unsuitable"); }
      const planned = place(days, target, pool, limits);
      if (planned < target.sessions) { gap(planned, "time"); }
    });
    return { days, gaps, rules: limits.rules.map((r) => r.id) };
  }

  /* ---------------------------------------------------------------------
   * Showing a plan: the same markup as the `week` part of
   * templates/plan.html, which shows the default week without JavaScript.
   * ------------------------------------------------------------------- */

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, (all, name) =>
      Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all);
  }

  /** An element with attributes and children (nodes or strings). */
  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    Object.keys(attributes || {}).forEach((name) => { node.setAttribute(name, attributes[name]); });
    (children || []).forEach((child) => { node.append(child); });
    return node;
  }

  /* The cited text shown in "Why this plan", copied: its citations link to
   * the source list like the original, but the copy has no ids, because
   * ids must stay unique and the back-links point at the original. */
  function copyOf(id, selector) {
    const original = document.querySelector("#" + id + " " + selector);
    if (!original) { return []; }
    const copy = original.cloneNode(true);
    copy.querySelectorAll("[id]").forEach((node) => { node.removeAttribute("id"); });
    return Array.from(copy.childNodes);
  }

  function find(list, id) {
    return list.find((item) => item.id === id);
  }

  function box(className, heading, items) {
    return el("div", { class: className }, [
      el("h3", {}, [heading]),
      el("ul", {}, items.map((children) => el("li", {}, children)))
    ]);
  }

  function itemNodes(data, item) {
    const m = data.messages;
    const activity = find(data.activities, item.activity);
    const category = find(data.categories, item.category);
    const nodes = [
      el("a", { href: "#plan-activity-" + item.activity }, [activity.name]),
      " (" + category.name + "): " + activity.dose + "."
    ];
    if (item.supervised) {
      nodes.push(" ", el("strong", { class: "plan-supervised" }, [m.supervised]));
    }
    const reason = copyOf("plan-target-" + item.category, ".plan-target-why");
    nodes.push(" ", el("span", { class: "plan-reason" }, [m.why + " "].concat(reason)));
    return nodes;
  }

  function dayRow(data, day, name) {
    const m = data.messages;
    const what = day.items.length
      ? [el("ul", {}, day.items.map((item) => el("li", {}, itemNodes(data, item))))]
      : [m.rest_day];
    return el("tr", { class: "plan-day" }, [
      el("th", { scope: "row" }, [name]),
      el("td", { "data-label": m.activities }, what),
      el("td", { "data-label": m.time }, [fill(m.total, { minutes: day.minutes })])
    ]);
  }

  function gapText(data, gap) {
    return fill(data.messages["gap_" + gap.reason], {
      category: find(data.categories, gap.category).name,
      planned: gap.planned,
      sessions: gap.sessions
    });
  }

  /** The nodes that show `week`, in the order of the template. */
  function renderWeek(data, week) {
    const m = data.messages;
    const nodes = [];
    const advice = week.rules
      .map((id) => copyOf("plan-rule-" + id, ".plan-rule-advice"))
      .filter((copy) => copy.length > 0);
    if (advice.length) { nodes.push(box("plan-warning", m.advice_heading, advice)); }
    const head = el("tr", {}, [m.day, m.activities, m.time].map((text) =>
      el("th", { scope: "col" }, [text])));
    nodes.push(el("table", { class: "plan-week" }, [
      el("caption", {}, [m.caption]),
      el("thead", {}, [head]),
      el("tbody", {}, week.days.map((day, d) => dayRow(data, day, data.days[d])))
    ]));
    if (week.gaps.length) {
      nodes.push(box("plan-note", m.gaps_heading, week.gaps.map((gap) => [gapText(data, gap)])));
    }
    const notes = week.rules.map((id) => copyOf("plan-rule-" + id, ".plan-rule-text"));
    if (notes.length) { nodes.push(box("plan-note", m.notes_heading, notes)); }
    return nodes;
  }

  /* ---------------------------------------------------------------------
   * Answers: the form, the address (#a=...) and localStorage.
   * ------------------------------------------------------------------- */

  const FRAGMENT = "#a=";

  function readForm(form, data) {
    const answers = {};
    data.questions.forEach((q) => {
      const checked = form.querySelector("input[name='" + q.id + "']:checked");
      answers[q.id] = checked ? checked.value : q.default;
    });
    return answers;
  }

  /** Checks the answers given; questions without a known answer keep theirs. */
  function writeForm(form, answers) {
    Object.keys(answers).forEach((question) => {
      form.querySelectorAll("input[name='" + question + "']").forEach((input) => {
        if (input.value === String(answers[question])) { input.checked = true; }
      });
    });
  }

  function toFragment(data, answers) {
    return FRAGMENT + data.questions.map((q) => q.id + ":" + answers[q.id]).join(",");
  }

  /** Answers from `#a=q:a,...`; pairs naming nothing known go in `unknown`. */
  function fromFragment(data, hash) {
    const result = { answers: {}, unknown: [] };
    let text = hash.slice(FRAGMENT.length);
    try { text = decodeURIComponent(text); } catch (e) { /* keep it as written */ }
    text.split(",").forEach((pair) => {
      const parts = pair.split(":");
      const q = find(data.questions, parts[0]);
      if (q && parts.length === 2 && find(q.answers, parts[1])) {
        result.answers[q.id] = parts[1];
      } else if (pair) {
        result.unknown.push(pair);
      }
    });
    return result;
  }

  /* Storage can be off or full (private windows, strict settings); the
   * plan still works, so those failures are not the reader's problem. */
  function recall(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function remember(key, answers) {
    try { window.localStorage.setItem(key, JSON.stringify(answers)); } catch (e) { /* see recall */ }
  }

  /* ---------------------------------------------------------------------
   * Calendar: an iCalendar file (RFC 5545) with one weekly event per day.
   * ------------------------------------------------------------------- */

  /** TEXT escaping of RFC 5545 section 3.3.11. */
  function escapeText(text) {
    return text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
  }

  function utf8Length(character) {
    const code = character.codePointAt(0);
    return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }

  /** Folds a content line at 75 octets, never inside a character. */
  function fold(line) {
    let out = "";
    let octets = 0;
    Array.from(line).forEach((character) => {
      const size = utf8Length(character);
      if (octets + size > 75) {
        out += "\r\n ";
        octets = 1;
      }
      out += character;
      octets += size;
    });
    return out;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function dateValue(date) {
    return date.getFullYear() + pad(date.getMonth() + 1) + pad(date.getDate());
  }

  function utcStamp(date) {
    return date.getUTCFullYear() + pad(date.getUTCMonth() + 1) + pad(date.getUTCDate()) + "T" +
      pad(date.getUTCHours()) + pad(date.getUTCMinutes()) + pad(date.getUTCSeconds()) + "Z";
  }

  /** The first date on or after `now` that falls on weekday `d` (0 = Monday). */
  function nextWeekday(now, d) {
    const today = (now.getDay() + 6) % 7;
    return new Date(now.getFullYear(), now.getMonth(), now.getDate() + (d - today + 7) % 7);
  }

  /** The calendar text for `week`; `options` gives `now`, `host` and `link`. */
  function icsText(data, week, options) {
    const stamp = utcStamp(options.now);
    const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//pamphlet//Plan builder//EN",
      "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
    week.days.forEach((day, d) => {
      if (!day.items.length) { return; }
      const activities = day.items.map((item) => find(data.activities, item.activity));
      const details = day.items.map((item, i) =>
        activities[i].name + ": " + activities[i].dose + "." + (item.supervised ? " " + data.messages.supervised : ""));
      lines.push("BEGIN:VEVENT",
        "UID:plan-" + stamp + "-" + d + "@" + options.host,
        "DTSTAMP:" + stamp,
        "DTSTART;VALUE=DATE:" + dateValue(nextWeekday(options.now, d)),
        "RRULE:FREQ=WEEKLY",
        "SUMMARY:" + escapeText("Exercise: " + activities.map((a) => a.name).join(", ")),
        "DESCRIPTION:" + escapeText(details.concat(["", options.link]).join("\n")),
        "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  function download(text, name) {
    const url = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
    const link = el("a", { href: url, download: name, hidden: "" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => { URL.revokeObjectURL(url); }, 1000);
  }

  /* ---------------------------------------------------------------------
   * The page.
   * ------------------------------------------------------------------- */

  function start() {
    const byId = (id) => document.getElementById(id);
    const status = byId("plan-status");
    const form = byId("plan-form");
    const output = byId("plan-output");
    if (!byId("plan-data") || !status || !form || !output) { return; }
    const say = (text) => { status.textContent = text; };
    let data;
    try {
      data = JSON.parse(byId("plan-data").textContent);
    } catch (e) {
      say("Sorry, the plan builder could not start: its data is damaged. The plan shown is the usual one.");
      return;
    }
    const key = "pamphlet-plan:" + window.location.pathname;
    const share = byId("plan-share");

    /* Shows the plan for `answers`; `keep` also puts them in the address
     * and in storage (not on arrival, to leave a link's #fragment alone). */
    function show(answers, keep) {
      writeForm(form, answers);
      const chosen = readForm(form, data);
      output.replaceChildren(...renderWeek(data, planWeek(data, chosen)));
      const fragment = toFragment(data, chosen);
      share.setAttribute("href", fragment);
      if (keep) {
        history.replaceState(null, "", fragment);
        remember(key, chosen);
      }
    }

    function fromAddress() {
      if (window.location.hash.indexOf(FRAGMENT) !== 0) { return null; }
      const found = fromFragment(data, window.location.hash);
      if (found.unknown.length) {
        say("This link has answers the plan builder does not know (" + found.unknown.join(", ") +
          "), so it uses the usual answers for those questions. Please check them.");
      }
      return found.answers;
    }

    form.querySelectorAll("fieldset, button").forEach((node) => { node.disabled = false; });
    byId("plan-nojs").hidden = true;
    byId("plan-actions").hidden = false;
    const linked = fromAddress();
    const saved = linked ? null : recall(key);
    show(linked || saved || {}, false);
    if (saved) { say("Your answers from last time on this device are filled in."); }

    form.addEventListener("change", () => {
      show(readForm(form, data), true);
      say("Your plan has been updated.");
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      show(readForm(form, data), true);
      say("Your plan has been updated.");
      byId("plan-week-heading").focus();
    });
    window.addEventListener("hashchange", () => {
      const answers = fromAddress();
      if (answers) { show(answers, true); }
    });
    byId("plan-print").addEventListener("click", () => { window.print(); });
    byId("plan-calendar").addEventListener("click", () => {
      try {
        const week = planWeek(data, readForm(form, data));
        const link = window.location.href.split("#")[0] + share.getAttribute("href");
        const host = window.location.hostname || "localhost";
        download(icsText(data, week, { now: new Date(), host, link }), "exercise-plan.ics");
        say("Your plan was saved as exercise-plan.ics. Open that file to add it to your calendar.");
      } catch (e) {
        say("Sorry, the calendar file could not be made in this browser. You can print the plan instead.");
      }
    });
  }

  // For the tests and for anyone curious: the two pure parts.
  window.pamphletPlan = { planWeek, icsText };
  start();
})();
