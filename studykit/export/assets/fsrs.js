/* studykit FSRS-6 for the browser: the terminal's scheduler (py-fsrs through
 * studykit.study.scheduler), written again in JavaScript and held to it by a parity test
 * (tests/export/test_fsrs_parity.py: every due time to the second, stability and difficulty
 * to 1e-6, fuzz included).
 *
 * A schedule is {state, step, stability, difficulty, due, lastReview, reps, lapses} with
 * times in unix milliseconds (UTC); state 0 is new, 1 learning, 2 review, 3 relearning.
 * Settings are {parameters (21), desiredRetention, learningSteps and relearningSteps (in
 * seconds), maximumInterval (days), fuzz}. The fuzz draws Python's random() from a
 * Mersenne Twister seeded with the CRC-32 of "key/reps/rating", as the terminal does,
 * so both sides draw the same interval. Loaded before practice.js (window.studykitFsrs);
 * under Node (the tests) it is a CommonJS module.
 */
(function (root) {
  "use strict";

  var DEFAULT_PARAMETERS = [
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
  ];
  var LOWER = [0.001, 0.001, 0.001, 0.001, 1, 0.001, 0.001, 0.001, 0, 0, 0.001, 0.001, 0.001,
    0.001, 0, 0, 1, 0, 0, 0, 0.1];
  var UPPER = [100, 100, 100, 100, 10, 4, 4, 0.75, 4.5, 0.8, 3.5, 5, 0.25, 0.9, 4, 1, 6, 2, 2,
    0.8, 0.8];
  var NEW = 0, LEARNING = 1, REVIEW = 2, RELEARNING = 3;
  var AGAIN = 1, HARD = 2, GOOD = 3, EASY = 4;
  var DAY_MS = 86400000;
  var STABILITY_MIN = 0.001;
  var FUZZ_RANGES = [[2.5, 7.0, 0.15], [7.0, 20.0, 0.1], [20.0, Infinity, 0.05]];

  function defaults() {
    return {
      parameters: DEFAULT_PARAMETERS.slice(), desiredRetention: 0.9, learningSteps: [60, 600],
      relearningSteps: [600], maximumInterval: 36500, fuzz: true,
    };
  }

  function numberIn(value, low, high) {
    return typeof value === "number" && isFinite(value) && value >= low && value <= high;
  }

  /* Return the problem with a settings object (as a review log's header carries), or "". */
  function settingsProblem(s) {
    if (!s || typeof s !== "object") return "the scheduler settings are missing";
    if (!Array.isArray(s.parameters) || s.parameters.length !== 21) return "FSRS needs 21 parameters";
    for (var i = 0; i < 21; i++) {
      if (!numberIn(s.parameters[i], LOWER[i], UPPER[i])) return "parameter " + i + " is out of bounds";
    }
    if (!numberIn(s.desiredRetention, 0.7, 0.99)) return "desired retention is out of range";
    var steps = [s.learningSteps, s.relearningSteps];
    for (var k = 0; k < 2; k++) {
      if (!Array.isArray(steps[k]) || steps[k].length > 100) return "the steps are not a list";
      for (var j = 0; j < steps[k].length; j++) {
        if (!numberIn(steps[k][j], 0, 36500 * 86400)) return "a step is out of range";
      }
    }
    if (!numberIn(s.maximumInterval, 1, 36500) || Math.floor(s.maximumInterval) !== s.maximumInterval) {
      return "the maximum interval is out of range";
    }
    return typeof s.fuzz === "boolean" ? "" : "fuzz must be true or false";
  }

  /* Python's round(): halves go to the even neighbour. */
  function pyRound(x) {
    var r = Math.round(x);
    return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
  }

  function exp(x) { return Math.pow(Math.E, x); } // py-fsrs writes math.e ** x

  function Model(settings) {
    var w = settings.parameters;
    this.s = settings;
    this.w = w;
    this.decay = -w[20];
    this.factor = Math.pow(0.9, 1 / this.decay) - 1;
    // Steps in microseconds, as Python's timedelta keeps them.
    this.learning = settings.learningSteps.map(function (v) { return Math.round(v * 1e6); });
    this.relearning = settings.relearningSteps.map(function (v) { return Math.round(v * 1e6); });
  }

  Model.prototype.clampD = function (d) { return Math.min(Math.max(d, 1.0), 10.0); };
  Model.prototype.clampS = function (s) { return Math.max(s, STABILITY_MIN); };

  Model.prototype.initialStability = function (r) { return this.clampS(this.w[r - 1]); };

  Model.prototype.initialDifficulty = function (r, clamp) {
    var d = this.w[4] - exp(this.w[5] * (r - 1)) + 1;
    return clamp ? this.clampD(d) : d;
  };

  Model.prototype.retrievability = function (card, nowMs) {
    if (card.lastReview === null || card.stability === null) return 0;
    var elapsed = Math.max(0, Math.floor((nowMs - card.lastReview) / DAY_MS));
    return Math.pow(1 + this.factor * elapsed / card.stability, this.decay);
  };

  Model.prototype.nextInterval = function (stability) {
    var days = (stability / this.factor) * (Math.pow(this.s.desiredRetention, 1 / this.decay) - 1);
    return Math.min(Math.max(pyRound(days), 1), this.s.maximumInterval);
  };

  Model.prototype.shortTermStability = function (stability, r) {
    var w = this.w;
    var increase = exp(w[17] * (r - 3 + w[18])) * Math.pow(stability, -w[19]);
    if (r >= HARD) increase = Math.max(increase, 1.0);
    return this.clampS(stability * increase);
  };

  Model.prototype.nextDifficulty = function (d, r) {
    var w = this.w;
    var arg1 = this.initialDifficulty(EASY, false);
    var delta = -(w[6] * (r - 3));
    var arg2 = d + (10.0 - d) * delta / 9.0;
    return this.clampD(w[7] * arg1 + (1 - w[7]) * arg2);
  };

  Model.prototype.nextStability = function (d, s, retr, r) {
    var w = this.w;
    var next;
    if (r === AGAIN) {
      var longTerm = w[11] * Math.pow(d, -w[12]) * (Math.pow(s + 1, w[13]) - 1) * exp((1 - retr) * w[14]);
      next = Math.min(longTerm, s / exp(w[17] * w[18]));
    } else {
      var hard = r === HARD ? w[15] : 1;
      var easy = r === EASY ? w[16] : 1;
      next = s * (1 + exp(w[8]) * (11 - d) * Math.pow(s, -w[9]) * (exp((1 - retr) * w[10]) - 1) * hard * easy);
    }
    return this.clampS(next);
  };

  /* Update stability and difficulty as py-fsrs's review_card does for the card's state. */
  Model.prototype.memory = function (card, r, nowMs) {
    var sinceDays = card.lastReview === null ? null : Math.floor((nowMs - card.lastReview) / DAY_MS);
    var sameDay = sinceDays !== null && sinceDays < 1;
    if (card.state === LEARNING && (card.stability === null || card.difficulty === null)) {
      card.stability = this.initialStability(r);
      card.difficulty = this.initialDifficulty(r, true);
      return;
    }
    card.stability = sameDay ? this.shortTermStability(card.stability, r)
      : this.nextStability(card.difficulty, card.stability, this.retrievability(card, nowMs), r);
    card.difficulty = this.nextDifficulty(card.difficulty, r);
  };

  /* Return the next interval in microseconds and move the card's state and step. */
  Model.prototype.move = function (card, r) {
    var days = function (self) {
      card.state = REVIEW;
      card.step = null;
      return self.nextInterval(card.stability) * DAY_MS * 1000;
    };
    if (card.state === REVIEW) {
      if (r !== AGAIN) return days(this);
      if (!this.relearning.length) return days(this);
      card.state = RELEARNING;
      card.step = 0;
      return this.relearning[0];
    }
    var steps = card.state === LEARNING ? this.learning : this.relearning;
    if (!steps.length || (card.step >= steps.length && r !== AGAIN)) return days(this);
    if (r === AGAIN) {
      card.step = 0;
      return steps[0];
    }
    if (r === HARD) {
      if (card.step === 0 && steps.length === 1) return pyRound(steps[0] * 1.5);
      if (card.step === 0) return pyRound((steps[0] + steps[1]) / 2.0);
      return steps[card.step];
    }
    if (r === GOOD && card.step + 1 !== steps.length) {
      card.step += 1;
      return steps[card.step];
    }
    return days(this);
  };

  /* Return py-fsrs's fuzzed interval (in days) for an interval of `days` days. */
  Model.prototype.fuzzed = function (days, draw) {
    if (days < 2.5) return days;
    var delta = 1.0;
    FUZZ_RANGES.forEach(function (range) {
      delta += range[2] * Math.max(Math.min(days, range[1]) - range[0], 0.0);
    });
    var low = pyRound(days - delta);
    var high = pyRound(days + delta);
    low = Math.max(2, low);
    high = Math.min(high, this.s.maximumInterval);
    low = Math.min(low, high);
    return Math.min(pyRound(draw() * (high - low + 1) + low), this.s.maximumInterval);
  };

  var CRC_TABLE = (function () {
    var table = new Uint32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
    return table;
  })();

  /* Return the CRC-32 of a text's UTF-8 bytes (Python's zlib.crc32). */
  function crc32(text) {
    var bytes = new TextEncoder().encode(text);
    var c = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  }

  /* Return Python's random() after random.seed(seed) for a seed below 2**32 (MT19937). */
  function pythonRandom(seed) {
    var N = 624, mt = new Uint32Array(N), i, j, k, prev;
    mt[0] = 19650218;
    for (i = 1; i < N; i++) {
      prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    i = 1;
    j = 0;
    for (k = N; k; k--) { // init_by_array with the one-word key [seed]
      prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1664525)) >>> 0) + seed + j >>> 0;
      i++;
      if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
      j = 0;
    }
    for (k = N - 1; k; k--) {
      prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (((mt[i] ^ Math.imul(prev, 1566083941)) >>> 0) - i) >>> 0;
      i++;
      if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
    }
    mt[0] = 0x80000000;
    var next = 0;
    var twist = function () {
      for (var kk = 0; kk < N; kk++) {
        var y = (mt[kk] & 0x80000000) | (mt[(kk + 1) % N] & 0x7fffffff);
        mt[kk] = mt[(kk + 397) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
    };
    var word = function () {
      if (next === 0) twist();
      var y = mt[next++];
      y ^= y >>> 11;
      y ^= (y << 7) & 0x9d2c5680;
      y ^= (y << 15) & 0xefc60000;
      y ^= y >>> 18;
      return y >>> 0;
    };
    var a = word() >>> 5, b = word() >>> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
  }

  /* Return the schedule after answering `rating` (1-4) at `nowMs`; `seed` is the item key. */
  function review(settings, schedule, rating, nowMs, seed) {
    var model = new Model(settings);
    var fresh = schedule.state === NEW;
    var card = {
      state: fresh ? LEARNING : schedule.state,
      step: fresh ? 0 : schedule.step,
      stability: fresh ? null : schedule.stability,
      difficulty: fresh ? null : schedule.difficulty,
      lastReview: fresh ? null : schedule.lastReview,
    };
    model.memory(card, rating, nowMs);
    var micros = model.move(card, rating);
    if (settings.fuzz && card.state === REVIEW) {
      var days = Math.floor(micros / (DAY_MS * 1000));
      var text = (seed || "") + "/" + schedule.reps + "/" + rating;
      var fuzzedDays = model.fuzzed(days, function () { return pythonRandom(crc32(text)); });
      micros = fuzzedDays * DAY_MS * 1000 + (micros - days * DAY_MS * 1000);
    }
    return {
      state: card.state,
      step: card.step,
      stability: card.stability,
      difficulty: card.difficulty,
      due: nowMs + Math.floor(micros / 1000), // the store keeps milliseconds, truncated
      lastReview: nowMs,
      reps: schedule.reps + 1,
      lapses: schedule.lapses + (schedule.state === REVIEW && rating === AGAIN ? 1 : 0),
    };
  }

  /* Return the schedule each rating (1-4) would give, for the buttons' intervals. */
  function outcomes(settings, schedule, nowMs, seed) {
    var result = {};
    [AGAIN, HARD, GOOD, EASY].forEach(function (r) {
      result[r] = review(settings, schedule, r, nowMs, seed);
    });
    return result;
  }

  function retrievability(settings, schedule, nowMs) {
    if (schedule.state === NEW) return 0;
    return new Model(settings).retrievability(schedule, nowMs);
  }

  /* Return the terminal's button label of a duration: <1m, 10m, 5h, 3d, 3.5mo, 1.2y. */
  function intervalLabel(ms) {
    var seconds = ms / 1000;
    if (seconds < 60) return "<1m";
    if (seconds < 3600) return pyRound(seconds / 60) + "m";
    if (seconds < 86400) return pyRound(seconds / 3600) + "h";
    var days = seconds / 86400;
    if (days < 30) return pyRound(days) + "d";
    var one = function (x) {
      // Python's "%.1f" rounds an exact tie (n.25) to even, toFixed away from zero.
      var text = x * 100 % 100 === 25 ? (x - 0.05).toFixed(1) : x.toFixed(1);
      return text.replace(/\.0$/, "");
    };
    return days < 365 ? one(days / 30) + "mo" : one(days / 365) + "y";
  }

  var NEW_SCHEDULE = {
    state: NEW, step: null, stability: null, difficulty: null, due: null, lastReview: null,
    reps: 0, lapses: 0,
  };

  var api = {
    DEFAULT_PARAMETERS: DEFAULT_PARAMETERS, NEW: NEW_SCHEDULE, defaults: defaults,
    settingsProblem: settingsProblem, review: review, outcomes: outcomes,
    retrievability: retrievability, intervalLabel: intervalLabel, pythonRandom: pythonRandom,
    crc32: crc32, STATES: { NEW: NEW, LEARNING: LEARNING, REVIEW: REVIEW, RELEARNING: RELEARNING },
  };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.studykitFsrs = api;
  }
})(this);
