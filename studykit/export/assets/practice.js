/* studykit practice: flip and answer a deck's cards in the browser.
 *
 * Card text arrives pre-rendered as safe HTML (the site generator renders Markdown with
 * raw HTML disabled); everything else is set with textContent. Progress is the review
 * log of progress_log.js, scheduled with FSRS-6 by fsrs.js exactly as the terminal quiz
 * schedules it. Runs on every page view of Material's instant navigation.
 */
(function () {
  "use strict";

  // Scheduling and the review log live in fsrs.js and progress_log.js (loaded before).
  var RATINGS = { again: 1, hard: 2, good: 3, easy: 4 };
  var MAX_ANSWER_MS = 60 * 1000; // longer answers count as 60 s, as in the terminal

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
    this.notice = null;
  }

  Session.prototype.render = function () {
    var self = this;
    var now = Date.now();
    var keys = this.items.map(function (i) { return i.key; });
    var progress = this.progress = this.progress || new window.studykitProgress.Progress(keys);
    var pending = progress.queue(this.items, now);
    this.root.textContent = "";
    this.root.appendChild(this.stats(progress, pending.length));
    this.root.appendChild(progress.controls(this.notice, function (text, error) {
      self.notice = { text: text, error: error };
      self.render();
    }));
    this.notice = null;
    if (!pending.length) {
      this.root.appendChild(element("p", "sk-done", "Nothing is due. Come back later."));
      return;
    }
    this.show(pending[0]);
  };

  Session.prototype.stats = function (progress, pendingCount) {
    var studied = this.items.filter(function (item) {
      return progress.schedule(item.key).state !== 0;
    }).length;
    var text = "To study now: " + pendingCount + " \u00b7 Studied: " + studied + " of " +
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
    card.appendChild(button("Bury until tomorrow", "sk-bury", function () {
      self.progress.bury(item.key, Date.now()); // its siblings wait too
      self.render();
    }));
    this.root.appendChild(card);
    this.shownAt = Date.now();
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
    var intervals = this.progress.intervals(item.key, Date.now());
    choices.forEach(function (grade) {
      var label = correct === null ? grade[0].toUpperCase() + grade.slice(1) : "Next";
      var node = button(label, "sk-grade", function () { self.grade(item, grade); });
      node.dataset.grade = grade;
      // The interval this rating gives, as the terminal shows on its keys.
      node.appendChild(element("span", "sk-interval", intervals[RATINGS[grade]]));
      grades.appendChild(node);
    });
    card.appendChild(grades);
  };

  Session.prototype.grade = function (item, grade) {
    var now = Date.now();
    var took = Math.min(Math.max(now - this.shownAt, 0), MAX_ANSWER_MS);
    this.progress.answer(item.key, RATINGS[grade], now, took);
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
