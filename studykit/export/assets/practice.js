/* studykit practice: flip and answer a deck's cards in the browser.
 *
 * Card text arrives pre-rendered as safe HTML (the site generator renders Markdown with
 * raw HTML disabled); everything else is set with textContent. Progress lives in
 * localStorage under STORE_KEY and follows the Leitner schedule documented on the
 * site's practice page. Runs on every page view of Material's instant navigation.
 */
(function () {
  "use strict";

  var STORE_KEY = "studykit.progress.v1";
  var MINUTE = 60 * 1000;
  var DAY = 24 * 60 * MINUTE;
  var INTERVALS = [10 * MINUTE, DAY, 3 * DAY, 7 * DAY, 16 * DAY, 35 * DAY, 80 * DAY];
  var MOVES = { again: -99, hard: 0, good: 1, easy: 2 };

  function loadProgress() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(STORE_KEY) || "{}");
      return stored && typeof stored === "object" ? stored : {};
    } catch (error) {
      return {}; // unreadable progress starts afresh rather than breaking the page
    }
  }

  function saveProgress(progress) {
    try {
      window.localStorage.setItem(STORE_KEY, JSON.stringify(progress));
    } catch (error) {
      /* storage full or disabled: practice still works for this visit */
    }
  }

  /* Return the new state of an item after a grade (again, hard, good or easy). */
  function schedule(state, grade, now) {
    var box = state ? state.box : 0;
    var next = Math.max(0, Math.min(INTERVALS.length - 1, box + MOVES[grade]));
    if (grade === "again") next = 0;
    return {
      box: next,
      due: now + INTERVALS[next],
      reps: (state ? state.reps : 0) + 1,
      lapses: (state ? state.lapses : 0) + (grade === "again" ? 1 : 0),
      last: now,
    };
  }

  /* Return the items to study now: due ones (most overdue first), then new ones. */
  function queue(items, progress, now) {
    var due = items.filter(function (item) {
      var state = progress[item.key];
      return state && state.due <= now;
    });
    due.sort(function (a, b) { return progress[a.key].due - progress[b.key].due; });
    var fresh = items.filter(function (item) { return !progress[item.key]; });
    return due.concat(fresh);
  }

  function shuffled(values) {
    var copy = values.slice();
    for (var i = copy.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var swap = copy[i];
      copy[i] = copy[j];
      copy[j] = swap;
    }
    return copy;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function button(label, className, onClick) {
    var node = element("button", "md-button " + className, label);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  /* Safe: `html` is produced by the site generator with raw HTML disabled. */
  function trusted(tag, className, html) {
    var node = element(tag, className);
    node.innerHTML = html;
    return node;
  }

  /* Controls for each card kind; each calls done(correct or null[, typo]) once answered. */
  var CONTROLS = {
    basic: flipControls,
    cloze: flipControls,
    truefalse: function (item, area, done) {
      [["True", true], ["False", false]].forEach(function (pair) {
        var node = button(pair[0], "sk-choice", function () {
          var right = pair[1] === item.truth;
          node.setAttribute("aria-pressed", "true");
          markPicked(node, right ? "right" : "wrong");
          done(right);
        });
        area.appendChild(node);
      });
    },
    typed: function (item, area, done) {
      var input = element("input", "sk-typed");
      input.type = "text";
      input.setAttribute("aria-label", "Your answer");
      input.autocomplete = "off";
      var check = function () {
        // grading.js: the terminal's rule (digits exact, small typos in words forgiven).
        var verdict = window.studykitGrading.gradeTyped(input.value, item.accepted).verdict;
        done(verdict !== "wrong", verdict === "typo");
      };
      input.addEventListener("keydown", function (event) { if (event.key === "Enter") check(); });
      area.appendChild(input);
      area.appendChild(button("Check", "md-button--primary sk-check", check));
    },
    choice: function (item, area, done) {
      var multiple = item.correct.length > 1;
      var list = element("div", "sk-options");
      shuffled(item.choices.map(function (_, i) { return i; })).forEach(function (index, place) {
        var label = element("label", "sk-option");
        label.dataset.key = String.fromCharCode(97 + place); // a, b, c...: the terminal's keys
        var box = element("input");
        box.type = multiple ? "checkbox" : "radio";
        box.name = "sk-choice";
        box.value = String(index);
        label.appendChild(box);
        var key = element("span", "sk-key", label.dataset.key);
        key.setAttribute("aria-hidden", "true");
        label.appendChild(key);
        label.appendChild(trusted("span", "", item.choices[index]));
        list.appendChild(label);
      });
      area.appendChild(list);
      if (multiple) area.appendChild(element("p", "sk-hint", "Several answers are right."));
      area.appendChild(button("Check", "md-button--primary sk-check", function () {
        var picked = Array.prototype.filter.call(list.querySelectorAll("input"), function (b) {
          return b.checked;
        }).map(function (b) { return Number(b.value); }).sort();
        list.querySelectorAll("input").forEach(function (b) {
          var right = item.correct.indexOf(Number(b.value)) >= 0;
          if (b.checked) markPicked(b.parentNode, right ? "right" : "wrong");
          else if (right) markPicked(b.parentNode, "missed");
        });
        done(picked.join(",") === item.correct.slice().sort().join(","));
      }));
    },
    order: function (item, area, done) {
      var list = element("ol", "sk-order-list");
      shuffled(item.items.map(function (_, i) { return i; })).forEach(function (index) {
        list.appendChild(orderRow(list, item.items[index], index));
      });
      refreshMoves(list);
      area.appendChild(list);
      area.appendChild(button("Check", "md-button--primary sk-check", function () {
        var order = Array.prototype.map.call(list.children, function (r) { return r.dataset.index; });
        done(order.join(",") === item.items.map(function (_, i) { return i; }).join(","));
      }));
    },
  };

  /* Mark a picked option (or a right one not picked) in words as well as colour. */
  function markPicked(node, how) {
    var words = { right: "\u2713 your pick: right", wrong: "\u2717 your pick: wrong", missed: "a right answer" };
    node.classList.add(how === "missed" ? "sk-missed" : "sk-picked-" + how);
    node.appendChild(element("span", "sk-mark", words[how]));
  }

  /* One item of an order card: its text, and buttons that move it up and down. */
  function orderRow(list, html, index) {
    var row = element("li", "sk-order-item");
    row.dataset.index = String(index);
    row.tabIndex = 0;  // arrow keys move the focused item
    var text = trusted("span", "", html);
    var name = text.textContent.replace(/\s+/g, " ").trim();
    row.setAttribute("aria-label", name);
    row.appendChild(text);
    var buttons = element("span", "sk-order-buttons");
    [["up", "\u2191", -1], ["down", "\u2193", 1]].forEach(function (move) {
      var node = button(move[1], "sk-move sk-" + move[0], function () { moveRow(list, row, move[2], node); });
      node.setAttribute("aria-label", "Move \u2018" + name + "\u2019 " + move[0]);
      buttons.appendChild(node);
    });
    row.appendChild(buttons);
    row.addEventListener("keydown", function (event) {
      if (event.target !== row || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
      event.preventDefault();
      moveRow(list, row, event.key === "ArrowUp" ? -1 : 1, row);
    });
    return row;
  }

  /* Move a row one place (-1 up, 1 down), keep focus where it was, say where it went. */
  function moveRow(list, row, step, focus) {
    var check = list.parentNode.querySelector(".sk-check");
    if (check && check.disabled) return;  // the card is answered
    var other = step < 0 ? row.previousElementSibling : row.nextElementSibling;
    if (!other) return;
    list.insertBefore(row, step < 0 ? other : other.nextElementSibling);
    refreshMoves(list);
    (focus.disabled ? row : focus).focus();
    var place = Array.prototype.indexOf.call(list.children, row) + 1;
    if (window.studykitAccess) {
      window.studykitAccess.announce(row.getAttribute("aria-label") + ": " + place + " of " + list.children.length, list);
    }
  }

  /* The first item cannot move up, the last cannot move down. */
  function refreshMoves(list) {
    Array.prototype.forEach.call(list.children, function (row, n) {
      row.querySelector(".sk-up").disabled = n === 0;
      row.querySelector(".sk-down").disabled = n === list.children.length - 1;
    });
  }

  function flipControls(item, area, done) {
    area.appendChild(button("Show answer", "md-button--primary sk-show", function () {
      done(null);
    }));
  }

  function Session(root, data) {
    this.root = root;
    this.items = data.items;
    this.reviewed = 0;
  }

  Session.prototype.render = function () {
    var now = Date.now();
    var progress = loadProgress();
    var pending = queue(this.items, progress, now);
    this.root.textContent = "";
    this.root.appendChild(this.stats(progress, pending.length));
    if (!pending.length) {
      this.root.appendChild(element("p", "sk-done", "Nothing is due. Come back later."));
      return;
    }
    this.show(pending[0]);
  };

  Session.prototype.stats = function (progress, pendingCount) {
    var learned = this.items.filter(function (item) {
      return progress[item.key] && progress[item.key].box > 0;
    }).length;
    var text = "To study now: " + pendingCount + " \u00b7 Learned: " + learned + " of " +
      this.items.length + " \u00b7 Answered this visit: " + this.reviewed;
    return element("p", "sk-stats", text);
  };

  Session.prototype.show = function (item) {
    var self = this;
    var card = element("div", "sk-card");
    card.dataset.kind = item.kind;
    card.dataset.key = item.key;
    card.appendChild(trusted("div", "sk-prompt", item.prompt));
    var area = element("div", "sk-controls");
    card.appendChild(area);
    this.root.appendChild(card);
    CONTROLS[item.kind](item, area, function (correct, typo) {
      area.querySelectorAll("button, input").forEach(function (n) { n.disabled = true; });
      self.reveal(item, card, correct, typo);
    });
  };

  Session.prototype.reveal = function (item, card, correct, typo) {
    var self = this;
    if (correct !== null) {
      var verdict = correct ? (typo ? "Right, with a typo." : "Right.") : "Not quite.";
      card.appendChild(element("p", "sk-feedback " + (correct ? "sk-right" : "sk-wrong"), verdict));
    }
    card.appendChild(trusted("div", "sk-answer", item.answer));
    if (item.explanation) card.appendChild(trusted("div", "sk-explanation", item.explanation));
    var grades = element("div", "sk-grades");
    var choices = correct === null ? ["again", "hard", "good", "easy"] : [correct ? "good" : "again"];
    choices.forEach(function (grade) {
      var label = correct === null ? grade[0].toUpperCase() + grade.slice(1) : "Next";
      var node = button(label, "sk-grade", function () { self.grade(item, grade); });
      node.dataset.grade = grade;
      grades.appendChild(node);
    });
    card.appendChild(grades);
  };

  Session.prototype.grade = function (item, grade) {
    var progress = loadProgress();
    progress[item.key] = schedule(progress[item.key], grade, Date.now());
    saveProgress(progress);
    this.reviewed += 1;
    this.render();
  };

  function start() {
    document.querySelectorAll(".sk-practice").forEach(function (root) {
      if (root.dataset.started) return;
      var source = root.querySelector(".sk-practice-data");
      if (!source) return;
      root.dataset.started = "yes";
      if (window.studykitAccess) window.studykitAccess.attach(root); // access.js: voice, focus, keys
      new Session(root, JSON.parse(source.textContent)).render();
    });
  }

  // Material's instant navigation swaps pages without a load event; document$ fires on each.
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
