/* studykit accessibility: keyboard reach and announcements for the study site.
 *
 * Site-wide: a box that scrolls sideways (a wide table, a long code line) can be reached and
 * scrolled by keyboard. On practice pages (practice.js calls attach(root)): a polite live
 * region says whether an answer was right and reads the next card; focus moves to the first
 * grade button when the answer shows and to the next card after grading; and the terminal
 * quiz's keys work (space, 1-4, letters for choices, t/f). Loaded before practice.js.
 */
(function () {
  "use strict";

  var regions = new WeakMap();

  function textOf(node) {
    return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
  }

  /* Say a sentence in the live region of the practice root that holds `node`. */
  function announce(text, node) {
    var root = node && node.closest ? node.closest(".sk-practice") : null;
    var live = root ? regions.get(root) : null;
    if (!live) live = document.querySelector(".sk-live");
    if (!live) return;
    live.textContent = "";
    // A fresh text node after a tick is announced even when the sentence repeats.
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  function scrollBoxes() {
    document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset pre > code").forEach(function (box) {
      if (box.hasAttribute("tabindex") || box.scrollWidth <= box.clientWidth + 1) return;
      box.setAttribute("tabindex", "0");
      box.setAttribute("data-sk-scroll", "");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", box.matches("code") ? "Code, scrolls sideways" : "Table, scrolls sideways");
    });
  }

  /* React to what practice.js draws: a new card, or the answer of the current one. */
  function watch(root) {
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        record.addedNodes.forEach(function (node) {
          if (node.nodeType !== 1) return;
          if (node.classList.contains("sk-card")) cardShown(node);
          if (node.classList.contains("sk-grades")) answerShown(node);
          if (node.classList.contains("sk-done")) announce(textOf(node), root);
        });
      });
    }).observe(root, { childList: true, subtree: true });
  }

  function cardShown(card) {
    card.setAttribute("tabindex", "-1");
    card.setAttribute("role", "group");
    card.setAttribute("aria-label", "Card");
    var kind = textOf(card.querySelector(".sk-kind")) || card.dataset.kind || "";
    announce("Next card" + (kind ? ", " + kind : "") + ": " + textOf(card.querySelector(".sk-prompt")), card);
    // Focus follows the learner only once they have answered something on this page.
    if (card.closest(".sk-practice").dataset.answered) card.focus();
  }

  function answerShown(grades) {
    var card = grades.closest(".sk-card");
    var root = card.closest(".sk-practice");
    root.dataset.answered = "yes";
    var parts = [textOf(card.querySelector(".sk-feedback")), "Answer: " + textOf(card.querySelector(".sk-answer"))];
    var explanation = textOf(card.querySelector(".sk-explanation"));
    if (explanation) parts.push(explanation);
    announce(parts.filter(Boolean).join(" "), card);
    var first = grades.querySelector("button");
    if (first) first.focus();
  }

  /* The terminal's keys, on the card shown: return the control a key stands for, if any. */
  function controlFor(card, key) {
    var enabled = function (selector) {
      var node = card.querySelector(selector);
      return node && !node.disabled ? node : null;
    };
    var grades = card.querySelector(".sk-grades");
    if (grades) {
      if (/^[1-4]$/.test(key)) {
        var grade = ["again", "hard", "good", "easy"][Number(key) - 1];
        return grades.querySelector('[data-grade="' + grade + '"]') || (grades.children.length === 1 ? grades.children[0] : null);
      }
      if (key === " ") return grades.querySelector('[data-grade="good"]') || grades.querySelector("button");
      return null;
    }
    if (key === " ") return enabled(".sk-show");
    if (key === "t" || key === "f") {
      var choice = card.querySelectorAll(".sk-choice")[key === "t" ? 0 : 1];
      return choice && !choice.disabled ? choice : null;
    }
    var option = card.querySelector('.sk-option[data-key="' + key + '"] input');
    return option && !option.disabled ? option : null;
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    var target = event.target;
    if (target.matches && target.matches("input[type=text], textarea, select, .md-search__input")) return;
    var card = document.querySelector(".sk-practice .sk-card:last-of-type");
    if (!card) return;
    if (target !== document.body && !card.contains(target) && !target.closest(".sk-practice")) return;
    var interactive = target.matches && target.matches("button, a, summary, input");
    var control = null;
    if (event.key === "Enter" && target.matches && target.matches("input[type=radio], input[type=checkbox]")) {
      control = card.querySelector(".sk-check");  // Enter after picking checks, as the terminal
    } else if (!(interactive && (event.key === " " || event.key === "Enter"))) {
      control = controlFor(card, event.key.length === 1 ? event.key.toLowerCase() : event.key);
    }
    if (!control || control.disabled) return;
    event.preventDefault();
    event.stopPropagation();  // Material's own keys (f, s: search) stay away from the card
    control.click();
  }

  function attach(root) {
    if (regions.has(root)) return;
    var live = document.createElement("div");
    live.className = "sk-live sk-visually-hidden";
    live.setAttribute("aria-live", "polite");
    live.setAttribute("aria-atomic", "true");
    live.setAttribute("role", "status");
    root.parentNode.insertBefore(live, root);
    regions.set(root, live);
    var keys = document.createElement("p");
    keys.className = "sk-hint sk-keys";
    keys.textContent = "Keys: space shows the answer (then means Good); 1-4 grade Again, Hard, Good, " +
      "Easy; a, b, c... pick a choice; t or f answer true or false; Enter checks.";
    root.parentNode.insertBefore(keys, root.nextSibling);
    watch(root);
  }

  window.addEventListener("keydown", onKey, true);
  window.studykitAccess = { attach: attach, announce: announce };

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(function () { window.setTimeout(scrollBoxes, 0); });
  } else {
    document.addEventListener("DOMContentLoaded", scrollBoxes);
  }
  window.addEventListener("resize", function () { window.setTimeout(scrollBoxes, 100); });
})();
