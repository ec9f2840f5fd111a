/* Fritidsjob's own script. The Content-Security-Policy allows no inline script, event handler or
   style attribute, so what those did is done here, from data- attributes:
   - data-submit-on-change on a form field: submits its form when the value changes;
   - data-width / data-left (a percentage): the element's width / left, e.g. a progress bar. */
(function () {
  "use strict";

  function percent(value) {
    var number = parseFloat(String(value).replace(",", "."));
    if (isNaN(number)) { return null; }
    return Math.max(0, Math.min(100, number)) + "%";
  }

  function applySizes(root) {
    if (!root || !root.querySelectorAll) { return; }
    var elements = Array.prototype.slice.call(root.querySelectorAll("[data-width], [data-left]"));
    if (root.matches && root.matches("[data-width], [data-left]")) { elements.push(root); }
    elements.forEach(function (element) {
      var width = element.getAttribute("data-width");
      var left = element.getAttribute("data-left");
      if (width !== null && percent(width) !== null) { element.style.width = percent(width); }
      if (left !== null && percent(left) !== null) { element.style.left = percent(left); }
    });
  }

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field && field.form && field.hasAttribute("data-submit-on-change")) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });

  document.addEventListener("DOMContentLoaded", function () { applySizes(document); });
  // Content htmx swaps in (a polled report status, a filtered list).
  document.addEventListener("htmx:load", function (event) { applySizes(event.target); });
})();
