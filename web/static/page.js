/* Small behaviours of every page, without inline scripts (the CSP forbids them). */
(function () {
  "use strict";
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  document.querySelectorAll("[data-print]").forEach(function (link) {
    link.addEventListener("click", function (event) { event.preventDefault(); window.print(); });
  });
}());
