// Live reload and build errors for `pamphlet serve`. The preview server
// adds this script to the HTML it sends; it is never part of a built site.
//
// It asks the server for the build status, then keeps asking with the
// version it has seen; the server answers when a rebuild finishes. A good
// rebuild reloads the page where the reader was; a failed one shows its
// errors over the last good page. Only the page's own origin is contacted.
(function () {
  "use strict";

  var script = document.currentScript;
  // The build the page came from, so a rebuild that finished before this
  // script ran still reloads it.
  var shown = Number(script && script.getAttribute("data-version"));
  var scrollKey = "pamphlet-serve-scroll:" + location.pathname;
  var overlayId = "pamphlet-serve-errors";

  restoreScroll();
  poll(null);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      removeOverlay();
    }
  });

  // Asks for the status: at once when `after` is null, else once the
  // version differs from `after` (or the server's wait runs out).
  function poll(after) {
    var url = "/__pamphlet/version" + (after === null ? "" : "?after=" + after);
    fetch(url, { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (status) {
        if (status.ok && status.version !== shown) {
          reload();
          return;
        }
        // Only a new failure shows the errors, so a dismissed overlay
        // stays dismissed while nothing changes.
        if (!status.ok && status.version !== after) {
          showErrors();
        }
        poll(status.version);
      })
      .catch(function () {
        // The server is stopped or restarting: try again, gently.
        setTimeout(function () {
          poll(null);
        }, 1000);
      });
  }

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, String(window.scrollY));
    } catch (ignored) {
      // Storage can be off; the page still reloads, at the top.
    }
    location.reload();
  }

  function restoreScroll() {
    var saved = null;
    try {
      saved = sessionStorage.getItem(scrollKey);
      sessionStorage.removeItem(scrollKey);
    } catch (ignored) {
      return;
    }
    if (saved === null) {
      return;
    }
    var go = function () {
      // Instantly: a theme's smooth scrolling would replay the whole way.
      window.scrollTo({ top: Number(saved), behavior: "instant" });
    };
    // After images and fonts have their size, or the position is off.
    if (document.readyState === "complete") {
      go();
    } else {
      window.addEventListener("load", go);
    }
  }

  function showErrors() {
    fetch("/__pamphlet/errors", { cache: "no-store" })
      .then(function (response) {
        return response.json();
      })
      .then(renderOverlay)
      .catch(function () {});
  }

  function removeOverlay() {
    var old = document.getElementById(overlayId);
    if (old) {
      old.remove();
    }
  }

  // Every text goes in through textContent: messages quote the editor's
  // own content, which must never become markup.
  function renderOverlay(diagnostics) {
    removeOverlay();
    var box = add(null, "section", "", {
      position: "fixed",
      top: "1rem",
      left: "1rem",
      right: "1rem",
      maxHeight: "80vh",
      overflow: "auto",
      zIndex: "2147483647",
      padding: "1rem 1.25rem",
      background: "#fff",
      color: "#1a1a1a",
      border: "4px solid #b00020",
      borderRadius: "6px",
      boxShadow: "0 4px 24px rgba(0, 0, 0, 0.35)",
      font: "16px/1.5 system-ui, sans-serif",
      textAlign: "left"
    });
    box.id = overlayId;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", overlayId + "-title");
    var title = add(box, "h2", "The site did not build. The page below is from the last build that worked.", {
      margin: "0 0 0.5rem",
      font: "bold 1.25rem/1.3 system-ui, sans-serif",
      color: "#b00020"
    });
    title.id = overlayId + "-title";
    var list = add(box, "ul", "", { margin: "0", padding: "0 0 0 1.25rem" });
    diagnostics.forEach(function (diagnostic) {
      addDiagnostic(list, diagnostic);
    });
    var dismiss = add(box, "button", "Dismiss", {
      marginTop: "0.75rem",
      font: "inherit",
      padding: "0.25rem 0.75rem",
      cursor: "pointer"
    });
    dismiss.type = "button";
    dismiss.addEventListener("click", removeOverlay);
    // First in the page, so it is also first for keyboard users.
    document.body.insertBefore(box, document.body.firstChild);
  }

  function addDiagnostic(list, diagnostic) {
    var item = add(list, "li", "", { margin: "0.5rem 0" });
    var where = diagnostic.file
      ? diagnostic.file + ":" + diagnostic.line + ":" + diagnostic.column
      : "the site";
    add(item, "code", where, { fontWeight: "bold", fontFamily: "ui-monospace, monospace" });
    var pre = { margin: "0.25rem 0 0", whiteSpace: "pre-wrap" };
    add(item, "p", diagnostic.severity + "[" + diagnostic.code + "]: " + diagnostic.message, pre);
    if (diagnostic.help) {
      add(item, "p", "help: " + diagnostic.help, pre);
    }
  }

  function add(parent, tag, text, style) {
    var node = document.createElement(tag);
    node.textContent = text;
    Object.assign(node.style, style);
    if (parent) {
      parent.appendChild(node);
    }
    return node;
  }
})();
