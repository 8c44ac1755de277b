/* Case-law search: lunr.js 2.3.9 over term-sharded indexes, facets counted in the browser.
 *
 * Loaded only by the search page. Every data file is a script that calls
 * caselawSearch.receive(kind, data), so search works from file:// as well as over HTTP.
 * Results are built with textContent and <mark> elements: nothing from the index is
 * ever inserted as HTML.
 *
 * One site per language: the manifest names the language and the scripts that analyse
 * queries as its index was analysed (analysis.js). Every word this script shows comes
 * from the page's messages (#cl-search-messages, written by theme/search.html through
 * gettext): a message is a string with %(name)s placeholders, or, when it depends on a
 * count, an object of plural forms by CLDR category (zero, one, two, few, many, other)
 * chosen with Intl.PluralRules for the page's language. Nothing here sets a left or a
 * right: the page works in right-to-left languages as it is.
 */
(function () {
  "use strict";

  var root = document.getElementById("cl-search");
  if (!root) return;
  var manifest = JSON.parse(document.getElementById("cl-search-manifest").textContent);
  var base = root.getAttribute("data-base") || ".";
  var PER_PAGE = manifest.perPage || 20;
  var FACET_PREVIEW = 8;
  var language = manifest.language || "en";
  var analyzer = null;  // once the scripts are in: caselawAnalysis.analyzer(language)

  // ---------------------------------------------------------------- messages
  var messageNode = document.getElementById("cl-search-messages");
  var messages = messageNode ? JSON.parse(messageNode.textContent) : {};
  var pluralRules = null;
  try { pluralRules = new Intl.PluralRules(language); } catch (e) { /* no Intl: one and other */ }

  function t(key, values) {
    var text = messages[key];
    if (text && typeof text === "object") {
      var count = values && values.count;
      var category = pluralRules ? pluralRules.select(count) : count === 1 ? "one" : "other";
      text = text[category] || text.other;
    }
    if (typeof text !== "string") text = key;
    return text.replace(/%\((\w+)\)s/g, function (all, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  function textDirection(code) {
    return code === "ar" ? "rtl" : "ltr";
  }

  function markLanguage(node, code) {
    // Text in another language than the page's (an untranslated original): said so, and isolated.
    if (code && code !== language) {
      node.setAttribute("lang", code);
      node.setAttribute("dir", textDirection(code));
    }
    return node;
  }

  // ---------------------------------------------------------------- loading
  var received = {};
  var scripts = {};
  window.caselawSearch = {
    receive: function (kind, data) { received[kind] = data; },
    pagerNumbers: pagerNumbers,  // for the tests: the same numbers as the list pages' pager
    timings: []
  };

  function siteUrl(path) {
    return base.replace(/\/$/, "") + "/" + path;
  }

  function loadScript(path, ordered) {
    if (!scripts[path]) {
      scripts[path] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = siteUrl(path);
        script.async = !ordered;  // ordered ones download together and run in the order they were added
        script.onload = resolve;
        script.onerror = function () { reject(new Error(path)); };
        document.head.appendChild(script);
      });
    }
    return scripts[path];
  }

  function loadData(kind, path) {
    if (received[kind]) return Promise.resolve(received[kind]);
    return loadScript(path).then(function () { return received[kind]; });
  }

  // ---------------------------------------------------------------- state in the URL
  var FACET_PARAMS = [];
  var state = readState();

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var s = { q: params.get("q") || "", filters: {}, from: params.get("from") || "", to: params.get("to") || "",
              landmark: params.get("landmark") === "1", sort: params.get("sort") === "newest" ? "newest" : "relevance",
              page: Math.max(1, parseInt(params.get("page") || "1", 10) || 1) };
    params.forEach(function (value, key) {
      if (["q", "from", "to", "landmark", "sort", "page"].indexOf(key) === -1) {
        (s.filters[key] = s.filters[key] || []).push(value);
      }
    });
    return s;
  }

  function writeState() {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FACET_PARAMS.forEach(function (param) {
      (state.filters[param] || []).forEach(function (v) { params.append(param, v); });
    });
    if (state.from) params.set("from", state.from);
    if (state.to) params.set("to", state.to);
    if (state.landmark) params.set("landmark", "1");
    if (state.sort === "newest") params.set("sort", "newest");
    if (state.page > 1) params.set("page", String(state.page));
    var query = params.toString();
    if ("?" + query === window.location.search || (!query && !window.location.search)) return;
    try {
      window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
    } catch (e) { /* some file:// setups refuse; the page still works */ }
  }

  // ---------------------------------------------------------------- facets
  var data = null;       // the facets file
  var n = 0;
  var yearOf = null;     // Int16Array: decision year per document
  var postings = {};     // param -> key -> Int32Array of documents
  var landmarkMask = null;

  function decode(deltas) {
    if (!deltas) return new Int32Array(0);
    var parts = deltas.split(","), out = new Int32Array(parts.length), last = 0;
    for (var i = 0; i < parts.length; i++) { last += parseInt(parts[i], 10); out[i] = last; }
    return out;
  }

  function prepare(facets) {
    data = facets;
    n = facets.n;
    yearOf = new Int16Array(n);
    var at = 0;
    facets.years.forEach(function (run) { for (var i = 0; i < run[1]; i++) yearOf[at++] = run[0]; });
    facets.facets.forEach(function (facet) {
      FACET_PARAMS.push(facet.param);
      postings[facet.param] = {};
      facet.terms.forEach(function (term) { postings[facet.param][term[0]] = decode(term[2]); });
    });
    landmarkMask = new Uint8Array(n);
    decode(facets.landmark).forEach(function (d) { landmarkMask[d] = 1; });
  }

  function maskOf(param) {
    var selected = state.filters[param] || [];
    if (!selected.length) return null;
    var mask = new Uint8Array(n);
    selected.forEach(function (key) {
      var docs = postings[param][key];
      if (docs) for (var i = 0; i < docs.length; i++) mask[docs[i]] = 1;
    });
    return mask;
  }

  function baseMask(matches) {
    // Documents that match the text query, the years and the landmark switch.
    var mask = new Uint8Array(n), from = parseInt(state.from, 10), to = parseInt(state.to, 10);
    if (matches) matches.forEach(function (m) { mask[m.doc] = 1; });
    else mask.fill(1);
    for (var d = 0; d < n; d++) {
      if (!mask[d]) continue;
      if ((from && yearOf[d] < from) || (to && yearOf[d] > to) || (state.landmark && !landmarkMask[d])) mask[d] = 0;
    }
    return mask;
  }

  // ---------------------------------------------------------------- text query
  function commonPrefix(a, b) {
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return a.slice(0, i);
  }

  function queryTerms(q) {
    // While the reader is typing, the last word is also a prefix ("traff" finds "trafficking").
    var typing = state.typing && q.length > 0 && !/\s$/.test(q);
    var tokens = analyzer.tokens(q);
    return tokens.map(function (token, i) {
      // A CJK character on its own finds the words (bigrams) it starts, too.
      if (token.single) return { prefix: token.term, stem: token.term };
      var prefix = typing && i === tokens.length - 1 ? commonPrefix(token.word, token.term) : "";
      // Two letters would match too many words (and shards) to be worth downloading.
      return prefix.length >= 3 ? { prefix: prefix, stem: token.term } : { stem: token.term };
    });
  }

  function shardsFor(terms) {
    var prefixes = manifest.prefixes, needed = {};
    terms.forEach(function (term) {
      var key = term.prefix || term.stem;
      for (var i = 0; i < prefixes.length; i++) {
        var p = prefixes[i];
        // The shard holding the term (its prefix starts the key), or, for a prefix
        // search, every shard whose terms all start with the key.
        if (key.indexOf(p) === 0 || (term.prefix && p.indexOf(key) === 0)) needed[i] = p;
      }
    });
    return Object.keys(needed).map(function (i) { return [i, needed[i]]; });
  }

  var indexCache = {};

  function indexFor(shards) {
    var cacheKey = shards.map(function (s) { return s[0]; }).join(",");
    if (indexCache[cacheKey]) return Promise.resolve(indexCache[cacheKey]);
    return Promise.all(shards.map(function (s) {
      return loadData("shard:" + s[1], manifest.shards + "/" + s[0] + ".js");
    })).then(function (parts) {
      var index = lunr.Index.load(merge(parts));
      indexCache[cacheKey] = index;
      return index;
    });
  }

  function merge(parts) {
    // Shards hold disjoint terms; a document's vector is the union of its parts.
    if (parts.length === 1) return parts[0];
    var inverted = [], vectors = {}, order = [];
    parts.forEach(function (part) {
      inverted = inverted.concat(part.invertedIndex);
      part.fieldVectors.forEach(function (pair) {
        if (!vectors[pair[0]]) { vectors[pair[0]] = []; order.push(pair[0]); }
        for (var i = 0; i < pair[1].length; i += 2) vectors[pair[0]].push([pair[1][i], pair[1][i + 1]]);
      });
    });
    inverted.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
    return {
      version: parts[0].version, fields: parts[0].fields, pipeline: parts[0].pipeline, invertedIndex: inverted,
      fieldVectors: order.map(function (ref) {
        var flat = [];
        vectors[ref].sort(function (a, b) { return a[0] - b[0]; }).forEach(function (e) { flat.push(e[0], e[1]); });
        return [ref, flat];
      })
    };
  }

  function typedStem(index, prefix) {
    // A word typed past its stem ("ouvriè" of "ouvrières", indexed as "ouvri"; "trafficki"): the
    // indexed term it starts with, one or two letters shorter, is the prefix to search. Its shard
    // is loaded already: a term's shard prefix is a prefix of the term, so of the typed word.
    for (var cut = prefix.length - 1; cut >= Math.max(3, prefix.length - 2); cut--) {
      var shorter = prefix.slice(0, cut);
      if (Object.prototype.hasOwnProperty.call(index.invertedIndex, shorter)) return shorter;
    }
    return prefix;
  }

  // The matches of recent queries: changing a filter, the sort or the page reuses them.
  var matchCache = {};
  var matchOrder = [];

  function textMatches(terms) {
    if (!terms.length) return Promise.resolve(null);
    var key = JSON.stringify(terms);
    if (matchCache[key]) return Promise.resolve(matchCache[key]);
    var shards = shardsFor(terms);
    if (!shards.length) return Promise.resolve([]);
    return indexFor(shards).then(function (index) {
      var matches = index.query(function (query) {
        terms.forEach(function (term) {
          query.term(term.prefix ? typedStem(index, term.prefix) : term.stem, {
            usePipeline: false,
            presence: lunr.Query.presence.REQUIRED,
            wildcard: term.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE
          });
        });
      }).map(function (r) { return { doc: parseInt(r.ref, 36), score: r.score }; });
      matchCache[key] = matches;
      matchOrder.push(key);
      if (matchOrder.length > 20) delete matchCache[matchOrder.shift()];
      return matches;
    });
  }

  // ---------------------------------------------------------------- rendering
  var input = document.getElementById("cl-q");
  var status = document.getElementById("cl-status");
  var list = document.getElementById("cl-results");
  var pager = document.getElementById("cl-pager");
  var facetBox = document.getElementById("cl-facets");
  var sortSelect = document.getElementById("cl-sort");
  var fromSelect = document.getElementById("cl-from");
  var toSelect = document.getElementById("cl-to");
  var landmarkBox = document.getElementById("cl-landmark");
  var expanded = {};

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function renderFacets(matches) {
    var base0 = baseMask(matches);
    var masks = {};
    FACET_PARAMS.forEach(function (p) { masks[p] = maskOf(p); });
    var focused = document.activeElement && document.activeElement.id;
    facetBox.textContent = "";
    data.facets.forEach(function (facet) {
      var allowed = new Uint8Array(base0);
      FACET_PARAMS.forEach(function (p) {
        if (p === facet.param || !masks[p]) return;
        for (var d = 0; d < n; d++) if (!masks[p][d]) allowed[d] = 0;
      });
      var selected = state.filters[facet.param] || [];
      var rows = facet.terms.map(function (term) {
        var docs = postings[facet.param][term[0]], count = 0;
        for (var i = 0; i < docs.length; i++) if (allowed[docs[i]]) count++;
        return { key: term[0], label: term[1], count: count, on: selected.indexOf(term[0]) !== -1 };
      }).filter(function (row) { return row.count > 0 || row.on; });
      if (!rows.length) return;
      rows.sort(function (a, b) { return (b.on - a.on) || (b.count - a.count) || a.label.localeCompare(b.label, language); });
      var fieldset = el("fieldset", { "class": "cl-facet", "data-param": facet.param });
      fieldset.appendChild(el("legend", {}, facet.label || t("countryFacet")));
      var showAll = expanded[facet.param] || rows.length <= FACET_PREVIEW + 2;
      rows.slice(0, showAll ? rows.length : FACET_PREVIEW).forEach(function (row) {
        var id = "f-" + facet.param + "-" + row.key;
        var label = el("label", { "for": id });
        var box = el("input", { type: "checkbox", id: id, value: row.key, "data-param": facet.param });
        box.checked = row.on;
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + row.label + " "));
        label.appendChild(el("span", { "class": "cl-facet__count" }, "(" + row.count + ")"));
        fieldset.appendChild(label);
      });
      if (!showAll) {
        var more = el("button", { type: "button", "class": "cl-more", "data-param": facet.param }, t("showAll", { count: rows.length }));
        fieldset.appendChild(more);
      }
      facetBox.appendChild(fieldset);
    });
    if (focused) {
      var again = document.getElementById(focused);
      if (again) again.focus();
    }
  }

  // ---------------------------------------------------------------- snippets
  var wordCache = {};

  function tokensOf(word) {
    var found = wordCache[word];
    if (found === undefined) found = wordCache[word] = analyzer.tokens(word);
    return found;
  }

  function units(text) {
    // Words as written, and in Chinese each CJK character on its own: {text, space (before it), cjk}.
    var out = [];
    text.split(/\s+/).forEach(function (word) {
      if (!word) return;
      if (language !== "zh") { out.push({ text: word, space: true, cjk: false }); return; }
      var run = "", first = true;
      Array.from(word).forEach(function (char) {
        if (caselawAnalysis.isCjk(char)) {
          if (run) { out.push({ text: run, space: first, cjk: false }); run = ""; first = false; }
          out.push({ text: char, space: first, cjk: true });
          first = false;
        } else {
          run += char;
        }
      });
      if (run) out.push({ text: run, space: first, cjk: false });
    });
    return out;
  }

  function hits(list, terms) {
    var stems = {}, prefixes = [];
    terms.forEach(function (term) {
      stems[term.stem] = true;
      if (term.prefix) prefixes.push(term.prefix);
    });
    function known(term, word) {
      return stems[term] === true || prefixes.some(function (p) { return term.indexOf(p) === 0 || word.indexOf(p) === 0; });
    }
    function key(a, b) { return (a + b).normalize("NFKC").toLowerCase(); }
    return list.map(function (unit, i) {
      if (!terms.length) return false;
      if (!unit.cjk) return tokensOf(unit.text).some(function (token) { return known(token.term, token.word); });
      var before = i > 0 && list[i - 1].cjk && !unit.space ? list[i - 1].text : "";
      var after = i + 1 < list.length && list[i + 1].cjk && !list[i + 1].space ? list[i + 1].text : "";
      return known(key(unit.text, ""), "") || (before && stems[key(before, unit.text)] === true) ||
        (after && known(key(unit.text, after), ""));
    });
  }

  function snippet(card, terms) {
    var list = units(card.s + " " + card.x);
    var hit = hits(list, terms);
    var weight = function (unit) { return unit.cjk ? 0.25 : 1; };  // 40 words, or about 160 characters
    var first = hit.indexOf(true), start = Math.max(first, 0), back = 0;
    while (first > 0 && start > 0 && back < 12) back += weight(list[--start]);
    if (back < 12) start = 0;
    var end = start, shown = 0;
    while (end < list.length && shown < 40) shown += weight(list[end++]);
    var p = markLanguage(el("p", { "class": "cl-snippet" }), card.g);
    var plainText = start > 0 ? "… " : "", mark = null;
    for (var j = start; j < end; j++) {
      var space = j > start && list[j].space ? " " : "";
      if (hit[j]) {
        if (mark && !space) { mark.textContent += list[j].text; continue; }
        if (plainText + space) p.appendChild(document.createTextNode(plainText + space));
        mark = el("mark", {}, list[j].text);
        p.appendChild(mark);
        plainText = "";
      } else {
        mark = null;
        plainText += space + list[j].text;
      }
    }
    if (end < list.length) plainText += " …";
    if (plainText) p.appendChild(document.createTextNode(plainText));
    return p;
  }

  function renderResults(docs, terms, total) {
    var pages = Math.max(1, Math.ceil(total / PER_PAGE));
    if (state.page > pages) state.page = pages;
    var slice = docs.slice((state.page - 1) * PER_PAGE, state.page * PER_PAGE);
    return Promise.all(slice.map(function (d) {
      var ref = d.toString(36);
      return loadData("doc:" + ref, manifest.docs + "/" + ref + ".js");
    })).then(function (cards) {
      list.textContent = "";
      cards.forEach(function (card) {
        var item = el("li", { "class": "cl-result" });
        // The title and citation are the record's own, in English.
        item.appendChild(markLanguage(el("a", { href: siteUrl(card.u), "class": "cl-result__title" }, card.t), "en"));
        item.appendChild(el("span", { "class": "cl-meta" }, card.j + " · " + card.d + (card.l ? " · " + t("landmark") : "")));
        item.appendChild(markLanguage(el("span", { "class": "cl-meta cl-result__citation" }, card.c), "en"));
        item.appendChild(snippet(card, terms));
        list.appendChild(item);
      });
      var cases = t("cases", { count: total });
      status.textContent = total === 0 ? t("none") :
        pages > 1 ? t("foundPaged", { cases: cases, page: state.page, pages: pages }) : t("found", { cases: cases });
      renderPager(pages);
    });
  }

  // The page numbers the pager shows, as generator/pages.py's pager_numbers: all of up to 9 pages; else the
  // first two, the last two and two either side of the current page, null for a run of two or more left out.
  function pagerNumbers(current, pages) {
    function near(p) { return pages <= 9 || p <= 2 || p >= pages - 1 || Math.abs(p - current) <= 2; }
    var shown = [];
    for (var p = 1; p <= pages; p++) {
      if (near(p) || (near(p - 1) && near(p + 1))) shown.push(p);
      else if (shown[shown.length - 1] !== null) shown.push(null);
    }
    return shown;
  }

  function renderPager(pages) {
    pager.textContent = "";
    if (pages <= 1) return;
    var ul = el("ul");
    pagerNumbers(state.page, pages).forEach(function (p) {
      if (p === null) { ul.appendChild(el("li", {}, "…")); return; }
      var li = el("li");
      if (p === state.page) li.appendChild(el("span", { "aria-current": "page" }, String(p)));
      else li.appendChild(el("button", { type: "button", "data-page": String(p), "aria-label": t("page", { page: p }) }, String(p)));
      ul.appendChild(li);
    });
    pager.appendChild(ul);
  }

  function fillYears() {
    var years = data.years.map(function (run) { return run[0]; });
    var min = Math.min.apply(null, years), max = Math.max.apply(null, years);
    [fromSelect, toSelect].forEach(function (select) {
      select.textContent = "";
      select.appendChild(el("option", { value: "" }, t("anyYear")));
      for (var y = max; y >= min; y--) select.appendChild(el("option", { value: String(y) }, String(y)));
    });
    fromSelect.value = state.from;
    toSelect.value = state.to;
  }

  // ---------------------------------------------------------------- the search cycle
  var generation = 0;

  function run() {
    var mine = ++generation;
    var started = performance.now();
    var q = state.q;
    root.setAttribute("aria-busy", "true");
    var loading = manifest.scripts.map(function (path) { return loadScript(path, true); });
    return Promise.all(loading.concat([loadData("facets", manifest.facets)])).then(function (loaded) {
      if (!analyzer) analyzer = window.caselawAnalysis.analyzer(language);
      if (!data) { prepare(loaded[loaded.length - 1]); fillYears(); }
      var terms = queryTerms(q);
      return textMatches(terms).then(function (matches) {
        if (mine !== generation) return;
        renderFacets(matches);
        var mask = baseMask(matches);
        FACET_PARAMS.forEach(function (p) {
          var m = maskOf(p);
          if (m) for (var d = 0; d < n; d++) if (!m[d]) mask[d] = 0;
        });
        var docs;
        if (matches && state.sort === "relevance") {
          docs = matches.filter(function (m) { return mask[m.doc]; }).map(function (m) { return m.doc; });
        } else {
          docs = [];
          for (var d = 0; d < n; d++) if (mask[d]) docs.push(d);
        }
        window.caselawSearch.results = docs;  // the whole result set, in order: citations.js cites it
        return renderResults(docs, terms, docs.length).then(function () {
          if (mine !== generation) return;
          window.caselawSearch.timings.push({ query: q, ms: performance.now() - started });
          writeState();
          root.setAttribute("aria-busy", "false");
          root.setAttribute("data-rendered-query", q);
        });
      });
    }).catch(function (error) {
      root.setAttribute("aria-busy", "false");
      status.textContent = t("failed", { error: error.message });
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    state.q = input.value;
    state.typing = true;
    state.page = 1;
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  root.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    state.q = input.value;
    state.typing = false;
    state.page = 1;
    run();
  });
  facetBox.addEventListener("change", function (event) {
    var box = event.target;
    var param = box.getAttribute("data-param");
    if (!param) return;
    var values = state.filters[param] || [];
    if (box.checked) values.push(box.value);
    else values = values.filter(function (v) { return v !== box.value; });
    state.filters[param] = values;
    state.page = 1;
    run();
  });
  facetBox.addEventListener("click", function (event) {
    var param = event.target.getAttribute && event.target.classList.contains("cl-more") && event.target.getAttribute("data-param");
    if (param) { expanded[param] = true; run(); }
  });
  pager.addEventListener("click", function (event) {
    var page = event.target.getAttribute && event.target.getAttribute("data-page");
    if (!page) return;
    state.page = parseInt(page, 10);
    run().then(function () { status.focus(); });
  });
  sortSelect.addEventListener("change", function () { state.sort = sortSelect.value; state.page = 1; run(); });
  fromSelect.addEventListener("change", function () { state.from = fromSelect.value; state.page = 1; run(); });
  toSelect.addEventListener("change", function () { state.to = toSelect.value; state.page = 1; run(); });
  landmarkBox.addEventListener("change", function () { state.landmark = landmarkBox.checked; state.page = 1; run(); });

  input.value = state.q;
  sortSelect.value = state.sort;
  landmarkBox.checked = state.landmark;
  run();
})();
