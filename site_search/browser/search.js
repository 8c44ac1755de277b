/* Case-law search: lunr.js 2.3.9 over term-sharded indexes, facets counted in the browser.
 *
 * Loaded only by the search page. Every data file is a script that calls
 * caselawSearch.receive(kind, data), so search works from file:// as well as over HTTP.
 * Results are built with textContent and <mark> elements: nothing from the index is
 * ever inserted as HTML.
 */
(function () {
  "use strict";

  var root = document.getElementById("cl-search");
  if (!root) return;
  var manifest = JSON.parse(document.getElementById("cl-search-manifest").textContent);
  var base = root.getAttribute("data-base") || ".";
  var PER_PAGE = manifest.perPage || 20;
  var FACET_PREVIEW = 8;

  // ---------------------------------------------------------------- loading
  var received = {};
  var scripts = {};
  window.caselawSearch = {
    receive: function (kind, data) { received[kind] = data; },
    timings: []
  };

  function siteUrl(path) {
    return base.replace(/\/$/, "") + "/" + path;
  }

  function loadScript(path) {
    if (!scripts[path]) {
      scripts[path] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = siteUrl(path);
        script.async = true;
        script.onload = resolve;
        script.onerror = function () { reject(new Error("could not load " + path)); };
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
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function commonPrefix(a, b) {
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return a.slice(0, i);
  }

  function queryTerms(q) {
    // While the reader is typing, the last word is also a prefix ("traff" finds "trafficking").
    var typing = state.typing && q.length > 0 && !/\s$/.test(q);
    var tokens = lunr.tokenizer(fold(q));
    var terms = [];
    tokens.forEach(function (token, i) {
      var trimmed = lunr.trimmer(token);
      if (!trimmed || !lunr.stopWordFilter(trimmed)) return;
      var text = trimmed.toString();
      if (!text) return;
      var stem = lunr.stemmer(new lunr.Token(text)).toString();
      var prefix = typing && i === tokens.length - 1 ? commonPrefix(text, stem) : "";
      // Two letters would match too many words (and shards) to be worth downloading.
      terms.push(prefix.length >= 3 ? { prefix: prefix, stem: stem } : { stem: stem });
    });
    return terms;
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
          query.term(term.prefix || term.stem, {
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
      rows.sort(function (a, b) { return (b.on - a.on) || (b.count - a.count) || (a.label < b.label ? -1 : 1); });
      var fieldset = el("fieldset", { "class": "cl-facet", "data-param": facet.param });
      fieldset.appendChild(el("legend", {}, facet.label));
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
        var more = el("button", { type: "button", "class": "cl-more", "data-param": facet.param }, "Show all " + rows.length);
        fieldset.appendChild(more);
      }
      facetBox.appendChild(fieldset);
    });
    if (focused) {
      var again = document.getElementById(focused);
      if (again) again.focus();
    }
  }

  var stemCache = {};

  function stemOf(word) {
    var stem = stemCache[word];
    if (stem === undefined) stem = stemCache[word] = lunr.stemmer(new lunr.Token(word)).toString();
    return stem;
  }

  function snippet(card, terms) {
    var text = card.s + " " + card.x;
    var words = text.split(/\s+/);
    var stems = terms.map(function (t) { return t.stem; });
    var prefixes = terms.filter(function (t) { return t.prefix; }).map(function (t) { return t.prefix; });
    function hit(word) {
      var clean = fold(word.toLowerCase()).replace(/^\W+|\W+$/g, "");
      if (!clean) return false;
      var stem = stemOf(clean);
      return stems.indexOf(stem) !== -1 || prefixes.some(function (p) { return clean.indexOf(p) === 0 || stem.indexOf(p) === 0; });
    }
    var first = -1;
    if (terms.length) for (var i = 0; i < words.length; i++) if (hit(words[i])) { first = i; break; }
    var start = first > 12 ? first - 12 : 0, end = Math.min(words.length, start + 40);
    var p = el("p", { "class": "cl-snippet" });
    var plainText = start > 0 ? "… " : "";
    for (var j = start; j < end; j++) {
      if (terms.length && hit(words[j])) {
        if (plainText) p.appendChild(document.createTextNode(plainText));
        p.appendChild(el("mark", {}, words[j]));
        plainText = " ";
      } else {
        plainText += words[j] + " ";
      }
    }
    if (end < words.length) plainText += "…";
    if (plainText) p.appendChild(document.createTextNode(plainText));
    return p;
  }

  function formatDate(iso) {
    var months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    var parts = iso.split("-");
    return parseInt(parts[2], 10) + " " + months[parseInt(parts[1], 10) - 1] + " " + parts[0];
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
        var link = el("a", { href: siteUrl(card.u), "class": "cl-result__title" }, card.t);
        item.appendChild(link);
        item.appendChild(el("span", { "class": "cl-meta" }, card.j + " · " + formatDate(card.d) + (card.l ? " · Landmark" : "")));
        item.appendChild(el("span", { "class": "cl-meta cl-result__citation" }, card.c));
        item.appendChild(snippet(card, terms));
        list.appendChild(item);
      });
      status.textContent = total === 0 ? "No case matches." :
        total + (total === 1 ? " case" : " cases") + (pages > 1 ? ", page " + state.page + " of " + pages : "") + ".";
      renderPager(pages);
    });
  }

  function renderPager(pages) {
    pager.textContent = "";
    if (pages <= 1) return;
    var ul = el("ul");
    for (var p = 1; p <= pages; p++) {
      if (pages > 9 && p > 2 && p < pages - 1 && Math.abs(p - state.page) > 2) {
        if (ul.lastChild && ul.lastChild.textContent !== "…") ul.appendChild(el("li", {}, "…"));
        continue;
      }
      var li = el("li");
      if (p === state.page) li.appendChild(el("span", { "aria-current": "page" }, String(p)));
      else li.appendChild(el("button", { type: "button", "data-page": String(p), "aria-label": "Page " + p }, String(p)));
      ul.appendChild(li);
    }
    pager.appendChild(ul);
  }

  function fillYears() {
    var years = data.years.map(function (run) { return run[0]; });
    var min = Math.min.apply(null, years), max = Math.max.apply(null, years);
    [fromSelect, toSelect].forEach(function (select) {
      select.textContent = "";
      select.appendChild(el("option", { value: "" }, "Any year"));
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
    return Promise.all([loadScript(manifest.lunr), loadData("facets", manifest.facets)]).then(function (loaded) {
      if (!data) { prepare(loaded[1]); fillYears(); }
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
      status.textContent = "Search could not load (" + error.message + "). Browse by country or theme instead.";
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
