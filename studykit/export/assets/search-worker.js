/* studykit search worker: Material's search protocol over a split index fetched on demand.
 *
 * Material's own worker builds a lunr index of the whole site on every page view; on a large
 * site that is megabytes fetched and over a second of work before the first result. This
 * worker speaks the same messages (SETUP, READY, QUERY, RESULT) but fetches nothing until a
 * query arrives, then only the term files of the words typed and the entry files of the best
 * results (written by studykit.export.search_shards). Terms are matched as prefixes, every
 * word must match (AND), and entries are ranked by BM25 with title words weighted up. The
 * best few pages are sent as soon as their entries arrive, then the rest.
 */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var BASE = new URL("../../search/studykit/", self.location.href);
var MAX_PAGES = 20;
var FIRST_PAGES = 5;
var MAX_SECTIONS = 6;
var PREFIX = 0.6;

var files = new Map();
var suggestions = false;
var latest = 0;
var settings = null;
var ready = new Promise(function (resolve) { settings = resolve; });

function fetchJson(path) {
  if (!files.has(path)) {
    files.set(path, fetch(new URL(path, BASE)).then(function (response) {
      return response.ok ? response.json() : null;
    }).catch(function () { return null; }));
  }
  return files.get(path);
}

function hexOf(text) {
  return Array.from(new TextEncoder().encode(text), function (byte) {
    return byte.toString(16).padStart(2, "0");
  }).join("");
}

/* Return the query's terms as the index made them: lower case, split, no stop words. */
function queryTerms(meta, query) {
  var separator = new RegExp(meta.separator || "[\\s\\-]+");
  var stop = new Set(meta.stop || []);
  var seen = new Set();
  // Lunr's query syntax (wildcards, boosts, fuzziness, required words) reads as plain words.
  return query.replace(/[*~^+]/g, " ").split(separator).map(function (term) {
    return term.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");  // as search_shards
  }).filter(function (term) {
      if (!term || stop.has(term) || seen.has(term)) return false;
      seen.add(term);
      return true;
    });
}

/* Return {entry: score} of one query term: its best matching index term for each entry. */
function termScores(meta, term, shard) {
  var scores = new Map();
  Object.keys(shard || {}).forEach(function (word) {
    if (word.slice(0, term.length) !== term || (term.length < 2 && word !== term)) return;
    var postings = shard[word];
    var count = postings.length / 2;
    var idf = Math.log(1 + (meta.count - count + 0.5) / (count + 0.5));
    var factor = (word === term ? 1 : PREFIX) * idf / 100;
    for (var i = 0; i < postings.length; i += 2) {
      var score = factor * postings[i + 1];  // BM25's weight in the entry, times 100
      if (!(scores.get(postings[i]) >= score)) scores.set(postings[i], score);
    }
  });
  return scores;
}

/* Return [[entry, score]] of the entries matching every term, best first. */
function rank(perTerm) {
  var total = new Map(perTerm[0]);
  perTerm.slice(1).forEach(function (scores) {
    total.forEach(function (score, entry) {
      if (scores.has(entry)) total.set(entry, score + scores.get(entry));
      else total.delete(entry);
    });
  });
  return Array.from(total).sort(function (a, b) { return b[1] - a[1]; });
}

/* Return the first entry of the page of an entry (`starts`: each page's first entry). */
function pageOf(starts, entry) {
  var low = 0, high = starts.length - 1;
  while (low < high) {
    var middle = (low + high + 1) >> 1;
    if (starts[middle] <= entry) low = middle; else high = middle - 1;
  }
  return starts.length ? starts[low] : entry;
}

/* Return the best pages: [[page entry, [[section entry, score]...]]]. */
function pagesOf(starts, ranked) {
  var pages = new Map();
  for (var i = 0; i < ranked.length; i++) {
    var page = pageOf(starts, ranked[i][0]);
    if (!pages.has(page)) {
      if (pages.size >= MAX_PAGES) continue;
      pages.set(page, []);
    }
    var sections = pages.get(page);
    if (sections.length < MAX_SECTIONS) sections.push(ranked[i]);
  }
  return Array.from(pages);
}

