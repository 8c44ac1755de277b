/* Citations of the current search results as one file: RIS, BibTeX or CSL-JSON.
 *
 * Loaded only by the search page, next to search.js, which leaves the current result set
 * (document numbers, in the order shown) in window.caselawSearch.results. The per-case
 * texts are generated at build time (generator/citations.py), 50 cases a file, as
 * scripts that call caselawCitations.receive(n, entries), so this works from file:// as
 * well as over HTTP; they are loaded only when the reader asks. Nothing is inserted as
 * HTML: the download is a text file (a Blob) and the status is set with textContent.
 * Its words come from the page's messages, as search.js's do.
 */
(function () {
  "use strict";

  var box = document.getElementById("cl-cite");
  var root = document.getElementById("cl-search");
  if (!box || !root) return;
  var base = root.getAttribute("data-base") || ".";
  var dir = box.getAttribute("data-dir");
  var chunk = parseInt(box.getAttribute("data-chunk"), 10) || 50;
  var button = document.getElementById("cl-cite-download");
  var select = document.getElementById("cl-cite-format");
  var status = document.getElementById("cl-cite-status");
  var received = {};
  var loading = {};
  var messageNode = document.getElementById("cl-search-messages");
  var messages = messageNode ? JSON.parse(messageNode.textContent) : {};
  var manifestNode = document.getElementById("cl-search-manifest");
  var language = (manifestNode && JSON.parse(manifestNode.textContent).language) || "en";
  var pluralRules = null;
  try { pluralRules = new Intl.PluralRules(language); } catch (e) { /* no Intl: one and other */ }

  function t(key, values) {  // as search.js's
    var text = messages[key];
    if (text && typeof text === "object") {
      var count = values && values.count;
      text = text[pluralRules ? pluralRules.select(count) : count === 1 ? "one" : "other"] || text.other;
    }
    if (typeof text !== "string") text = key;
    return text.replace(/%\((\w+)\)s/g, function (all, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  var FORMATS = {
    ris: { ext: "ris", type: "application/x-research-info-systems", at: 1,
           join: function (texts) { return texts.join("\n"); } },
    bib: { ext: "bib", type: "application/x-bibtex", at: 0,
           join: function (texts) { return texts.join("\n"); } },
    csl: { ext: "json", type: "application/vnd.citationstyles.csl+json", at: 2,
           join: function (items) { return JSON.stringify(items, null, 2) + "\n"; } }
  };

  function load(n) {
    if (received[n]) return Promise.resolve(received[n]);
    if (!loading[n]) {
      loading[n] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = base.replace(/\/$/, "") + "/" + dir + "/" + n + ".js";
        script.async = true;
        script.onload = function () { resolve(received[n]); };
        script.onerror = function () { delete loading[n]; reject(new Error(dir + "/" + n + ".js")); };
        document.head.appendChild(script);
      });
    }
    return loading[n];
  }

  function results() {
    var found = window.caselawSearch && window.caselawSearch.results;
    return found ? Array.prototype.slice.call(found) : null;
  }

  function build(format) {
    var docs = results() || [];
    var spec = FORMATS[format] || FORMATS.ris;
    var needed = {};
    docs.forEach(function (d) { needed[Math.floor(d / chunk)] = true; });
    return Promise.all(Object.keys(needed).map(load)).then(function () {
      return spec.join(docs.map(function (d) { return received[Math.floor(d / chunk)][d % chunk][spec.at]; }));
    });
  }

  window.caselawCitations = {
    receive: function (n, entries) { received[n] = entries; },
    build: build
  };

  button.addEventListener("click", function () {
    var docs = results();
    if (!docs || !docs.length) {
      status.textContent = t("citeNone");
      return;
    }
    var format = FORMATS[select.value] ? select.value : "ris";
    status.textContent = t("citePreparing", { count: docs.length });
    build(format).then(function (body) {
      var blob = new Blob([body], { type: FORMATS[format].type + ";charset=utf-8" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "case-law-citations." + FORMATS[format].ext;
      document.body.appendChild(link);
      link.click();
      document.body.removeChild(link);
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
      status.textContent = t("citeDone", { count: docs.length });
    }).catch(function (error) {
      status.textContent = t("citeFailed", { error: error.message });
    });
  });

  box.hidden = false;
})();
