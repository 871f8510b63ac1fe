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

  const has = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

  /** The chosen answer of every question: the reader's, else the default. */
  function chooseAnswers(data, answers) {
    const chosen = {};
    data.questions.forEach((q) => {
      chosen[q.id] = (has(answers, q.id) && q.answers.find((a) => a.id === answers[q.id])) ||
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
      startGently: false,
      rules: data.rules.filter((rule) => meets(rule.when, chosen))
    };
    picked.forEach((a) => { a.equipment.forEach((e) => limits.equipment.add(e)); });
    limits.rules.forEach((rule) => {
      if (rule.max_impact !== undefined) {
        limits.maxImpact = Math.min(limits.maxImpact, limits.levels.indexOf(rule.max_impact));
      }
      limits.noSpinalFlexion = limits.noSpinalFlexion || rule.no_spinal_flexion;
      limits.startGently = limits.startGently || rule.start_gently;
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

  /** The least minutes a session of `activity` may take. */
  function shortest(activity) {
    return Math.min(activity.shortest === undefined ? activity.minutes : activity.shortest, activity.minutes);
  }

  /** What a target counts, and how many of it a week. */
  function aim(target) {
    return target.weekly_minutes === undefined
      ? { counts: "days", wanted: target.sessions }
      : { counts: "minutes", wanted: target.weekly_minutes };
  }

  /** Seven days, with the reader's days spread evenly from Monday. */
  function emptyWeek(count) {
    const available = new Set();
    for (let i = 0; i < count; i++) { available.add(Math.floor(i * 7 / count)); }
    const days = [];
    for (let d = 0; d < 7; d++) { days.push({ available: available.has(d), minutes: 0, items: [] }); }
    return days;
  }

  /* Places sessions of the target until it is met, at most one a day, each
   * on the open day with the most time left (the earliest of equals), with
   * the first activity of the pool that fits there (hardest first, so never
   * a step back). A session is as long as the activity, or shorter when
   * the day has less time (down to its `shortest`) or a weekly-minutes
   * target needs less. Returns what was planned and why placing stopped. */
  function place(days, target, pool, limits) {
    const { counts, wanted } = aim(target);
    const hasCategory = (d) => days[d].items.some((i) => i.category === target.category);
    const free = (d) => Math.max(0, limits.minutes - days[d].minutes);
    let planned = 0;
    let cut = false; // a session cut short for lack of time: see planner.rs
    while (planned < wanted) {
      const open = [];
      for (let d = 0; d < 7; d++) {
        if (days[d].available && !hasCategory(d) &&
          !(target.not_consecutive && (hasCategory((d + 1) % 7) || hasCategory((d + 6) % 7)))) {
          open.push(d);
        }
      }
      if (open.length === 0) { return { planned, reason: cut ? "time" : "days" }; }
      let best = -1;
      let activity = null;
      open.forEach((d) => {
        const fits = pool.find((a) => shortest(a) <= free(d));
        if (fits && (best < 0 || free(d) > free(best))) { best = d; activity = fits; }
      });
      if (best < 0) { return { planned, reason: "time" }; }
      let minutes = Math.min(activity.minutes, free(best));
      cut = cut || minutes < activity.minutes;
      if (counts === "minutes") { minutes = Math.min(minutes, Math.max(wanted - planned, shortest(activity))); }
      days[best].minutes += minutes;
      days[best].items.push({
        activity: activity.id,
        category: target.category,
        minutes,
        supervised: supervised(limits, activity)
      });
      planned += counts === "days" ? 1 : minutes;
    }
    return { planned, reason: "days" };
  }

  /** The plan for `answers` (question id → answer id). */
  function planWeek(data, answers) {
    const limits = limitsFor(data, answers);
    const days = emptyWeek(limits.days);
    const gaps = [];
    data.targets.forEach((target) => {
      const { counts, wanted } = aim(target);
      const gap = (planned, reason) => {
        gaps.push({ category: target.category, counts, planned, wanted, reason });
      };
      if (limits.skip.has(target.category)) { return gap(0, "skipped"); }
      const pool = data.activities.filter((a) => a.category === target.category && allows(limits, a));
      if (pool.length === 0) { return gap(0, "unsuitable"); }
      const placed = place(days, target, pool, limits);
      if (placed.planned < wanted) { gap(placed.planned, placed.reason); }
    });
    const assumed = data.questions
      .filter((q) => !(has(answers, q.id) && q.answers.some((a) => a.id === answers[q.id])))
      .map((q) => q.id);
    return {
      days,
      minutes: limits.minutes,
      gaps,
      rules: limits.rules.map((r) => r.id),
      start_gently: limits.startGently,
      assumed
    };
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

  /** A heading and a list; `items` are lists of child nodes. */
  function box(className, heading, items, intro) {
    return el("div", { class: className }, [el("h3", {}, [heading])]
      .concat(intro ? [el("p", {}, [intro])] : [])
      .concat([el("ul", {}, items.map((children) => el("li", {}, children)))]));
  }

  function dose(data, amount, minutes) {
    const m = data.messages;
    return amount === undefined ? fill(m.dose_minutes, { minutes }) : fill(m.dose_amount, { amount, minutes });
  }

  /** Where a reader who starts gently begins, if that differs from `dose`. */
  function sessionStart(activity, dose, gently) {
    return gently && activity.start_dose !== undefined && activity.start_dose !== dose
      ? activity.start_dose : null;
  }

  function itemNodes(data, week, item) {
    const activity = find(data.activities, item.activity);
    const category = find(data.categories, item.category);
    const amount = dose(data, activity.amount, item.minutes);
    const start = sessionStart(activity, amount, week.start_gently);
    const nodes = [
      el("a", { href: "#plan-activity-" + item.activity }, [activity.name]),
      el("span", { class: "plan-category" }, [" (" + category.name + ")"]), ": " + amount
    ];
    if (start !== null) {
      nodes.push(el("span", { class: "plan-start" }, [" (" + fill(data.messages.start_with, { start }) + ")"]));
    }
    nodes.push(".");
    if (item.supervised) {
      nodes.push(" ", el("strong", { class: "plan-supervised" }, [data.messages.supervised]));
    }
    return nodes;
  }

  function dayRow(data, week, day, name) {
    const m = data.messages;
    const what = day.items.length
      ? [el("ul", {}, day.items.map((item) => el("li", {}, itemNodes(data, week, item))))]
      : [m.rest_day];
    return el("tr", { class: "plan-day" }, [
      el("th", { scope: "row" }, [name]),
      el("td", { "data-label": m.activities }, what),
      el("td", { "data-label": m.time }, [fill(m.total, { minutes: day.minutes })])
    ]);
  }

  function gapText(data, week, gap) {
    const key = gap.reason === "skipped" || gap.reason === "unsuitable"
      ? "gap_" + gap.reason : "gap_" + gap.counts + "_" + gap.reason;
    const m = data.messages;
    const count = (n) => (n === 0 ? m.count_none : fill(m["count_" + gap.counts], { count: n }));
    return fill(m[key], {
      category: find(data.categories, gap.category).name,
      planned: count(gap.planned),
      wanted: count(gap.wanted),
      days: week.days.filter((d) => d.available).length,
      minutes: week.minutes
    });
  }

  function usedText(data, week) {
    const used = week.days.reduce((sum, d) => sum + d.minutes, 0);
    const offered = week.days.filter((d) => d.available).length * week.minutes;
    return fill(data.messages.used, { used, offered });
  }

  /** The answers the week assumed, in words. */
  function assumedTexts(data, week) {
    return data.questions.filter((q) => week.assumed.indexOf(q.id) >= 0).map((q) => {
      const label = (id) => document.querySelector("input[name='" + q.id + "'][value='" + id + "']")
        .parentNode.textContent.trim();
      const question = document.querySelector("#plan-q-" + q.id + " legend").textContent;
      return [fill(data.messages.assumed_answer, { answer: label(q.default), question })];
    });
  }

  /* Each activity of the week once, in the order the week first has it,
   * with its line of how-to, how to build up (when starting gently) and
   * its reason: its own, else its target's. */
  function doingItems(data, week) {
    const m = data.messages;
    const seen = [];
    week.days.forEach((day) => {
      day.items.forEach((item) => {
        if (seen.indexOf(item.activity) < 0) { seen.push(item.activity); }
      });
    });
    return seen.map((id) => {
      const activity = find(data.activities, id);
      const nodes = [el("strong", {}, [activity.name + ":"]), " ", el("span", { class: "plan-cue" }, [activity.cue])];
      const buildUp = week.start_gently ? copyOf("plan-activity-" + id, ".plan-activity-build-up") : [];
      if (buildUp.length && activity.start_dose !== undefined) {
        const first = el("span", { class: "plan-start-with" }, [fill(m.build_up, { start: activity.start_dose })]);
        nodes.push(" ", el("span", { class: "plan-build-up" }, [
          first, " ", el("span", { class: "plan-build-up-how" }, buildUp)]));
      }
      let reason = copyOf("plan-activity-" + id, ".plan-activity-why");
      if (!reason.length) { reason = copyOf("plan-target-" + activity.category, ".plan-target-why"); }
      if (reason.length) {
        nodes.push(el("details", { class: "plan-why-more" }, [
          el("summary", {}, [m.why_more]), el("p", { class: "plan-reason" }, reason)]));
      }
      return nodes;
    });
  }

  /** The nodes that show `week`, in the order of the template. */
  function renderWeek(data, week) {
    const m = data.messages;
    const nodes = [];
    if (week.assumed.length) {
      nodes.push(box("plan-note plan-assumed", m.assumed_heading, assumedTexts(data, week), m.assumed_intro));
    }
    const advice = (week.start_gently ? [[m.gentle]] : []).concat(week.rules
      .map((id) => copyOf("plan-rule-" + id, ".plan-rule-advice"))
      .filter((copy) => copy.length > 0));
    if (advice.length) { nodes.push(box("plan-warning", m.advice_heading, advice)); }
    const head = el("tr", {}, [m.day, m.activities, m.time].map((text) =>
      el("th", { scope: "col" }, [text])));
    nodes.push(el("table", { class: "plan-week" }, [
      el("caption", {}, [m.caption]),
      el("thead", {}, [head]),
      el("tbody", {}, week.days.map((day, d) => dayRow(data, week, day, data.days[d])))
    ]));
    nodes.push(el("p", { class: "plan-used" }, [usedText(data, week)]));
    if (week.gaps.length) {
      nodes.push(box("plan-note plan-gaps", m.gaps_heading, week.gaps.map((gap) => [gapText(data, week, gap)])));
    }
    const doing = doingItems(data, week);
    if (doing.length) { nodes.push(box("plan-doing", m.doing_heading, doing)); }
    const notes = week.rules.map((id) => {
      const title = document.querySelector("#plan-rule-" + id + " > strong").textContent;
      return [el("strong", {}, [title])].concat([" "], copyOf("plan-rule-" + id, ".plan-rule-text"));
    });
    if (notes.length) { nodes.push(box("plan-note plan-notes", m.notes_heading, notes)); }
    return nodes;
  }

  /* ---------------------------------------------------------------------
   * Answers: the form, the address (#a=...) and localStorage.
   * ------------------------------------------------------------------- */

  const FRAGMENT = "#a=";

  /** The questions answered in the form; unanswered ones are left out. */
  function readForm(form, data) {
    const answers = {};
    data.questions.forEach((q) => {
      const checked = form.querySelector("input[name='" + q.id + "']:checked");
      if (checked) { answers[q.id] = checked.value; }
    });
    return answers;
  }

  /** Makes the form show exactly `answers`: other questions unanswered. */
  function writeForm(form, answers) {
    form.querySelectorAll("input[type='radio']").forEach((input) => {
      input.checked = has(answers, input.name) && input.value === String(answers[input.name]);
    });
  }

  function toFragment(data, answers) {
    return FRAGMENT + data.questions.filter((q) => has(answers, q.id))
      .map((q) => q.id + ":" + answers[q.id]).join(",");
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
      const details = day.items.map((item, i) => {
        const amount = dose(data, activities[i].amount, item.minutes);
        const start = sessionStart(activities[i], amount, week.start_gently);
        return activities[i].name + ": " + amount +
          (start === null ? "" : " (" + fill(data.messages.start_with, { start }) + ")") + "." +
          (item.supervised ? " " + data.messages.supervised : "");
      });
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

    const jump = byId("plan-jump");

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
      // The printed plan says where it comes from (the answers would make
      // the address too long to type from paper).
      byId("plan-print-address").textContent = window.location.href.split("#")[0];
    }

    /* After a change the plan is far below the questions on a phone: the
     * bar that stays at the bottom of the screen says so, with a jump. */
    function changed(text) {
      show(readForm(form, data), true);
      say(text);
      jump.hidden = false;
    }

    function fromAddress() {
      if (window.location.hash.indexOf(FRAGMENT) !== 0) { return null; }
      const found = fromFragment(data, window.location.hash);
      if (found.unknown.length) {
        say("This link has answers the plan builder does not know (" + found.unknown.join(", ") +
          "), so the plan takes the careful answer to those questions until you answer them. Please check them.");
      }
      return found.answers;
    }

    form.querySelectorAll("fieldset, button").forEach((node) => { node.disabled = false; });
    byId("plan-nojs").hidden = true;
    byId("plan-actions").hidden = false;
    const linked = fromAddress();
    const saved = linked ? null : recall(key);
    show(linked || saved || {}, false);
    if (saved) { say("Your answers from last time on this device are filled in. “Forget my answers” removes them."); }

    form.addEventListener("change", () => { changed("Your plan has been updated."); });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      changed("Your plan has been updated.");
      byId("plan-week-heading").focus();
    });
    byId("plan-forget").addEventListener("click", () => {
      try { window.localStorage.removeItem(key); } catch (e) { /* see recall */ }
      show({}, false);
      history.replaceState(null, "", window.location.pathname + window.location.search);
      say("Your answers are forgotten: nothing of them is left on this device. The plan shown is the general one.");
      jump.hidden = false;
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
