/* Site search for pamphlet: runs in the reader's browser, offline and from
 * file://. The index (search/index.js) and page texts (search/text/N.js)
 * are scripts that call back into `pamphletSearch`, because browsers refuse
 * to fetch files from file://. The word rules must match `words` in
 * src/search.rs; a test runs both on the same text. No network requests
 * beyond the site's own files, no dependencies. */
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
  var index = null;
  var texts = {};
  var pendingTexts = {};

  function load(src) {
    var element = document.createElement("script");
    element.src = root + src;
    document.head.appendChild(element);
  }

  /* Scores pages: the sum of each query word's weight; the last word also
   * matches as a prefix, so results appear while the reader types. */
  function search(query) {
    var terms = words(query);
    var scores = {};
    var matched = {};
    terms.forEach(function (term, i) {
      var last = i === terms.length - 1;
      Object.keys(index.words).forEach(function (word) {
        if (word !== term && !(last && term.length > 1 && word.indexOf(term) === 0)) { return; }
        var list = index.words[word];
        for (var k = 0; k < list.length; k += 2) {
          var doc = list[k];
          scores[doc] = (scores[doc] || 0) + list[k + 1] * (word === term ? 2 : 1);
          (matched[doc] = matched[doc] || {})[term] = true;
        }
      });
    });
    return Object.keys(scores)
      .filter(function (doc) { return Object.keys(matched[doc]).length === terms.length; })
      .sort(function (a, b) { return scores[b] - scores[a] || a - b; })
      .map(Number);
  }

  /* The sentence of a page's text where the query's words first appear. */
  function passage(text, terms) {
    var sentences = text.split(/(?<=[.!?])\s+/);
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

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function show() {
    var query = input.value.trim();
    results.textContent = "";
    if (!index || query === "") {
      status.textContent = index ? "" : "Loading the search index…";
      return;
    }
    var found = search(query);
    status.textContent = found.length === 0 ? "No pages match “" + query + "”." :
      found.length + (found.length === 1 ? " page matches" : " pages match") + " “" + query + "”.";
    found.slice(0, 20).forEach(function (doc) {
      var entry = index.docs[doc];
      var item = element("li", "search-result");
      var heading = element("h2");
      var link = element("a", "", entry[1]);
      link.href = root + entry[0];
      heading.appendChild(link);
      item.appendChild(heading);
      if (entry[2]) { item.appendChild(element("p", "search-summary", entry[2])); }
      var quote = element("p", "search-passage");
      quote.setAttribute("data-doc", doc);
      item.appendChild(quote);
      results.appendChild(item);
      fillPassage(doc);
    });
  }

  function fillPassage(doc) {
    if (texts[doc] === undefined) {
      if (!pendingTexts[doc]) {
        pendingTexts[doc] = true;
        load("search/text/" + doc + ".js");
      }
      return;
    }
    var quote = results.querySelector('[data-doc="' + doc + '"]');
    if (quote) { quote.textContent = passage(texts[doc], words(input.value)); }
  }

  window.pamphletSearch = {
    words: words,
    load: function (data) {
      index = data;
      show();
    },
    text: function (doc, text) {
      texts[doc] = text;
      fillPassage(doc);
    }
  };

  if (form && input && status && results) {
    input.value = new URLSearchParams(window.location.search).get("q") || "";
    input.addEventListener("input", show);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      show();
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      window.history.replaceState(null, "", url.href);
    });
    load("search/index.js");
  }
}());
