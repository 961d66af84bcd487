// Small glue for htmx: swap validation (422) and conflict (409) responses so forms show their
// Dutch error messages, and tell the user plainly when the server cannot be reached.
(function () {
  "use strict";
  function flash(text, kind) {
    var box = document.getElementById("messages");
    if (!box) return;
    var div = document.createElement("div");
    div.className = "flash flash-" + (kind || "error");
    div.setAttribute("role", "alert");
    div.textContent = text;
    box.appendChild(div);
    setTimeout(function () { div.remove(); }, 10000);
  }
  // The sentences come from the translation catalogue, rendered on <body> (templates/base.html).
  var t = {};
  ["offline", "error", "forbidden", "tooLarge", "badRequest", "more", "less"].forEach(function (key) {
    t[key] = (document.body && document.body.getAttribute(
      "data-msg-" + key.replace(/[A-Z]/g, function (c) { return "-" + c.toLowerCase(); })
    )) || "";
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 422 || status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // The server explains refusals in one plain-text sentence (crisiscentre/errors.py): what
  // is too large (413), unreadable (400), not allowed (403). Show that instead of "try again",
  // which cannot help when the input itself is the problem.
  function serverSentence(xhr) {
    var type = xhr.getResponseHeader("Content-Type") || "";
    var text = (xhr.responseText || "").trim();
    return type.indexOf("text/plain") === 0 && text && text.length < 1000 ? text : "";
  }
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var status = xhr.status;
    var sentence = serverSentence(xhr);
    if (sentence && (status === 400 || status === 403 || status === 413 || status === 500)) {
      flash(sentence);
      return;
    }
    if (status === 413) { flash(t.tooLarge); return; }
    if (status === 400) { flash(t.badRequest); return; }
    if (status === 403) { flash(t.forbidden); return; }
    flash(t.error.replace("%s", status));
  });
  document.addEventListener("htmx:sendError", function () { flash(t.offline); });

  // Long dashboard tiles show their first lines with a "show more" button, so one tall tile
  // does not push the rest out of sight. The tile's content moves into a wrapper that is never
  // swapped (the live bodies inside it refresh themselves), so the state survives updates.
  // Tabbing into the hidden part opens the tile: the focus is never out of sight.
  var COLLAPSE_ABOVE = 480; // px; a collapsed tile shows 20rem
  function collapsible(tile) {
    var heading = tile.querySelector("h2");
    if (!heading || tile.querySelector(".tile-content")) return;
    if (tile.offsetHeight <= COLLAPSE_ABOVE) return;
    var content = document.createElement("div");
    content.className = "tile-content is-collapsed";
    content.id = tile.id + "-content";
    while (heading.nextSibling) content.appendChild(heading.nextSibling);
    tile.appendChild(content);
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "tile-toggle small";
    toggle.setAttribute("aria-controls", content.id);
    function set(open) {
      content.classList.toggle("is-collapsed", !open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.textContent = open ? t.less : t.more;
    }
    set(false);
    toggle.addEventListener("click", function () {
      set(content.classList.contains("is-collapsed"));
    });
    content.addEventListener("focusin", function () {
      if (content.classList.contains("is-collapsed")) set(true);
    });
    // Clicking a <summary> inside (e.g. the reporting checklist) asks to see it: open the tile.
    // (Not the toggle event: a refreshed body with an open <details> fires it too.)
    content.addEventListener("click", function (event) {
      if (event.target.closest("summary") && content.classList.contains("is-collapsed")) set(true);
    });
    tile.appendChild(toggle);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("#tiles .dashboard-side > section.card[id]").forEach(collapsible);
  });
})();

// "Kopieer voor LCMS" (exchange/templates/exchange/lcms.html): <button data-copy="#id"> copies
// that textarea to the clipboard. Without JavaScript the button stays hidden and the visible,
// read-only textarea is selected and copied by hand.
(function () {
  "use strict";
  function ready() {
    document.querySelectorAll("[data-copy]").forEach(function (button) { button.hidden = false; });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) return;
    var field = document.querySelector(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector("[data-copy-status]");
    if (!field) return;
    function say(text) { if (status) status.textContent = text; }
    function fallback() {
      field.focus();
      field.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      say(button.getAttribute(ok ? "data-copied" : "data-copy-failed"));
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () {
        say(button.getAttribute("data-copied"));
      }, fallback);
    } else {
      fallback();
    }
  });
})();