function entryOf(meta, entry) {
  return fetchJson("d/" + Math.floor(entry / meta.perFile) + ".json").then(function (chunk) {
    return chunk ? chunk[entry % meta.perFile] : ["", "", ""];
  });
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

/* Return text as HTML with the words starting with a query term marked. */
function highlight(text, terms) {
  var escaped = terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
  var pattern = new RegExp("(^|[^\\p{L}\\p{N}])(" + escaped.join("|") + ")", "giu");
  var out = "", last = 0, match;
  while ((match = pattern.exec(text)) !== null) {
    var start = match.index + match[1].length;
    out += escapeHtml(text.slice(last, start)) + "<mark data-md-highlight>" +
      escapeHtml(match[2]) + "</mark>";
    last = start + match[2].length;
    if (match[0].length === 0) pattern.lastIndex++;
  }
  return out + escapeHtml(text.slice(last));
}

function item(found, score, terms, teaser) {
  var matched = {};
  terms.forEach(function (t) { matched[t] = true; });
  return {
    location: found[0],
    title: highlight(found[1], terms),
    text: teaser ? highlight(found[2], terms) : "",
    score: score,
    terms: matched,
  };
}

/* Return Material's result groups: each page's entry, then its best sections. */
function groups(meta, pages, terms) {
  return Promise.all(pages.map(function (pair) {
    var page = pair[0], sections = pair[1];
    var lowest = sections[sections.length - 1][1];
    var own = sections.filter(function (s) { return s[0] !== page; });
    return Promise.all([entryOf(meta, page)].concat(own.map(function (s) {
      return entryOf(meta, s[0]);
    }))).then(function (found) {
      var head = item(found[0], lowest, terms, own.length === 0);
      return [head].concat(own.map(function (s, n) { return item(found[n + 1], s[1], terms, true); }));
    });
  }));
}

function suggestion(terms, shards) {
  var last = terms[terms.length - 1];
  var shard = shards[shards.length - 1] || {};
  var best = null;
  Object.keys(shard).forEach(function (word) {
    if (word.slice(0, last.length) === last && (!best || shard[word].length > shard[best].length)) {
      best = word;
    }
  });
  return best ? [best] : [];
}

function post(result, number) {
  if (number === latest) self.postMessage({ type: RESULT, data: result });
}

/* Answer a query: the best pages first, then all of them (each a RESULT message). */
function search(meta, query, number) {
  var terms = queryTerms(meta, query);
  if (!terms.length) return Promise.resolve(post({ items: [] }, number));
  var wanted = [fetchJson("pages.json")].concat(terms.map(function (t) {
    return fetchJson("t/" + hexOf(t.slice(0, 2)) + ".json");
  }));
  return Promise.all(wanted).then(function (found) {
    if (number !== latest) return null;
    var shards = found.slice(1);
    var ranked = rank(terms.map(function (t, n) { return termScores(meta, t, shards[n]); }));
    var pages = pagesOf(found[0] || [], ranked);
    var extra = suggestions ? { suggest: suggestion(terms, shards) } : {};
    var first = groups(meta, pages.slice(0, FIRST_PAGES), terms).then(function (items) {
      if (pages.length > FIRST_PAGES) post(Object.assign({ items: items }, extra), number);
      return items;
    });
    var rest = groups(meta, pages.slice(FIRST_PAGES), terms);
    return Promise.all([first, rest]).then(function (parts) {
      post(Object.assign({ items: parts[0].concat(parts[1]) }, extra), number);
    });
  });
}

self.addEventListener("message", function (event) {
  var message = event.data || {};
  if (message.type === SETUP) {
    var data = message.data || {};
    var config = data.config || {};
    suggestions = Boolean(data.options && data.options.suggest);
    settings(Object.assign({ separator: config.separator }, config.studykit || {}));
    self.postMessage({ type: READY });
  } else if (message.type === QUERY) {
    var number = ++latest;
    var query = String(message.data || "");
    if (!/[\p{L}\p{N}]/u.test(query)) return post({ items: [] }, number);  // fetch nothing
    ready.then(function (meta) { return search(meta, query, number); });
  }
});
