/* Loaded in the head of every page, before Material's bundle. No dependencies, no network.

   1. What Material's inline head script defined (__md_get, __md_set, __md_hash), with UI
      state kept in memory for the page's life instead of localStorage/sessionStorage:
      the site stores nothing in the reader's browser, and needs no inline script.
   2. The "Copy citation" button of case pages.
   3. A table or code too wide for the screen scrolls sideways in Material's wrapper: that wrapper is
      made focusable, so keyboard users can scroll it too (WCAG 2.1.1). */
(function () {
  var memory = {};
  window.__md_scope = document.currentScript ? new URL("..", document.currentScript.src) : new URL(".", location);
  window.__md_hash = function (text) {
    return Array.prototype.reduce.call(text, function (h, c) { return (h << 5) - h + c.charCodeAt(0); }, 0);
  };
  window.__md_get = function (key) {
    return Object.prototype.hasOwnProperty.call(memory, key) ? JSON.parse(memory[key]) : null;
  };
  window.__md_set = function (key, value) {
    memory[key] = JSON.stringify(value);
  };
})();

document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-copy]");
  if (!button) return;
  var source = document.getElementById(button.getAttribute("data-copy"));
  if (!source) return;
  var text = source.innerText.trim();
  var done = function () {
    var label = button.textContent;
    button.textContent = "Copied";
    button.setAttribute("aria-live", "polite");
    setTimeout(function () { button.textContent = label; }, 2000);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done);
  } else {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); done(); } finally { document.body.removeChild(area); }
  }
});

window.addEventListener("load", function () {
  var wraps = document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset pre > code");
  for (var i = 0; i < wraps.length; i++) {
    var wrap = wraps[i];
    if (wrap.scrollWidth > wrap.clientWidth && !wrap.querySelector("a[href], button, input, select, textarea, [tabindex]")) {
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", (wrap.tagName === "CODE" ? "Code" : "Table") + " (scrolls sideways)");
    }
  }
});
