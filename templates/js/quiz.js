/* The graded quiz (.quiz[data-quiz]): drawing and ordering an attempt's questions from its seed,
 * keeping the answers given so far, submitting, scoring and reporting through the tracker, review
 * and retry, and what still stands between a passed quiz and completion.
 *
 * Answer keys come from the page's JSON (#dcp-page); the questions themselves are DCP.Question.
 */
(function () {
  "use strict";

  const DCP = (window.DCP = window.DCP || {});
  const { t, announce } = DCP;
  const { seededRandom, shuffled } = DCP.scoring;
  const { drawQuestions } = DCP.draw;
  const Question = DCP.Question;

  // Typing and reordering are saved once the learner pauses, not at every key or move: each save
  // is a Commit, which some LMSs answer by sending their whole data model to the server.
  const ANSWERING_PAUSE_MS = 800;

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
      this.keepDraftsAsAnswered();
      this.show();
    }

    /* Answers are committed as they are given, not at exit: a page closed mid-quiz keeps them. */
    keepDraftsAsAnswered() {
      this.draftTimer = null;
      this.form.addEventListener("change", () => this.saveDraft());
      // ordering and branching answer with buttons; question.js has handled the click by now
      this.form.addEventListener("click", (event) => {
        if (event.target.closest("[data-branch-choose], [data-task-submit]")) this.saveDraft();
        else if (event.target.closest("[data-move]")) this.saveDraftSoon();
      });
      this.form.addEventListener("input", (event) => {
        if (event.target.matches("input[type='text'], input:not([type]), textarea")) this.saveDraftSoon();
      });
      // hidden may be the last moment this page runs: an answer still waiting for a pause goes now
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "hidden" && this.draftTimer !== null) this.saveDraft();
      });
    }

    saveDraftSoon() {
      window.clearTimeout(this.draftTimer);
      this.draftTimer = window.setTimeout(() => this.saveDraft(), ANSWERING_PAUSE_MS);
    }

    saveDraft() {
      window.clearTimeout(this.draftTimer);
      this.draftTimer = null;
      const state = this.state();
      if (state.submitted || state.remaining === 0) return;
      this.tracker.recordDraft(this.id, this.responses());
    }

    /** The answers given so far in an attempt not yet submitted, back in their fields. */
    restoreDraft(state) {
      const byId = new Map(state.config.questions.map((id, i) => [id, state.draft[i] || ""]));
      for (const id of this.drawn) {
        const question = this.questions.get(id);
        const response = byId.get(id);
        if (question && response) question.restore(response);
      }
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
      let drawn = drawQuestions(config, random).filter((id) => this.items.has(id));
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
        if (state.draft.length) this.restoreDraft(state);
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
      window.clearTimeout(this.draftTimer);
      this.draftTimer = null;
      const state = this.state();
      if (state.submitted || state.remaining === 0) return;
      // a practical task counts as answered once its answer is submitted: the quiz waits for it
      const pending = this.drawn.map((id) => this.questions.get(id)).find((q) => q && q.pending());
      if (pending) {
        announce(this.live, t("taskSubmitFirst"));
        const control = pending.fieldset.querySelector("textarea");
        if (control) control.focus();
        return;
      }
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
      // questions that weigh nothing (practical tasks not scored) are left out of the score; a quiz of
      // nothing else is complete once answered
      const percent = weight ? Math.floor((points / weight) * 100 + 1e-9) : 100;
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
      const parts = [t("scored", { score: state.last, pass_mark: state.config.passMark })];
      parts.push(state.passed ? t("passed") : t("notPassed"));
      if (state.best !== state.last) parts.push(t("bestScore", { best: state.best }));
      if (!state.passed) {
        if (state.remaining === 0) parts.push(t("noAttemptsLeft"));
        else if (state.remaining === 1) parts.push(t("attemptsLeftOne"));
        else if (Number.isFinite(state.remaining)) parts.push(t("attemptsLeftMany", { n: state.remaining }));
        else parts.push(t("tryAgainAnytime"));
      }
      this.scoreLine.textContent = parts.join(" ");
      const remaining = this.showPagesToComplete(state);
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
        announce(this.live, [...parts, ...remaining].join(" "));
      }
    }

    /** Pages of this SCO not yet viewed, each with a link and a title when this page's menu has one. */
    unviewedPages() {
      const pages = (this.tracker.config.pages || []).filter((page) => !this.tracker.isViewed(page.id));
      return pages.map((page) => {
        const item = document.querySelector(`[data-page-link="${CSS.escape(page.id)}"]`);
        const link = item && item.querySelector("a[href]");
        return { page, href: link ? link.getAttribute("href") : null, title: link ? link.textContent.trim() : "" };
      });
    }

    /**
     * Passed, but not complete while pages remain unviewed: say so and link to them (same frame:
     * they are pages of this SCO). Pages outside this page's menu (another module of a per-course
     * SCO) are counted, with a link to the first of them. Returns the sentences, for announcing.
     */
    showPagesToComplete(state) {
      let box = this.result.querySelector("[data-quiz-to-complete]");
      const unviewed = state.passed ? this.unviewedPages() : [];
      if (!unviewed.length) {
        if (box) box.hidden = true;
        return [];
      }
      if (!box) {
        box = document.createElement("div");
        box.setAttribute("data-quiz-to-complete", "");
        this.scoreLine.after(box);
      }
      const intro = document.createElement("p");
      intro.textContent = unviewed.length === 1
        ? t("toCompleteOne") : t("toCompleteMany", { n: unviewed.length });
      const list = document.createElement("ul");
      const named = unviewed.filter((entry) => entry.href);
      for (const entry of named) {
        const link = document.createElement("a");
        link.href = entry.href;
        link.textContent = entry.title;
        const li = document.createElement("li");
        li.appendChild(link);
        list.appendChild(li);
      }
      const elsewhere = unviewed.filter((entry) => !entry.href);
      if (elsewhere.length) {
        const link = document.createElement("a");
        link.href = this.pathFromHere(elsewhere[0].page.path);
        link.textContent = t("toCompleteElsewhere", { n: elsewhere.length });
        const li = document.createElement("li");
        li.appendChild(link);
        list.appendChild(li);
      }
      box.replaceChildren(intro, list);
      box.hidden = false;
      return [intro.textContent, ...Array.from(list.children, (li) => li.textContent)];
    }

    /** A page path (relative to the SCO or site root) as a link from this page. */
    pathFromHere(path) {
      const pages = this.tracker.config.pages || [];
      const here = pages.find((page) => page.id === this.id);
      const depth = here ? here.path.split("/").length - 1 : 0;
      return "../".repeat(depth) + path;
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

  DCP.Quiz = Quiz;
})();
