/* Site search for pamphlet: runs in the reader's browser, offline and from
 * file://. The index is scripts that call back into `pamphletSearch`,
 * because browsers refuse to fetch files from file://: a directory
 * (search/index.js) of word shards (search/words/K.js), of which a query
 * loads only those its words are in, and one file a page
 * (search/text/N.js) loaded only for the results shown. The word rules
 * must match `words` in src/search.rs; a test runs both on the same text.
 * No network requests beyond the site's own files, no dependencies. */
(function () {
  "use strict";

  var STOP = ("a an and are as at be but by can do for from has have how if in is it its may more not of on " +
    "or so than that the their them there these they this to was we what when which who will with you your").split(" ");
  function stem(word) {
    var plural = Array.from(word).length > 3 && /s$/.test(word) && !/(ss|us)$/.test(word);
    return plural ? word.slice(0, -1) : word;
  }

  /* Lowercase runs of letters and digits, without stop words and plural s. */
  function words(text) {
    return text.split(/[^\p{Alphabetic}\p{N}]+/u)
      .filter(function (w) { return w !== ""; })
      .map(function (w) { return stem(w.toLowerCase()); })
      .filter(function (w) { return Array.from(w).length > 1 && STOP.indexOf(w) < 0; });
  }

  var script = document.currentScript;
  var root = (script && script.getAttribute("data-root")) || "";
  var directory = null;
  var shards = {};
  var pages = {};
  var requested = {};
  /* Shards a prefix may take at most, beyond the word's own: a reader who
   * has typed "co" need not download every word that starts so. */
  var PREFIX_SHARDS = 3;
  /* Results shown at first (each loads its page's text, about 8 KB);
   * the rest wait for the reader to ask. */
  var PAGE_SIZE = 10;
  var shown = PAGE_SIZE;
  /* The query's words as searched, typing slips corrected, for passages. */
  var spelledTerms = [];

  function load(src, failed) {
    if (requested[src]) { return; }
    requested[src] = true;
    var element = document.createElement("script");
    element.src = root + src;
    element.onerror = failed;
    document.head.appendChild(element);
  }

  /* The shard that would hold `word`: the last whose first word is not
   * after it (strings compare as src/search.rs sorts them). */
  function shardOf(word) {
    var firsts = directory.shards;
    var low = 0;
    var high = firsts.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (firsts[middle] <= word) { low = middle; } else { high = middle - 1; }
    }
    return low;
  }

  /* Shard numbers from `from` to `to`, those that exist. */
  function range(from, to) {
    var list = [];
    for (var k = Math.max(0, from); k <= Math.min(to, directory.shards.length - 1); k++) { list.push(k); }
    return list;
  }

  /* The shards a term's words are in: its own, and for the last term,
   * which the reader may still be typing, those of the words it begins. */
  function shardsFor(term, last) {
    var own = shardOf(term);
    return range(own, last ? Math.min(shardOf(term + "\uffff"), own + PREFIX_SHARDS) : own);
  }

  /* Where words one slip away from a term may also be, loaded only when
   * the term itself is nowhere: the shards either side. */
  function nearShards(term) {
    var own = shardOf(term);
    return range(own - 1, own + 1);
  }

  /* Whether `a` becomes `b` by one slip: a letter changed, added, left
   * out, or two swapped. Only for words of four letters or more, as a
   * shorter one is one slip from too many others. */
  function oneSlip(a, b) {
    a = Array.from(a);
    b = Array.from(b);
    if (a.length < 4 || Math.abs(a.length - b.length) > 1) { return false; }
    var start = 0;
    while (start < a.length && start < b.length && a[start] === b[start]) { start++; }
    var end = 0;
    while (end < a.length - start && end < b.length - start &&
           a[a.length - 1 - end] === b[b.length - 1 - end]) { end++; }
    var restA = a.length - start - end;
    var restB = b.length - start - end;
    if (restA <= 1 && restB <= 1) { return restA + restB > 0; }
    return restA === 2 && restB === 2 && a[start] === b[start + 1] && a[start + 1] === b[start];
  }

  /* The index words a term stands for, each with how much it counts: the
   * word itself, and words it begins if it is the last. */
  function found(term, last) {
    var list = [];
    shardsFor(term, last).forEach(function (k) {
      Object.keys(shards[k]).forEach(function (word) {
        if (word === term || (last && word.indexOf(term) === 0)) {
          list.push({ word: word, list: shards[k][word], factor: word === term ? 2 : 1 });
        }
      });
    });
    return list;
  }

  /* What a term matches: the words it stands for, or failing those, the
   * words one slip away (`spelled` names the likeliest). */
  function matches(term, last) {
    var exact = found(term, last);
    if (exact.length > 0) { return { words: exact }; }
    var near = [];
    nearShards(term).forEach(function (k) {
      Object.keys(shards[k]).forEach(function (word) {
        if (oneSlip(term, word)) { near.push({ word: word, list: shards[k][word], factor: 1 }); }
      });
    });
    if (near.length === 0) { return { words: near }; }
    /* The reader most likely meant the word on the most pages. */
    near.sort(function (a, b) { return b.list.length - a.list.length; });
    return { words: near, spelled: near[0].word };
  }

  /* Each page a term's words are in, with its score (postings are page
   * differences and weights, see src/search.rs). */
  function scoresOf(words) {
    var scores = {};
    words.forEach(function (match) {
      var page = 0;
      for (var k = 0; k < match.list.length; k += 2) {
        page += match.list[k];
        scores[page] = (scores[page] || 0) + match.list[k + 1] * match.factor;
      }
    });
    return scores;
  }

  /* Pages with every term, best first; the score is the sum of each
   * term's words' weights, the exact word counting double. */
  function search(terms) {
    var perTerm = terms.map(function (term, i) {
      var match = matches(term, i === terms.length - 1);
      return { term: term, spelled: match.spelled, scores: scoresOf(match.words) };
    });
    var total = perTerm.length === 0 ? {} : perTerm[0].scores;
    perTerm.slice(1).forEach(function (next) {
      var both = {};
      Object.keys(total).forEach(function (page) {
        if (next.scores[page] !== undefined) { both[page] = total[page] + next.scores[page]; }
      });
      total = both;
    });
    var found = Object.keys(total)
      .sort(function (a, b) { return total[b] - total[a] || a - b; })
      .map(Number);
    return { pages: found, terms: perTerm };
  }

  /* The sentence or line of a page's text where the query's words first
   * appear. */
  function passage(text, terms) {
    var sentences = text.split(/(?<=[.!?])\s+|\n+/);
    var best = sentences.find(function (sentence) {
      var found = words(sentence);
      return terms.some(function (t) { return found.some(function (w) { return w.indexOf(t) === 0; }); });
    });
    return best ? best.slice(0, 300) : "";
  }

  var form = document.getElementById("search-form");
  var input = document.getElementById("search-query");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var help = document.getElementById("search-help");
  var suggestions = document.getElementById("search-suggestions");
  var more = document.getElementById("search-more");

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function quoted(list) { return "“" + list.join(" ") + "”"; }

  /* A term as the reader would write it: its correction, if any, with
   * the plural "s" the index takes off put back as it was typed. */
  function asTyped(t, query) {
    var typed = query.toLowerCase().split(/[^\p{Alphabetic}\p{N}]+/u).find(function (w) {
      return stem(w) === t.term;
    }) || t.term;
    return t.spelled ? t.spelled + typed.slice(t.term.length) : typed;
  }

  /* Loads the shards in `list` not yet here; true if all are. */
  function have(list) {
    var missing = list.filter(function (k) { return shards[k] === undefined; });
    missing.forEach(function (k) {
      load("search/words/" + k + ".js", function () { shards[k] = {}; show(); });
    });
    return missing.length === 0;
  }

  /* Loads what the query needs: its words' shards, then the shards
   * either side of a word found nowhere, for slips; true once all are. */
  function ready(terms) {
    var own = terms.map(function (term, i) { return have(shardsFor(term, i === terms.length - 1)); });
    if (own.indexOf(false) >= 0) { return false; }
    var near = terms.map(function (term, i) {
      var lost = Array.from(term).length >= 4 && found(term, i === terms.length - 1).length === 0;
      return !lost || have(nearShards(term));
    });
    return near.indexOf(false) < 0;
  }

  function show() {
    var query = input.value.trim();
    results.textContent = "";
    if (help) { help.hidden = true; }
    if (more) { more.hidden = true; }
    if (!directory || query === "") {
      status.textContent = directory ? "" : "Loading the search index…";
      return;
    }
    var terms = words(query);
    if (!ready(terms)) {
      status.textContent = "Searching…";
      return;
    }
    var found = search(terms);
    spelledTerms = found.terms.map(function (t) { return t.spelled || t.term; });
    var corrected = found.terms.some(function (t) { return t.spelled; });
    var what = corrected ? quoted(found.terms.map(function (t) { return asTyped(t, query); })) +
      ", the nearest spelling to “" + query + "”" : "“" + query + "”";
    if (found.pages.length === 0) {
      status.textContent = "No pages match " + what + ".";
      suggest(found.terms);
      return;
    }
    status.textContent = found.pages.length + (found.pages.length === 1 ? " page matches " : " pages match ") + what + ".";
    found.pages.slice(0, shown).forEach(function (page) {
      var item = element("li", "search-result", "Loading…");
      item.setAttribute("data-page", page);
      results.appendChild(item);
      fill(page);
    });
    if (more) { more.hidden = found.pages.length <= shown; }
  }

  /* When no page has every word: the words that do find pages alone, as
   * searches to run, and the ways to browse instead. */
  function suggest(terms) {
    if (!help) { return; }
    help.hidden = false;
    if (!suggestions) { return; }
    suggestions.textContent = "";
    if (terms.length < 2) { return; }
    terms.forEach(function (t) {
      var count = Object.keys(t.scores).length;
      if (count === 0) { return; }
      var item = element("li");
      var link = element("a", "", t.spelled || t.term);
      link.href = "?q=" + encodeURIComponent(t.spelled || t.term);
      item.appendChild(link);
      item.appendChild(document.createTextNode(" (" + count + (count === 1 ? " page)" : " pages)")));
      suggestions.appendChild(item);
    });
  }

  /* Shows a result once its page's file is here. */
  function fill(page) {
    var entry = pages[page];
    if (entry === undefined) {
      load("search/text/" + page + ".js");
      return;
    }
    var item = results.querySelector('[data-page="' + page + '"]');
    if (!item) { return; }
    item.textContent = "";
    var heading = element("h2");
    var link = element("a", "", entry[1]);
    link.href = root + entry[0];
    heading.appendChild(link);
    item.appendChild(heading);
    if (entry[2]) { item.appendChild(element("p", "search-summary", entry[2])); }
    item.appendChild(element("p", "search-passage", passage(entry[3], spelledTerms)));
  }

  window.pamphletSearch = {
    words: words,
    load: function (data) {
      directory = data;
      show();
    },
    shard: function (k, data) {
      shards[k] = data;
      show();
    },
    page: function (page, entry) {
      pages[page] = entry;
      fill(page);
    }
  };

  if (form && input && status && results) {
    input.value = new URLSearchParams(window.location.search).get("q") || "";
    input.addEventListener("input", function () { shown = PAGE_SIZE; show(); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      shown = PAGE_SIZE;
      show();
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      window.history.replaceState(null, "", url.href);
    });
    if (more) {
      more.addEventListener("click", function () { shown += PAGE_SIZE; show(); });
    }
    load("search/index.js");
  }
}());
