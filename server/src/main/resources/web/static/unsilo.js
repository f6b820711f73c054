/* The web view works without this file; with it, narrow screens keep the column names of stacked tables, and forms
   that cannot be undone in one click ask first (data-confirm). No inline script anywhere: the CSP allows this file. */
(function () {
  "use strict";

  function labelCells(root) {
    root.querySelectorAll("table.list").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          if (heads[i]) { cell.setAttribute("data-label", heads[i]); }
        });
      });
    });
  }

  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
  document.addEventListener("DOMContentLoaded", function () { labelCells(document); });
  // Rows htmx swaps in later (an import's progress) get their labels too.
  document.addEventListener("htmx:afterSwap", function (event) { labelCells(event.target.closest("table") || document); });
})();
