/* Fritidsjob's own script. The Content-Security-Policy allows no inline script, event handler or
   style attribute, so what those did is done here, from data- attributes:
   - data-submit-on-change on a form field: submits its form when the value changes;
   - data-width / data-left (a percentage): the element's width / left, e.g. a progress bar;
   - data-live-status="key" on a count (a list's "12 unge", the menu's open tasks): when htmx swaps
     in a new one with other text, it is read out through the page's live region (#live-status). */
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

  // The live region announces changes only: what a page shows when it opens (or a count seen for
  // the first time, like the menu's, loaded just after the page) is not read out.
  var lastStatus = {};

  function statusText(element) {
    return (element.getAttribute("title") || element.textContent || "").replace(/\s+/g, " ").trim();
  }

  function rememberStatuses(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-live-status]"), function (element) {
      lastStatus[element.getAttribute("data-live-status")] = statusText(element);
    });
  }

  function announceChangedStatuses(mutations) {
    var region = document.getElementById("live-status");
    var changed = [];
    mutations.forEach(function (mutation) {
      Array.prototype.forEach.call(mutation.addedNodes, function (node) {
        if (node.nodeType !== 1) { return; }
        var found = Array.prototype.slice.call(node.querySelectorAll("[data-live-status]"));
        if (node.matches("[data-live-status]")) { found.unshift(node); }
        found.forEach(function (element) {
          var key = element.getAttribute("data-live-status");
          var text = statusText(element);
          if (key in lastStatus && lastStatus[key] !== text) { changed.push(text); }
          lastStatus[key] = text;
        });
      });
    });
    if (region && changed.length) { region.textContent = changed.join(". "); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    applySizes(document);
    rememberStatuses(document);
    if (window.MutationObserver) {
      new MutationObserver(announceChangedStatuses).observe(document.body, {childList: true, subtree: true});
    }
  });
  // Content htmx swaps in (a polled report status, a filtered list).
  document.addEventListener("htmx:load", function (event) { applySizes(event.target); });
})();
