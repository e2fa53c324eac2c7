/* studykit progress in the browser: the review log, its schedules, the day's queue, sync.
 *
 * The page keeps what the terminal keeps: a log of reviews (localStorage, REVIEWS_KEY) in
 * the format of studykit.study.review_log (documented in site/quiz.md). Schedules are the
 * replay of that log through fsrs.js, each item's reviews oldest first (ties by id), as
 * studykit.study.replay does, so a log moved between the terminal (`studykit progress
 * export` / `import`) and this page gives the same schedules on both. Import merges by
 * review id: idempotent, order-free, and a malformed or foreign file changes nothing.
 * The queue follows the terminal's: learning steps when due, reviews due today, new cards
 * in deck order; an answered, buried or suspended card buries its siblings (cloze
 * deletions, cells of a table row) until the study day ends (4 AM local time, as Anki).
 * Loaded after fsrs.js and before practice.js (window.studykitProgress); under Node (the
 * tests) it is a CommonJS module.
 */
(function (root) {
  "use strict";

  var fsrs = root.studykitFsrs || (typeof require === "function" ? require("./fsrs.js") : null);
  var REVIEWS_KEY = "studykit.reviews.v1";
  var FORMAT = "studykit-review-log";
  var VERSION = 1;
  var MAX_BYTES = 128 * 1024 * 1024;
  var MAX_LINE = 64 * 1024;
  var MAX_DURATION = 86400000;
  var MINUTE = 60000;
  var HOUR = 60 * MINUTE;
  var DAY = 24 * HOUR;
  var LEARN_AHEAD = 20 * MINUTE;
  var DAY_STARTS_AT = 4;
  var TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
  var ID = /^[0-9a-f]{32}$/;
  var EARLIEST = Date.UTC(2000, 0, 1), LATEST = Date.UTC(2200, 0, 1);

  function LogError(message) { this.message = message; }
  LogError.prototype = Object.create(Error.prototype);
  LogError.prototype.name = "LogError";

  /* Return the start of the study day after the one `ms` falls in (local time). */
  function nextDayStart(ms) {
    var d = new Date(ms - DAY_STARTS_AT * HOUR);
    return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1, DAY_STARTS_AT).getTime();
  }

  function dayStart(ms) {
    var d = new Date(ms - DAY_STARTS_AT * HOUR);
    return new Date(d.getFullYear(), d.getMonth(), d.getDate(), DAY_STARTS_AT).getTime();
  }

  function order(a, b) {
    return a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  }

  function newId() {
    var bytes = new Uint8Array(16);
    (root.crypto || globalThis.crypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  /* Settings as the log's header writes them (snake_case, steps in seconds) and back. */
  function settingsFromHeader(s) {
    return {
      parameters: s.parameters, desiredRetention: s.desired_retention, learningSteps: s.learning_steps,
      relearningSteps: s.relearning_steps, maximumInterval: s.maximum_interval, fuzz: s.fuzz,
    };
  }

  function settingsToHeader(s) {
    return {
      parameters: s.parameters, desired_retention: s.desiredRetention, learning_steps: s.learningSteps,
      relearning_steps: s.relearningSteps, maximum_interval: s.maximumInterval, fuzz: s.fuzz,
    };
  }

  function isoMs(ms) { return new Date(ms).toISOString(); }

  function parseTime(value, field, where) {
    var ms = typeof value === "string" && TIME.test(value) ? Date.parse(value) : NaN;
    if (isNaN(ms)) throw new LogError(where + ": '" + field + "' must be a UTC time like 2026-11-30T09:15:02.118Z");
    if (isoMs(ms) !== value) throw new LogError(where + ": '" + field + "' is not a real date");
    if (ms < EARLIEST || ms >= LATEST) throw new LogError(where + ": '" + field + "' is out of range");
    return ms;
  }

  function text(value, field, where, limit) {
    if (typeof value !== "string" || !value || value.length > limit) {
      throw new LogError(where + ": '" + field + "' must be text of 1 to " + limit + " characters");
    }
    return value;
  }

  function parseReview(data, where) {
    if (typeof data.id !== "string" || !ID.test(data.id)) throw new LogError(where + ": 'id' must be 32 lowercase hex digits");
    var key = text(data.key, "key", where, 1000);
    if (key.indexOf("/") < 0) throw new LogError(where + ": 'key' must be deck/card");
    if ([1, 2, 3, 4].indexOf(data.rating) < 0) throw new LogError(where + ": 'rating' must be 1, 2, 3 or 4");
    var d = data.duration_ms;
    if (!(d === null || d === undefined || (Number.isInteger(d) && d >= 0 && d <= MAX_DURATION))) {
      throw new LogError(where + ": 'duration_ms' must be null or 0 to " + MAX_DURATION);
    }
    return {
      id: data.id, key: key, time: parseTime(data.time, "time", where), rating: data.rating,
      duration: d === undefined ? null : d, origin: text(data.origin, "origin", where, 100),
    };
  }

  function lineObject(line, where, first) {
    if (line.length > MAX_LINE) throw new LogError(where + ": line longer than " + MAX_LINE + " characters");
    var value;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new LogError(where + (first ? ": not a studykit review log (not JSON Lines)" : ": not a JSON object"));
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) throw new LogError(where + ": not a JSON object");
    return value;
  }

  function parseHeader(data, where) {
    if (data.format !== FORMAT) throw new LogError(where + ": not a studykit review log (no \"format\": \"" + FORMAT + "\" header)");
    if (!Number.isInteger(data.version) || data.version < 1) throw new LogError(where + ": the version must be a whole number");
    if (data.version > VERSION) {
      throw new LogError(where + ": review log version " + data.version + " is newer than this page reads (" + VERSION + ")");
    }
    text(data.origin, "origin", where, 100);
    parseTime(data.exported_at, "exported_at", where);
    var settings = settingsFromHeader(data.scheduler || {});
    var problem = fsrs.settingsProblem(settings);
    if (problem) throw new LogError(where + ": " + problem);
    return settings;
  }

  /* Return {settings, reviews} of a review log file's text; throw LogError at a problem. */
  function parseLog(content, name) {
    var lines = content.split(/\r\n|\n|\r/);
    if (!lines[0] || !lines[0].trim()) throw new LogError(name + ":1: empty: not a studykit review log");
    var settings = parseHeader(lineObject(lines[0], name + ":1", true), name + ":1");
    var reviews = [];
    for (var n = 1; n < lines.length; n++) {
      if (!lines[n].trim()) continue;
      var where = name + ":" + (n + 1);
      reviews.push(parseReview(lineObject(lines[n], where, false), where));
    }
    return { settings: settings, reviews: reviews };
  }

  function same(a, b) {
    return a.key === b.key && a.time === b.time && a.rating === b.rating &&
      a.duration === b.duration && a.origin === b.origin;
  }

  /* Return {reviews (sorted union), added}; throw LogError when an id has two contents. */
  function merge(known, incoming) {
    var byId = {};
    known.forEach(function (r) { byId[r.id] = r; });
    var added = [];
    incoming.forEach(function (r) {
      var held = byId[r.id];
      if (!held) {
        byId[r.id] = r;
        added.push(r);
      } else if (!same(held, r)) {
        throw new LogError("review " + r.id + " is already known with other content");
      }
    });
    var union = Object.keys(byId).map(function (id) { return byId[id]; }).sort(order);
    return { reviews: union, added: added };
  }

  /* Return {key: schedule} of replaying the reviews (of the given keys, or all). */
  function replay(reviews, settings, keys) {
    var wanted = keys ? {} : null;
    if (keys) keys.forEach(function (k) { wanted[k] = true; });
    var schedules = {};
    reviews.forEach(function (r) { // already in replay order
      if (wanted && !wanted[r.key]) return;
      schedules[r.key] = fsrs.review(settings, schedules[r.key] || fsrs.NEW, r.rating, r.time, r.key);
    });
    return schedules;
  }

  /* Storage packs each review as [id, key number, time, rating, duration, origin number]:
   * localStorage holds about five million characters, some 75,000 reviews packed. */
  function pack(reviews) {
    var keys = [], origins = [], keyAt = {}, originAt = {};
    var intern = function (list, at, value) {
      if (!(value in at)) { at[value] = list.length; list.push(value); }
      return at[value];
    };
    var rows = reviews.map(function (r) {
      return [r.id, intern(keys, keyAt, r.key), r.time, r.rating, r.duration, intern(origins, originAt, r.origin)];
    });
    return { keys: keys, origins: origins, rows: rows };
  }

  function unpack(packed) {
    return packed.rows.map(function (row) {
      return { id: row[0], key: packed.keys[row[1]], time: row[2], rating: row[3], duration: row[4],
        origin: packed.origins[row[5]] };
    });
  }

  function readStore() {
    try {
      var stored = JSON.parse(root.localStorage.getItem(REVIEWS_KEY) || "null");
      if (stored && stored.version === VERSION && stored.log && Array.isArray(stored.log.rows)) {
        return { settings: stored.settings, reviews: unpack(stored.log), buried: stored.buried || {} };
      }
    } catch (error) {
      /* unreadable storage starts afresh rather than breaking the page */
    }
    return { settings: fsrs.defaults(), reviews: [], buried: {} };
  }

  /* The learner's log in this browser: schedules, answering, burying, export and import. */
  function Progress(keys) {
    var stored = readStore();
    this.settings = fsrs.settingsProblem(stored.settings) ? fsrs.defaults() : stored.settings;
    this.reviews = stored.reviews.sort(order);
    var now = Date.now(), buried = {};
    Object.keys(stored.buried).forEach(function (k) { if (stored.buried[k] > now) buried[k] = stored.buried[k]; });
    this.buried = buried;
    this.keys = keys;
    this.schedules = replay(this.reviews, this.settings, keys);
  }

  Progress.prototype.save = function () {
    try {
      root.localStorage.setItem(REVIEWS_KEY, JSON.stringify({
        version: VERSION, settings: this.settings, log: pack(this.reviews), buried: this.buried,
      }));
      return true;
    } catch (error) {
      return false; // storage full or disabled: practice still works for this visit
    }
  };

  Progress.prototype.schedule = function (key) { return this.schedules[key] || fsrs.NEW; };

  /* Return the four ratings' intervals as the buttons show them: {1: "1m", ...}. */
  Progress.prototype.intervals = function (key, nowMs) {
    var outcomes = fsrs.outcomes(this.settings, this.schedule(key), nowMs, key);
    var labels = {};
    Object.keys(outcomes).forEach(function (r) { labels[r] = fsrs.intervalLabel(outcomes[r].due - nowMs); });
    return labels;
  };

  Progress.prototype.answer = function (key, rating, nowMs, durationMs) {
    var review = { id: newId(), key: key, time: nowMs, rating: rating, duration: durationMs, origin: "browser" };
    this.schedules[key] = fsrs.review(this.settings, this.schedule(key), rating, nowMs, key);
    this.reviews.push(review);
    if (this.reviews.length > 1 && order(this.reviews[this.reviews.length - 2], review) > 0) {
      this.reviews.sort(order); // a clock set back: keep the replay order
    }
    this.save();
    return review;
  };

  Progress.prototype.bury = function (key, nowMs) {
    this.buried[key] = nextDayStart(nowMs);
    this.save();
  };

  function intraday(s) {
    return (s.state === 1 || s.state === 3) && s.due - s.lastReview < DAY;
  }

  /* Return the sibling groups studied or buried this study day. */
  Progress.prototype.touched = function (items, nowMs) {
    var start = dayStart(nowMs), siblingOf = {}, groups = {}, self = this;
    items.forEach(function (item) { siblingOf[item.key] = item.sibling || item.key; });
    for (var n = this.reviews.length - 1; n >= 0 && this.reviews[n].time >= start; n--) {
      var key = this.reviews[n].key;
      groups[siblingOf[key] || key] = true;
    }
    Object.keys(this.buried).forEach(function (key) {
      if (self.buried[key] > nowMs) groups[siblingOf[key] || key] = true;
    });
    return groups;
  };

  /* Return the items to study now, in the terminal's order (see the module comment). */
  Progress.prototype.queue = function (items, nowMs) {
    var self = this, end = nextDayStart(nowMs), touched = this.touched(items, nowMs);
    var learning = [], reviews = [], fresh = [], ahead = [];
    items.forEach(function (item) {
      var s = self.schedule(item.key), group = item.sibling || item.key;
      if (self.buried[item.key] > nowMs) return;
      if (s.state === 0) {
        if (!touched[group]) fresh.push(item);
      } else if (intraday(s)) {
        if (s.due <= nowMs) learning.push(item);
        else if (s.due <= nowMs + LEARN_AHEAD) ahead.push(item);
      } else if (s.due < end && !touched[group]) {
        reviews.push(item);
      }
    });
    var byDue = function (a, b) { return self.schedule(a.key).due - self.schedule(b.key).due; };
    learning.sort(byDue);
    reviews.sort(byDue);
    ahead.sort(byDue);
    var first = learning.concat(reviews, unburiedNew(fresh));
    return first.length ? first : ahead.slice(0, 1);
  };

  /* New items in deck order, one of each sibling group (the rest wait for another day). */
  function unburiedNew(fresh) {
    var seen = {};
    return fresh.filter(function (item) {
      var group = item.sibling || item.key;
      if (seen[group]) return false;
      seen[group] = true;
      return true;
    });
  }

  /* Return the review log file of every review in this browser. */
  Progress.prototype.exportText = function (nowMs) {
    var header = { format: FORMAT, version: VERSION, exported_at: isoMs(nowMs), origin: "browser",
      scheduler: settingsToHeader(this.settings) };
    var lines = [JSON.stringify(header)];
    this.reviews.forEach(function (r) {
      lines.push(JSON.stringify({ id: r.id, key: r.key, time: isoMs(r.time), rating: r.rating,
        duration_ms: r.duration, origin: r.origin }));
    });
    return lines.join("\n") + "\n";
  };

  /* Merge a review log file into this browser's; adopt its scheduler settings. */
  Progress.prototype.importText = function (content, name) {
    var parsed = parseLog(content, name);
    var merged = merge(this.reviews, parsed.reviews);
    var was = { reviews: this.reviews, settings: this.settings };
    this.reviews = merged.reviews;
    this.settings = parsed.settings;
    if (!this.save()) {
      this.reviews = was.reviews;
      this.settings = was.settings;
      throw new LogError(name + ": this browser's storage is full or disabled");
    }
    this.schedules = replay(this.reviews, this.settings, this.keys);
    return { added: merged.added.length, known: parsed.reviews.length - merged.added.length };
  };

  function element(tag, className, label) {
    var node = root.document.createElement(tag);
    node.className = className;
    if (label) node.textContent = label;
    return node;
  }

  /* Return the Export and Import buttons; `changed(message)` runs after an import. */
  Progress.prototype.controls = function (notice, changed) {
    var self = this;
    var bar = element("div", "sk-sync");
    var exportButton = element("button", "md-button sk-export", "Export progress");
    exportButton.type = "button";
    exportButton.addEventListener("click", function () {
      var now = Date.now();
      var blob = new Blob([self.exportText(now)], { type: "application/x-ndjson" });
      var link = element("a", "");
      link.href = URL.createObjectURL(blob);
      link.download = "studykit-reviews-" + isoMs(now).slice(0, 10) + ".jsonl";
      root.document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    });
    var input = element("input", "sk-import-file");
    input.type = "file";
    input.accept = ".jsonl,.ndjson,.json,.txt";
    input.hidden = true;
    var importButton = element("button", "md-button sk-import", "Import progress");
    importButton.type = "button";
    importButton.addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      if (file.size > MAX_BYTES) {
        changed(file.name + ": larger than 128 MB; nothing imported", true);
        return;
      }
      file.text().then(function (content) {
        var done = self.importText(content, file.name);
        changed("Imported " + done.added + " new reviews (" + done.known + " already here).", false);
      }).catch(function (error) {
        changed((error && error.message ? error.message : String(error)) + "; nothing imported", true);
      });
    });
    var status = element("p", "sk-sync-status", notice ? notice.text : "");
    status.setAttribute("role", "status");
    if (notice && notice.error) status.className += " sk-wrong";
    [exportButton, importButton, input, status].forEach(function (n) { bar.appendChild(n); });
    return bar;
  };

  var api = {
    Progress: Progress, parseLog: parseLog, merge: merge, replay: replay, LogError: LogError,
    nextDayStart: nextDayStart, REVIEWS_KEY: REVIEWS_KEY,
  };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.studykitProgress = api;
  }
})(this);
