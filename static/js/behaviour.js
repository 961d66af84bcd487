// Small behaviours that would otherwise be inline handlers, which the Content-Security-Policy
// forbids (crisiscentre/security.py). Delegated from the document, so they also work in
// fragments htmx swaps in.
//   <select data-autosubmit>   submits its form when the choice changes
//   <button data-print>        opens the print dialog
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target.closest && event.target.closest("[data-autosubmit]");
    if (field && field.form) field.form.submit();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });
})();

// Change sets (docs/architecture.md): the pulse and save responses send incidentChanged with
// {version, parts}; a dashboard tile body (hx-trigger="tileRefresh", id "<name>-body") refreshes
// only when one of its parts (data-tile-parts on #tiles) changed. "*" or "incident" refreshes all.
(function () {
  function tileParts() {
    var map = {};
    var root = document.getElementById("tiles");
    var raw = root ? root.getAttribute("data-tile-parts") || "" : "";
    raw.split(";").forEach(function (pair) {
      var bits = pair.split("=");
      if (bits.length === 2 && bits[0]) map[bits[0]] = bits[1].split(",");
    });
    return map;
  }
  document.body.addEventListener("incidentChanged", function (event) {
    var detail = event.detail || {};
    var parts = Array.isArray(detail.parts) ? detail.parts : ["*"];
    var all = parts.indexOf("*") !== -1 || parts.indexOf("incident") !== -1;
    var map = tileParts();
    document.querySelectorAll('[hx-trigger="tileRefresh"]').forEach(function (el) {
      var name = (el.id || "").replace(/-body$/, "");
      var own = map[name];
      var hit = all || !own || own.some(function (p) { return parts.indexOf(p) !== -1; });
      if (hit && window.htmx) window.htmx.trigger(el, "tileRefresh");
    });
  });
})();
