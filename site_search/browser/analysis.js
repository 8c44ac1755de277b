/* Text analysis per language: how a query becomes index terms.
 *
 * The browser's side of site_search/analysis.py, step for step: the index of a language
 * was built with the same analyzer, so a word typed here becomes the term it was indexed
 * as (tests/test_search_languages.py runs both sides on every word of the project's
 * texts and requires them to agree). Loaded by the search page after lunr.js and, for
 * French, Spanish and Russian, lunr-languages' stemmer files.
 *
 * analyzer(language).tokens(text) -> [{word, term, single}]: `term` is the index term,
 * `word` the word it came from (lower-cased, normalised and folded as far as the term is,
 * so that a word being typed can be searched as a prefix), `single` marks a CJK character
 * standing alone (indexed as itself, searched as a prefix of bigrams too).
 */
(function () {
  "use strict";

  // White space, hyphens and dashes, slash, apostrophes: as analysis.SEPARATORS.
  var SEPARATORS = /[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff\-\u2010-\u2015\/'\u2019\u02bc]+/;
  var TRIM = /^[^\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}]+$/gu;
  var WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
  var MARKS = /[\u0300-\u036f]/g;
  // lunr.py's trimmer, which built the English index: a token of word characters with non-word
  // characters at its ends loses them; any other token ("08/03895", quoted) stays whole. Word
  // characters as Python's \w: letters, digits, underscore. (lunr.js's own trimmer differs.)
  var LUNR_PY_TRIM = /^[^\p{L}\p{N}_]*?([\p{L}\p{N}_]+)[^\p{L}\p{N}_]*?$/u;
  var CJK = /^[\u1100-\u11ff\u3005-\u3007\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{2fa1f}]$/u;

  function words(text) {
    return text.toLowerCase().split(SEPARATORS).filter(function (w) { return w; });
  }

  function trim(word) {
    return word.replace(TRIM, "");
  }

  function fold(text) {  // English: as site_search/text.py's fold
    return text.normalize("NFD").replace(MARKS, "");
  }

  function foldMarks(text) {  // the other languages: as analysis.fold_marks
    return fold(text).normalize("NFC");
  }

  function isCjk(char) {
    return CJK.test(char);
  }

  // One cached function per distinct word.
  function byWord(analyze) {
    var cache = Object.create(null);
    function one(word) {
      var found = cache[word];
      if (found === undefined) found = cache[word] = analyze(word);
      return found;
    }
    return {
      tokens: function (text) {
        var out = [];
        words(text).forEach(function (word) {
          var token = one(word);
          if (token) out.push(token);
        });
        return out;
      }
    };
  }

  // ---------------------------------------------------------------- English: lunr.py's pipeline
  // The English index is lunr.py's, so its query side follows lunr.py rather than lunr.js
  // where they differ: white space as Python's \s, lunr.py's trimmer (above) and lunr.py's
  // Porter stemmer (below: lunr.js's turns "try" into "tri" and leaves "day", lunr.py's the
  // other way round). The stop words are the same list in both.
  var EN_SEPARATOR = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\-]+/;

  // lunr.py's PorterStemmer (lunr/stemmer.py, from Vivake Gupta's Python port of Porter's
  // ANSI C version), line for line, on code points; Python's negative indexes included.
  function porter(word) {
    var b = Array.from(word), k = b.length - 1, k0 = 0, j = 0;
    if (k <= k0 + 1) return word;
    function at(i) { return b[i < 0 ? b.length + i : i]; }
    function cons(i) {
      var ch = at(i);
      if (ch === "a" || ch === "e" || ch === "i" || ch === "o" || ch === "u") return false;
      if (ch === "y") return i === k0 ? true : !cons(i - 1);
      return true;
    }
    function m() {
      var n = 0, i = k0;
      for (;;) { if (i > j) return n; if (!cons(i)) break; i++; }
      i++;
      for (;;) {
        for (;;) { if (i > j) return n; if (cons(i)) break; i++; }
        i++;
        n++;
        for (;;) { if (i > j) return n; if (!cons(i)) break; i++; }
        i++;
      }
    }
    function vowelinstem() {
      for (var i = k0; i <= j; i++) if (!cons(i)) return true;
      return false;
    }
    function doublec(x) {
      if (x < k0 + 1) return false;
      if (at(x) !== at(x - 1)) return false;
      return cons(x);
    }
    function cvc(i) {
      if (i < k0 + 2 || !cons(i) || cons(i - 1) || !cons(i - 2)) return false;
      var ch = at(i);
      return !(ch === "w" || ch === "x" || ch === "y");
    }
    function ends(s) {
      var length = s.length;
      if (s[length - 1] !== at(k)) return false;
      if (length > k - k0 + 1) return false;
      if (b.slice(k - length + 1, k + 1).join("") !== s) return false;
      j = k - length;
      return true;
    }
    function setto(s) {
      var length = s.length;
      b = b.slice(0, j + 1).concat(s.split(""), b.slice(j + length + 1));
      k = j + length;
    }
    function r(s) { if (m() > 0) setto(s); }
    function first(pairs) {  // the first suffix that ends the word is replaced (r), the others not tried
      for (var i = 0; i < pairs.length; i += 2) if (ends(pairs[i])) { r(pairs[i + 1]); return; }
    }
    // step1ab
    if (at(k) === "s") {
      if (ends("sses")) k -= 2;
      else if (ends("ies")) setto("i");
      else if (at(k - 1) !== "s") k -= 1;
    }
    if (ends("eed")) {
      if (m() > 0) k -= 1;
    } else if ((ends("ed") || ends("ing")) && vowelinstem()) {
      k = j;
      if (ends("at")) setto("ate");
      else if (ends("bl")) setto("ble");
      else if (ends("iz")) setto("ize");
      else if (doublec(k)) {
        k -= 1;
        var ch = at(k);
        if (ch === "l" || ch === "s" || ch === "z") k += 1;
      } else if (m() === 1 && cvc(k)) setto("e");
    }
    // step1c
    if (ends("y") && vowelinstem()) b[k] = "i";
    // step2
    var step2 = {
      a: ["ational", "ate", "tional", "tion"],
      c: ["enci", "ence", "anci", "ance"],
      e: ["izer", "ize"],
      l: ["bli", "ble", "alli", "al", "entli", "ent", "eli", "e", "ousli", "ous"],
      o: ["ization", "ize", "ation", "ate", "ator", "ate"],
      s: ["alism", "al", "iveness", "ive", "fulness", "ful", "ousness", "ous"],
      t: ["aliti", "al", "iviti", "ive", "biliti", "ble"],
      g: ["logi", "log"]
    }[at(k - 1)];
    if (step2) first(step2);
    // step3
    var step3 = { e: ["icate", "ic", "ative", "", "alize", "al"], i: ["iciti", "ic"], l: ["ical", "ic", "ful", ""], s: ["ness", ""] }[at(k)];
    if (step3) first(step3);
    // step4
    var step4 = {
      a: ["al"], c: ["ance", "ence"], e: ["er"], i: ["ic"], l: ["able", "ible"], n: ["ant", "ement", "ment", "ent"],
      o: null, s: ["ism"], t: ["ate", "iti"], u: ["ous"], v: ["ive"], z: ["ize"]
    }, before = at(k - 1), found = false;
    if (before === "o") {
      found = (ends("ion") && (at(j) === "s" || at(j) === "t")) || ends("ou");
    } else if (Object.prototype.hasOwnProperty.call(step4, before)) {
      found = step4[before].some(function (suffix) { return ends(suffix); });
    }
    if (found && m() > 1) k = j;
    // step5
    j = k;
    if (at(k) === "e") {
      var a = m();
      if (a > 1 || (a === 1 && !cvc(k - 1))) k -= 1;
    }
    if (at(k) === "l" && doublec(k) && m() > 1) k -= 1;
    return b.slice(k0, k + 1).join("");
  }

  function english() {
    var cache = Object.create(null);
    return {
      tokens: function (text) {
        var out = [];
        fold(text).toLowerCase().split(EN_SEPARATOR).forEach(function (token) {
          if (!token) return;
          var found = cache[token];
          if (found === undefined) {
            found = null;
            var m = LUNR_PY_TRIM.exec(token), word = m ? m[1] : token;
            if (lunr.stopWordFilter(new lunr.Token(word))) {
              var term = porter(word);
              if (term) found = { word: word, term: term };
            }
            cache[token] = found;
          }
          if (found) out.push(found);
        });
        return out;
      }
    };
  }

  function snowball(language) {
    var lang = lunr[language];
    var russian = language === "ru";
    var stems = russian ? /^[\u0400-\u04ff]+$/ : /^[\u0000-\u024f]+$/;
    return byWord(function (raw) {
      var word = trim(raw);
      if (!word || !lang.stopWordFilter(new lunr.Token(word))) return null;
      if (russian) word = word.replace(/ё/g, "е");
      if (!stems.test(word)) {
        var folded = foldMarks(word);
        return folded ? { word: folded, term: folded } : null;
      }
      var stem = lang.stemmer(new lunr.Token(word)).toString();
      // Russian letters keep their marks (й is no и); ё is е already.
      var term = russian ? stem : foldMarks(stem);
      return term ? { word: russian ? word : foldMarks(word), term: term } : null;
    });
  }

  // ---------------------------------------------------------------- Arabic: light10
  var AR_MARKS = /[\u064b-\u065f\u0670\u0640]/g;
  var AR_LETTERS = /[\u0623\u0625\u0622\u0649\u0629\u0660-\u0669\u06f0-\u06f9]/g;
  var AR_PREFIXES = ["ال", "وال", "بال", "كال", "فال", "لل", "و"];
  var AR_SUFFIXES = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];
  var AR_STOP_WORDS = {};
  ("في من الي علي عن مع او ثم ان كان كانت يكون التي الذي الذين اللذين اللتين هذا هذه ذلك تلك هؤلاء هو هي هم هما " +
   "هن انا نحن انت انتم لا ما لم لن قد كل بين بعد قبل عند حتي اذا كما اي غير حيث لكن بل اما ايضا له لها لهم به بها " +
   "فيه فيها منه منها عليه عليها وقد وهو وهي وفي ومن ام").split(" ").forEach(function (w) { AR_STOP_WORDS[w] = true; });

  function normalizeArabic(word) {
    return word.replace(AR_MARKS, "").replace(AR_LETTERS, function (c) {
      var code = c.charCodeAt(0);
      if (code >= 0x660 && code <= 0x669) return String(code - 0x660);
      if (code >= 0x6f0 && code <= 0x6f9) return String(code - 0x6f0);
      return c === "\u0649" ? "\u064a" : c === "\u0629" ? "\u0647" : "\u0627";
    });
  }

  function length(word) {  // in code points, as Python counts
    return Array.from(word).length;
  }

  function arabicPrefix(word) {
    for (var i = 0; i < AR_PREFIXES.length; i++) {
      var prefix = AR_PREFIXES[i];
      if (word.indexOf(prefix) === 0 && length(word) >= prefix.length + (prefix === "و" ? 3 : 2)) return word.slice(prefix.length);
    }
    return word;
  }

  function arabicSuffix(word) {
    AR_SUFFIXES.forEach(function (suffix) {
      if (word.slice(-suffix.length) === suffix && length(word) >= suffix.length + 2) word = word.slice(0, -suffix.length);
    });
    return word;
  }

  function arabic() {
    return byWord(function (raw) {
      var word = normalizeArabic(trim(raw));
      if (!word || AR_STOP_WORDS[word] === true) return null;
      var bare = arabicPrefix(word);
      var term = foldMarks(arabicSuffix(bare));
      return term ? { word: foldMarks(bare), term: term } : null;
    });
  }

  // ---------------------------------------------------------------- Chinese: bigrams
  function chinese() {
    return {
      tokens: function (text) {
        var out = [];
        function cjkRun(chars) {
          if (chars.length === 1) out.push({ word: chars[0], term: chars[0], single: true });
          for (var i = 0; i + 1 < chars.length; i++) out.push({ word: chars[i] + chars[i + 1], term: chars[i] + chars[i + 1] });
        }
        function otherRun(chars) {
          var term = foldMarks(chars.join(""));
          if (term) out.push({ word: term, term: term });
        }
        text.normalize("NFKC").toLowerCase().split(SEPARATORS).forEach(function (word) {
          var cjk = [], other = [];
          Array.from(word).forEach(function (char) {
            if (isCjk(char)) {
              if (other.length) { otherRun(other); other = []; }
              cjk.push(char);
            } else if (WORD_CHAR.test(char)) {
              if (cjk.length) { cjkRun(cjk); cjk = []; }
              other.push(char);
            } else {
              if (cjk.length) { cjkRun(cjk); cjk = []; }
              if (other.length) { otherRun(other); other = []; }
            }
          });
          if (cjk.length) cjkRun(cjk);
          if (other.length) otherRun(other);
        });
        return out;
      }
    };
  }

  var made = {};

  function analyzer(language) {
    if (!made[language]) {
      var a = language === "zh" ? chinese() : language === "ar" ? arabic() :
        (language === "fr" || language === "es" || language === "ru") ? snowball(language) : english();
      a.language = language;
      a.terms = function (text) { return a.tokens(text).map(function (t) { return t.term; }); };
      made[language] = a;
    }
    return made[language];
  }

  window.caselawAnalysis = { analyzer: analyzer, isCjk: isCjk };
})();
