/* studykit grading of typed answers: the rule of studykit.study.grading, for the browser.
 *
 * One rule for the terminal and the practice page, documented in site/quiz.md; both graders
 * are tested against the same table (tests/fixtures/typed-answers.json). Lengths and edits
 * count code points, as Python's strings do. Loaded before practice.js, which reads
 * window.studykitGrading; under Node (the tests) it is a CommonJS module.
 */
(function (root) {
  "use strict";

  // White space as Python's str.isspace knows it (JavaScript's \s differs in a few places).
  var SPACES = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
  var DIGIT = /\p{Nd}/u;

  /* Fold case, Unicode compatibility forms and spacing; drop one trailing full stop. */
  function normalize(text) {
    var cased = text.normalize("NFKC").toUpperCase().toLowerCase().replace(/\u03c2/g, "\u03c3");
    var folded = cased.replace(SPACES, " ").replace(/^ +| +$/g, "");
    return folded.slice(-1) === "." ? folded.slice(0, -1).replace(/ +$/, "") : folded;
  }

  /* Return the optimal-string-alignment distance of two code-point arrays. */
  function distance(a, b) {
    var previous2 = [];
    var previous = [];
    for (var j = 0; j <= b.length; j++) previous.push(j);
    for (var i = 1; i <= a.length; i++) {
      var current = [i];
      for (var k = 1; k <= b.length; k++) {
        var cost = a[i - 1] === b[k - 1] ? 0 : 1;
        var best = Math.min(previous[k] + 1, current[k - 1] + 1, previous[k - 1] + cost);
        if (i > 1 && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) {
          best = Math.min(best, previous2[k - 2] + 1);
        }
        current.push(best);
      }
      previous2 = previous;
      previous = current;
    }
    return previous[b.length];
  }

  /* Return how many edits still count as a typo (both answers normalized, as code points). */
  function allowance(expected, given) {
    if (expected.length <= 3 || DIGIT.test(expected.join("")) || DIGIT.test(given.join(""))) {
      return 0;
    }
    if (expected.length <= 10 && given.length !== expected.length) return 0;
    return Math.min(3, Math.max(1, Math.floor(expected.length / 6)));
  }

  /* Grade a typed answer: {verdict: "correct" | "typo" | "wrong", expected: closest answer}. */
  function gradeTyped(given, accepted) {
    var answer = Array.from(normalize(given));
    var best = null;
    accepted.forEach(function (option) {
      var target = Array.from(normalize(option));
      var edits = distance(answer, target);
      if (best === null || edits < best.edits) best = { edits: edits, option: option, target: target };
    });
    if (best === null) return { verdict: "wrong", expected: "" };
    var verdict = best.edits === 0 ? "correct" : "wrong";
    if (best.edits > 0 && best.edits <= allowance(best.target, answer)) verdict = "typo";
    return { verdict: verdict, expected: best.option };
  }

  var api = { normalize: normalize, gradeTyped: gradeTyped };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.studykitGrading = api;
  }
})(this);
