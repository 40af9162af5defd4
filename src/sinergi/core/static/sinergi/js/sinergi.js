// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-nav-toggle]");
    if (toggle) {
      var nav = document.getElementById(toggle.getAttribute("aria-controls"));
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      nav.classList.toggle("open", !open);
    }
    var confirmButton = event.target.closest("[data-confirm]");
    if (confirmButton && !window.confirm(confirmButton.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  // Auto-submit filter forms on change (the submit button stays for keyboard and no-JS users).
  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-autosubmit]");
    if (form) {
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }
  });
  // Progress bars polled with HTMX carry their value in data-value (CSP forbids inline styles).
  function paintBars(root) {
    (root || document).querySelectorAll("[data-bar]").forEach(function (el) {
      el.style.width = Math.max(0, Math.min(100, parseFloat(el.getAttribute("data-bar")) || 0)) + "%";
    });
  }
  // Tables of things to act on (class "stack") become one block per row on a phone; each cell is
  // labelled with its column header (data-label, unless the template gave one).
  function labelStackedCells(root) {
    (root || document).querySelectorAll("table.stack").forEach(function (table) {
      var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          if (cell.tagName === "TD" && !cell.hasAttribute("data-label") && headers[i]) {
            cell.setAttribute("data-label", headers[i]);
          }
        });
      });
    });
  }
  // Polling that only matters to someone looking (the bell): skipped while the tab is hidden; the
  // element's own trigger refreshes it when the tab is shown again.
  document.addEventListener("htmx:confirm", function (event) {
    if (document.hidden && event.target.closest("[data-poll-when-visible]")) {
      event.preventDefault();
    }
  });
  document.addEventListener("DOMContentLoaded", function () { paintBars(document); labelStackedCells(document); });
  document.addEventListener("htmx:afterSwap", function (event) {
    paintBars(event.target);
    labelStackedCells(event.target);
  });
})();
