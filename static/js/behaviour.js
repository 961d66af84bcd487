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
