/* The question engine: knowledge checks on lesson pages and the graded quiz (.quiz[data-quiz]).
 *
 * Each question is a fieldset rendered by templates/partials/questions.html; its answer key comes
 * from the page's JSON (#dcp-page). Responses are short strings (see src/dcp_course/suspend.py):
 * single "b", multiple "ac", truefalse "t"/"f", match "ba-" (right letter per left item, "-" for
 * none), order "cab", fill the typed text, branching the option letters along the path "ab".
 */
(function () {
  "use strict";

  const DCP = (window.DCP = window.DCP || {});

  // The interface's words come from the course language's catalogue (templates/messages/*.json),
  // which the build writes into course-data.js.
  const MESSAGES = window.DCP_MESSAGES || {};

  function t(key, params) {
    const text = MESSAGES[key] || key;
    return text.replace(/\{(\w+)\}/g, (match, name) =>
      (params && name in params ? String(params[name]) : match));
  }

  /* ------------------------------------------------------------------ small helpers */

  function announce(region, text) {
    if (!region) return;
    window.clearTimeout(region.dcpAnnounceTimer);
    region.textContent = "";
    // a short gap makes screen readers announce a message even when it repeats the last one
    region.dcpAnnounceTimer = window.setTimeout(() => {
      region.textContent = text;
    }, 60);
  }

  function plainText(html) {
    const template = document.createElement("template");
    template.innerHTML = html || "";
    return (template.content.textContent || "").replace(/\s+/g, " ").trim();
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  }

  function collapse(text) {
    return String(text || "").replace(/\s+/g, " ").trim().normalize("NFC");
  }

  /** A small seeded PRNG (mulberry32): the same seed gives the same draw and order after relaunch. */
  function seededRandom(seed) {
    let a = seed >>> 0;
    return function random() {
      a = (a + 0x6d2b79f5) | 0;
      let x = Math.imul(a ^ (a >>> 15), 1 | a);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
  }

  function shuffled(items, random) {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  function verdictOf(fraction) {
    if (fraction >= 1 - 1e-9) return "correct";
    return fraction > 1e-9 ? "partial" : "incorrect";
  }

  /* ------------------------------------------------------------------ scoring (pure) */

  function branchWalk(data, response) {
    let step = data.start;
    let points = 0;
    const pairs = [];
    for (const letter of response) {
      const option = (data.steps[step] || []).find((o) => o.id === letter);
      if (!option) break;
      points += option.points;
      pairs.push([step, letter]);
      step = option.next;
      if (!step) break;
    }
    return { points, pairs, ended: !step };
  }

  /** The path with the most points (first one on a tie): the branching question's "correct" path. */
  function bestBranchPath(data) {
    const memo = new Map();
    const limit = Object.keys(data.steps).length;
    function best(step, depth) {
      if (!step || depth > limit || !data.steps[step]) return { points: 0, pairs: [] };
      if (memo.has(step)) return memo.get(step);
      let top = null;
      for (const option of data.steps[step]) {
        const rest = best(option.next, depth + 1);
        const total = option.points + rest.points;
        if (!top || total > top.points) top = { points: total, pairs: [[step, option.id], ...rest.pairs] };
      }
      memo.set(step, top);
      return top;
    }
    return best(data.start, 0).pairs;
  }

  function sameText(data, typed, answer) {
    const a = collapse(typed);
    const b = collapse(answer);
    return data.caseSensitive ? a === b : a.toLocaleLowerCase() === b.toLocaleLowerCase();
  }

  /** The fraction of the question's points a response earns, 0 to 1. */
  function scoreResponse(data, response) {
    switch (data.kind) {
      case "single": {
        const choice = data.choices.find((c) => c.id === response);
        return choice && choice.correct ? 1 : 0;
      }
      case "multiple": {
        const chosen = new Set(response.split(""));
        const total = data.choices.filter((c) => c.correct).length;
        const right = data.choices.filter((c) => c.correct && chosen.has(c.id)).length;
        const wrong = data.choices.filter((c) => !c.correct && chosen.has(c.id)).length;
        if (data.scoring === "partial" && total > 0) return Math.max(0, (right - wrong) / total);
        return right === total && wrong === 0 ? 1 : 0;
      }
      case "truefalse":
        return response !== "" && (response === "t") === data.answer ? 1 : 0;
      case "match": {
        let right = 0;
        let wrong = 0;
        data.pairs.forEach((pair, i) => {
          const given = response[i] || "-";
          if (given === pair.right) right += 1;
          else if (given !== "-") wrong += 1;
        });
        if (data.scoring === "partial") return Math.max(0, (right - wrong) / data.pairs.length);
        return right === data.pairs.length ? 1 : 0;
      }
      case "order":
        return response === data.items.join("") ? 1 : 0;
      case "fill":
        return collapse(response) !== "" && data.answers.some((a) => sameText(data, response, a)) ? 1 : 0;
      case "branching":
        return data.maxPoints > 0 ? Math.min(1, branchWalk(data, response).points / data.maxPoints) : 0;
      default:
        return 0;
    }
  }

  /** What the tracker needs to write one interaction record (neutral of the SCORM version). */
  function answerRecord(data, response) {
    const correctIds = (data.choices || []).filter((c) => c.correct).map((c) => c.id);
    switch (data.kind) {
      case "single":
      case "multiple":
        return { response: response.split("").filter(Boolean), correctResponse: correctIds };
      case "truefalse":
        return { response: response === "" ? null : response === "t", correctResponse: data.answer };
      case "match":
        return {
          response: data.pairs.map((p, i) => [p.left, response[i] || "-"]).filter(([, r]) => r !== "-"),
          correctResponse: data.pairs.map((p) => [p.left, p.right]),
        };
      case "order":
        return { response: response.split(""), correctResponse: data.items.slice() };
      case "fill":
        return {
          response: collapse(response),
          correctResponse: data.answers.slice(),
          caseSensitive: data.caseSensitive,
        };
      case "branching":
        return { response: branchWalk(data, response).pairs, correctResponse: bestBranchPath(data) };
      default:
        return { response: "", correctResponse: [] };
    }
  }

  /* ------------------------------------------------------------------ one question on the page */

  class Question {
    constructor(fieldset, data, live) {
      this.fieldset = fieldset;
      this.data = data;
      this.kind = data.kind;
      this.live = live;
      this.path = [];
      this.lastChange = null;
      const orderList = fieldset.querySelector("[data-order-list]");
      this.initialOrder = orderList ? Array.from(orderList.children) : [];
      const choiceList = fieldset.querySelector(":scope > ul.choices");
      this.authoredChoices = choiceList ? Array.from(choiceList.children) : [];
      this.describeChoices();
      fieldset.addEventListener("change", () => this.touched());
      fieldset.addEventListener("input", () => this.touched());
      fieldset.addEventListener("click", (event) => this.clicked(event));
    }

    touched() {
      this.lastChange = Date.now();
    }

    /* Tie each choice to its feedback so a screen reader reads the feedback with the choice. */
    describeChoices() {
      for (const box of this.fieldset.querySelectorAll("[data-choice-feedback]")) {
        const input = box.parentElement.querySelector("input");
        if (!input || !input.id) continue;
        box.id = `${input.id}-feedback`;
        input.setAttribute("aria-describedby", box.id);
      }
    }

    clicked(event) {
      const button = event.target.closest("button");
      if (!button || !this.fieldset.contains(button) || button.disabled) return;
      if (button.hasAttribute("data-move")) this.move(button);
      else if (button.hasAttribute("data-branch-choose")) this.choose(button);
    }

    /* ---------------------------------------------------------------- ordering */

    move(button) {
      const item = button.closest(".order-item");
      const list = item.parentElement;
      const name = item.querySelector(".order-text").textContent.trim();
      // move the neighbour rather than the item, so the focused button never leaves the document
      if (button.dataset.move === "up") {
        const previous = item.previousElementSibling;
        if (!previous) return announce(this.live, t("alreadyFirst", { item: name }));
        list.insertBefore(previous, item.nextElementSibling);
      } else {
        const next = item.nextElementSibling;
        if (!next) return announce(this.live, t("alreadyLast", { item: name }));
        list.insertBefore(next, item);
      }
      button.focus();
      this.touched();
      const items = Array.from(list.children);
      announce(this.live, t("moved", { item: name, position: items.indexOf(item) + 1, count: items.length }));
      return undefined;
    }

    /* ---------------------------------------------------------------- branching */

    choose(button) {
      const step = button.closest("[data-step]");
      const checked = step.querySelector('input[type="radio"]:checked');
      if (!checked) {
        announce(this.live, t("chooseFirst"));
        return;
      }
      this.takeStep(step, checked.value, true);
    }

    takeStep(step, letter, interactive) {
      const options = this.data.steps[step.dataset.step] || [];
      const option = options.find((o) => o.id === letter);
      if (!option) return;
      this.path.push(letter);
      for (const input of step.querySelectorAll("input")) {
        input.checked = input.value === letter;
        input.disabled = true;
      }
      const chooseButton = step.querySelector("[data-branch-choose]");
      if (chooseButton) chooseButton.disabled = true;
      const consequence = step.querySelector("[data-branch-consequence]");
      if (consequence) {
        consequence.innerHTML = option.consequence;
        consequence.hidden = false;
      }
      const next = option.next
        ? this.fieldset.querySelector(`[data-step="${CSS.escape(option.next)}"]`)
        : null;
      if (next) next.hidden = false;
      if (!interactive) return;
      this.touched();
      const chosen = step.querySelector(`input[value="${CSS.escape(letter)}"]`);
      const optionText = chosen && chosen.labels.length ? chosen.labels[0].textContent.trim() : letter;
      const ending = next ? "" : ` ${t("pathEnd")}`;
      const said = `${t("youChose", { option: optionText })} ${plainText(option.consequence)}${ending}`;
      announce(this.live, said);
      if (next) {
        const first = next.querySelector('input[type="radio"]');
        if (first) first.focus();
      } else if (consequence) {
        consequence.tabIndex = -1;
        consequence.focus();
      }
    }

    /* ---------------------------------------------------------------- reading and restoring */

    input(value) {
      return this.fieldset.querySelector(`input[value="${CSS.escape(value)}"]`);
    }

    read() {
      const fs = this.fieldset;
      switch (this.kind) {
        case "single": {
          const checked = fs.querySelector("input:checked");
          return checked ? checked.value : "";
        }
        case "multiple":
          return this.data.choices.filter((c) => this.input(c.id) && this.input(c.id).checked)
            .map((c) => c.id).join("");
        case "truefalse": {
          const checked = fs.querySelector("input:checked");
          return checked ? checked.value.charAt(0) : "";
        }
        case "match":
          return this.data.pairs.map((pair) => {
            const select = fs.querySelector(`[data-left="${CSS.escape(pair.left)}"] select`);
            return (select && select.value) || "-";
          }).join("");
        case "order":
          return Array.from(fs.querySelectorAll("[data-order-list] > [data-item]"), (li) => li.dataset.item)
            .join("");
        case "fill": {
          const field = fs.querySelector("input.fill-input, input[type='text']");
          return field ? field.value.slice(0, this.data.maxLength || 200) : "";
        }
        case "branching":
          return this.path.join("");
        default:
          return "";
      }
    }

    restore(response) {
      const fs = this.fieldset;
      switch (this.kind) {
        case "single":
        case "multiple":
          for (const letter of response) {
            const input = this.input(letter);
            if (input) input.checked = true;
          }
          break;
        case "truefalse": {
          const input = response ? this.input(response === "t" ? "true" : "false") : null;
          if (input) input.checked = true;
          break;
        }
        case "match":
          this.data.pairs.forEach((pair, i) => {
            const select = fs.querySelector(`[data-left="${CSS.escape(pair.left)}"] select`);
            if (select) select.value = response[i] && response[i] !== "-" ? response[i] : "";
          });
          break;
        case "order": {
          const list = fs.querySelector("[data-order-list]");
          const byLetter = new Map(this.initialOrder.map((li) => [li.dataset.item, li]));
          const letters = response.split("");
          if (letters.length === byLetter.size && letters.every((l) => byLetter.has(l))) {
            letters.forEach((l) => list.appendChild(byLetter.get(l)));
          }
          break;
        }
        case "fill": {
          const field = fs.querySelector("input.fill-input, input[type='text']");
          if (field) field.value = response;
          break;
        }
        case "branching":
          for (const letter of response) {
            const step = Array.from(fs.querySelectorAll("[data-step]")).find(
              (s) => !s.hidden && !s.querySelector("[data-branch-choose]").disabled,
            );
            if (!step) break;
            this.takeStep(step, letter, false);
          }
          break;
        default:
          break;
      }
    }

    reset() {
      const fs = this.fieldset;
      fs.disabled = false;
      for (const input of fs.querySelectorAll("input")) {
        if (input.type === "radio" || input.type === "checkbox") input.checked = false;
        else input.value = "";
        input.disabled = false;
      }
      for (const select of fs.querySelectorAll("select")) select.value = "";
      const list = fs.querySelector("[data-order-list]");
      if (list) this.initialOrder.forEach((li) => list.appendChild(li));
      if (this.kind === "branching") {
        this.path = [];
        for (const step of fs.querySelectorAll("[data-step]")) {
          step.hidden = step.dataset.step !== this.data.start;
          const button = step.querySelector("[data-branch-choose]");
          if (button) button.disabled = false;
          const consequence = step.querySelector("[data-branch-consequence]");
          if (consequence) {
            consequence.hidden = true;
            consequence.innerHTML = "";
          }
        }
      }
      this.clearFeedback();
      this.lastChange = null;
    }

    /** Put the choices back in authored order, then shuffle them when `random` is given. */
    arrangeChoices(random) {
      if (!this.authoredChoices.length || !["single", "multiple"].includes(this.kind)) return;
      const list = this.authoredChoices[0].parentElement;
      const order = random ? shuffled(this.authoredChoices, random) : this.authoredChoices;
      order.forEach((li) => list.appendChild(li));
    }

    /* ---------------------------------------------------------------- scoring and feedback */

    evaluate(response) {
      const fraction = scoreResponse(this.data, response);
      return { fraction, verdict: verdictOf(fraction), points: fraction * this.data.weight };
    }

    record(response, result, latency, answeredAt) {
      return {
        id: this.data.id,
        kind: this.kind,
        weight: this.data.weight,
        objectives: this.data.objectives || [],
        description: plainText(this.data.stem),
        isCorrect: result.verdict === "correct",
        latency,
        answeredAt,
        ...answerRecord(this.data, response),
      };
    }

    showFeedback(response, result) {
      this.showChoiceFeedback(response);
      const box = this.fieldset.querySelector(":scope > [data-question-feedback]");
      if (!box) return;
      const authored = this.data.feedback || {};
      let text = authored[result.verdict] || (result.verdict === "partial" ? authored.incorrect : "") || "";
      if (this.kind === "branching") {
        const points = branchWalk(this.data, response).points;
        text += `<p>${escapeHtml(t("pathPoints", { points, max: this.data.maxPoints }))}</p>`;
      }
      box.className = `question-feedback is-${result.verdict}`;
      box.innerHTML = `<p class="verdict">${escapeHtml(t(result.verdict))}</p>${text}`;
      box.hidden = false;
    }

    showChoiceFeedback(response) {
      if (!["single", "multiple", "truefalse"].includes(this.kind)) return;
      const chosen = this.kind === "truefalse"
        ? [response === "t" ? "true" : response === "f" ? "false" : ""]
        : response.split("");
      for (const box of this.fieldset.querySelectorAll("[data-choice-feedback]")) {
        const id = box.closest("[data-choice]").dataset.choice;
        const choice = this.data.choices.find((c) => c.id === id);
        if (!choice || !chosen.includes(id)) {
          box.hidden = true;
          box.innerHTML = "";
          box.className = "choice-feedback";
          continue;
        }
        const verdict = choice.correct ? "correct" : "incorrect";
        box.className = `choice-feedback is-${verdict}`;
        box.innerHTML = `<p class="verdict">${escapeHtml(t(verdict))}</p>${choice.feedback || ""}`;
        box.hidden = false;
      }
    }

    feedbackText() {
      const box = this.fieldset.querySelector(":scope > [data-question-feedback]");
      return box ? plainText(box.innerHTML) : "";
    }

    clearFeedback() {
      for (const box of this.fieldset.querySelectorAll("[data-choice-feedback], [data-question-feedback]")) {
        box.hidden = true;
        box.innerHTML = "";
        box.className = box.hasAttribute("data-choice-feedback") ? "choice-feedback" : "question-feedback";
      }
    }
  }

  /* ------------------------------------------------------------------ knowledge checks */

  /** A knowledge check: feedback on demand, never scored, never sent to the LMS. */
  function wireCheck(form, questions) {
    const fieldset = form.querySelector("fieldset[data-question]");
    const data = fieldset && questions[fieldset.dataset.question];
    if (!data) return null;
    const live = form.querySelector("[data-check-live]");
    const question = new Question(fieldset, data, live);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const response = question.read();
      const empty = data.kind === "match" ? /^-*$/.test(response) : collapse(response) === "";
      if (empty && data.kind !== "order") {
        question.clearFeedback();
        announce(live, t("unanswered"));
        return;
      }
      const result = question.evaluate(response);
      question.showFeedback(response, result);
      const shown = fieldset.querySelectorAll("[data-choice-feedback]:not([hidden])");
      const chosen = Array.from(shown, (box) => plainText(box.innerHTML));
      announce(live, [question.feedbackText(), ...chosen].join(" "));
    });
    return question;
  }

  /* ------------------------------------------------------------------ the graded quiz */

  const NULL_ADAPTER = {
    dialect: "2004",
    initialize: () => true,
    get: () => "",
    set: () => true,
    commit: () => true,
    terminate: () => true,
    lastError: () => "0",
  };

  class Quiz {
    constructor(root, questions, tracker) {
      this.root = root;
      this.id = root.dataset.quiz;
      this.form = root.querySelector("[data-quiz-form]");
      this.list = root.querySelector(".quiz-questions");
      this.live = root.querySelector("[data-quiz-live]");
      this.statusLine = root.querySelector("[data-quiz-status]");
      this.result = root.querySelector("[data-quiz-result]");
      this.scoreLine = root.querySelector("[data-quiz-score]");
      this.submitButton = root.querySelector("[data-quiz-submit]");
      this.retryButton = root.querySelector("[data-quiz-retry]");
      const items = root.querySelectorAll("[data-question-item]");
      this.items = new Map(Array.from(items, (li) => [li.dataset.questionItem, li]));
      this.questions = new Map();
      for (const [id, li] of this.items) {
        const fieldset = li.querySelector("fieldset[data-question]");
        if (fieldset && questions[id]) {
          this.questions.set(id, new Question(fieldset, questions[id], this.live));
        }
      }
      this.tracker = tracker && tracker.quiz(this.id) ? tracker : this.localTracker();
      this.drawn = [];
      this.attemptStartedAt = Date.now();
      this.form.addEventListener("submit", (event) => {
        event.preventDefault();
        this.submit();
      });
      // Enter in a field would submit the whole quiz (implicit submission); only the button may
      this.form.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && event.target.matches("input")) event.preventDefault();
      });
      this.retryButton.addEventListener("click", () => this.retry());
      this.show();
    }

    /* Without a tracker that knows this quiz (a page outside its SCO), keep state in memory. */
    localTracker() {
      const config = {
        id: this.id,
        passMark: Number(this.root.dataset.pass) || 0,
        attempts: Number(this.root.dataset.attempts) || 0,
        draw: null,
        shuffle: false,
        shuffleChoices: false,
        questions: Array.from(this.items.keys()),
      };
      const course = { id: this.id, pages: [], quizzes: [config], completion: "lessons" };
      return new DCP.Tracker(course, NULL_ADAPTER).start();
    }

    state() {
      return this.tracker.quiz(this.id);
    }

    /** Draw and order this attempt's questions from its seed; hide and disable the others. */
    layout(state) {
      const config = state.config;
      const random = seededRandom(state.seed);
      const authored = config.questions.filter((id) => this.items.has(id));
      let drawn = authored;
      if (config.draw && config.draw < authored.length) {
        const picked = new Set(shuffled(authored, random).slice(0, config.draw));
        drawn = authored.filter((id) => picked.has(id));
      }
      if (config.shuffle) drawn = shuffled(drawn, random);
      for (const id of drawn) {
        const li = this.items.get(id);
        li.hidden = false;
        this.list.appendChild(li);
        const question = this.questions.get(id);
        if (question) question.arrangeChoices(config.shuffleChoices ? random : null);
      }
      for (const id of authored.filter((q) => !drawn.includes(q))) {
        const li = this.items.get(id);
        li.hidden = true;
        this.list.appendChild(li);
        const question = this.questions.get(id);
        if (question) question.fieldset.disabled = true;
      }
      this.drawn = drawn;
      this.attemptStartedAt = Date.now();
    }

    show() {
      const state = this.state();
      this.layout(state);
      if (state.submitted) {
        this.review(state.responses, state);
        this.showResult(state, false);
      } else if (state.remaining === 0) {
        this.lock();
        this.showResult(state, false);
      } else {
        this.showAttempt(state);
      }
    }

    showAttempt(state) {
      const n = state.attemptsUsed + 1;
      const max = state.config.attempts;
      const parts = [max ? t("attemptOf", { n, max }) : t("attemptUnlimited", { n })];
      if (state.attemptsUsed > 0) parts.push(t("bestSoFar", { best: state.best }));
      this.statusLine.textContent = parts.join(" ");
      this.submitButton.hidden = false;
      this.result.hidden = true;
      this.retryButton.hidden = true;
    }

    lock() {
      for (const question of this.questions.values()) question.fieldset.disabled = true;
      this.submitButton.hidden = true;
    }

    /** Responses in authored order, one per question ("" for a question not drawn). */
    responses() {
      return this.tracker.quiz(this.id).config.questions.map((id) => {
        const question = this.questions.get(id);
        return question && this.drawn.includes(id) ? question.read() : "";
      });
    }

    submit() {
      const state = this.state();
      if (state.submitted || state.remaining === 0) return;
      const now = Date.now();
      const responses = this.responses();
      const byId = new Map(state.config.questions.map((id, i) => [id, responses[i]]));
      let points = 0;
      let weight = 0;
      const records = [];
      for (const id of this.drawn) {
        const question = this.questions.get(id);
        if (!question) continue;
        const response = byId.get(id);
        const result = question.evaluate(response);
        points += result.points;
        weight += question.data.weight;
        const latency = (question.lastChange || now) - this.attemptStartedAt;
        const record = question.record(response, result, Math.max(0, latency), new Date(now));
        // a quiz that reuses other quizzes' questions (the final assessment) keeps its ids apart
        record.id = (state.config.interactionPrefix || "") + record.id;
        records.push(record);
      }
      const percent = weight ? Math.floor((points / weight) * 100 + 1e-9) : 0;
      for (const record of records) this.tracker.recordAnswer(record);
      const after = this.tracker.recordResult(this.id, percent, responses);
      this.review(responses, after);
      this.showResult(after, true);
    }

    review(responses, state) {
      const byId = new Map(state.config.questions.map((id, i) => [id, responses[i] || ""]));
      for (const id of this.drawn) {
        const question = this.questions.get(id);
        if (!question) continue;
        const response = byId.get(id);
        if (question.read() !== response) {
          question.reset();
          question.restore(response);
        }
        question.showFeedback(response, question.evaluate(response));
      }
      this.lock();
    }

    showResult(state, moveFocus) {
      const max = state.config.attempts;
      const parts = [t("scored", { score: state.last, pass: state.config.passMark })];
      parts.push(state.passed ? t("passed") : t("notPassed"));
      if (state.best !== state.last) parts.push(t("bestScore", { best: state.best }));
      if (!state.passed) {
        if (state.remaining === 0) parts.push(t("noAttemptsLeft"));
        else if (state.remaining === 1) parts.push(t("attemptsLeftOne"));
        else if (Number.isFinite(state.remaining)) parts.push(t("attemptsLeftMany", { n: state.remaining }));
        else parts.push(t("tryAgainAnytime"));
      }
      this.scoreLine.textContent = parts.join(" ");
      this.statusLine.textContent = max
        ? t("attemptsUsed", { n: state.attemptsUsed, max })
        : t("attemptUnlimited", { n: state.attemptsUsed });
      this.retryButton.hidden = state.passed || state.remaining === 0;
      this.submitButton.hidden = true;
      this.result.hidden = false;
      if (moveFocus) {
        const heading = this.result.querySelector("h2, h3") || this.result;
        if (!heading.hasAttribute("tabindex")) heading.tabIndex = -1;
        heading.focus();
        announce(this.live, parts.join(" "));
      }
    }

    retry() {
      const state = this.tracker.startAttempt(this.id);
      if (!state || state.remaining === 0) return;
      for (const question of this.questions.values()) question.reset();
      this.layout(state);
      this.showAttempt(state);
      announce(this.live, t("newAttempt", { n: state.attemptsUsed + 1 }));
      const first = this.drawn.length && this.questions.get(this.drawn[0]);
      const control = first && first.fieldset.querySelector("input:not([disabled]), select, button");
      if (control) control.focus();
    }
  }

  DCP.messages = MESSAGES;
  DCP.t = t;
  DCP.announce = announce;
  DCP.quiz = {
    Question,
    Quiz,
    wireCheck,
    scoreResponse,
    answerRecord,
    bestBranchPath,
    seededRandom,
    shuffled,
    plainText,
  };
})();
