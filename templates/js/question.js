/* One question on a page (a fieldset rendered by templates/partials/questions.html): reading,
 * restoring and resetting its response, ordering and branching controls, and its feedback; and
 * knowledge checks, which give feedback on demand and are never scored or sent to the LMS.
 */
(function () {
  "use strict";

  const DCP = (window.DCP = window.DCP || {});
  const { t, announce } = DCP;
  const { plainText, escapeHtml, collapse } = DCP.text;
  const { shuffled, verdictOf, branchWalk, scoreResponse, answerRecord, taskParts } = DCP.scoring;

  // A task's character count is announced only near the limit: at most this many characters left.
  const NEAR_LIMIT = 100;

  /*
   * Each kind's controls, keyed as in src/dcp_course/source/kinds.py: `read` the response from
   * the fieldset (as plan/suspend.py describes it), `restore` it, and optionally `reset` what
   * reset() does not, `components` (what the learner chose from, each {id, text}, for cmi5),
   * `chosenChoices` (the choices whose feedback a response shows), `feedbackNote` (a line after
   * the feedback), `unanswered` (when a knowledge check has nothing to judge) and
   * `shuffledChoices` (the quiz may shuffle its choices), `beforeCheck` (what a knowledge check's
   * button does first), `pending` (the quiz may not be submitted yet) and `feedback` (the whole
   * feedback, instead of a verdict).
   */
  /** A response typed into one text field (fill-in, numeric), kept as typed. */
  const TYPED = {
    read(q) {
      const field = q.textField();
      return field ? field.value.slice(0, q.data.maxLength || 200) : "";
    },
    restore(q, response) {
      const field = q.textField();
      if (field) field.value = response;
    },
  };

  const CONTROLS = {
    single: {
      read(q) {
        const checked = q.fieldset.querySelector("input:checked");
        return checked ? checked.value : "";
      },
      restore: (q, response) => q.check(response),
      components: (q) => ({ choices: q.choiceComponents() }),
      chosenChoices: (response) => response.split(""),
      shuffledChoices: true,
    },
    multiple: {
      read: (q) => q.data.choices.filter((c) => q.input(c.id) && q.input(c.id).checked).map((c) => c.id).join(""),
      restore: (q, response) => q.check(response),
      components: (q) => ({ choices: q.choiceComponents() }),
      chosenChoices: (response) => response.split(""),
      shuffledChoices: true,
    },
    truefalse: {
      read(q) {
        const checked = q.fieldset.querySelector("input:checked");
        return checked ? checked.value.charAt(0) : "";
      },
      restore(q, response) {
        const input = response ? q.input(response === "t" ? "true" : "false") : null;
        if (input) input.checked = true;
      },
      chosenChoices: (response) => [response === "t" ? "true" : response === "f" ? "false" : ""],
    },
    match: {
      read: (q) => q.data.pairs.map((pair) => {
        const select = q.matchSelect(pair);
        return (select && select.value) || "-";
      }).join(""),
      restore(q, response) {
        q.data.pairs.forEach((pair, i) => {
          const select = q.matchSelect(pair);
          if (select) select.value = response[i] && response[i] !== "-" ? response[i] : "";
        });
      },
      components: (q) => ({
        source: q.data.pairs.map((p) => q.component(p.left, `[data-left="${CSS.escape(p.left)}"] label`)),
        target: q.data.pairs.map((p) => q.component(p.right, `[data-left] option[value="${CSS.escape(p.right)}"]`)),
      }),
      unanswered: (response) => /^-*$/.test(response),
    },
    order: {
      read: (q) => Array.from(q.fieldset.querySelectorAll("[data-order-list] > [data-item]"), (li) => li.dataset.item)
        .join(""),
      restore(q, response) {
        const list = q.fieldset.querySelector("[data-order-list]");
        const byLetter = new Map(q.initialOrder.map((li) => [li.dataset.item, li]));
        const letters = response.split("");
        if (letters.length === byLetter.size && letters.every((l) => byLetter.has(l))) {
          letters.forEach((l) => list.appendChild(byLetter.get(l)));
        }
      },
      components: (q) => ({ choices: q.data.items.map((id) => q.component(id, `[data-item="${CSS.escape(id)}"] .order-text`)) }),
      unanswered: () => false, // the items always stand in some order
    },
    fill: TYPED,
    branching: {
      read: (q) => q.path.join(""),
      restore(q, response) {
        for (const letter of response) {
          const step = Array.from(q.fieldset.querySelectorAll("[data-step]")).find(
            (s) => !s.hidden && !s.querySelector("[data-branch-choose]").disabled,
          );
          if (!step) break;
          q.takeStep(step, letter, false);
        }
      },
      reset(q) {
        q.path = [];
        for (const step of q.fieldset.querySelectorAll("[data-step]")) {
          step.hidden = step.dataset.step !== q.data.start;
          const button = step.querySelector("[data-branch-choose]");
          if (button) button.disabled = false;
          const consequence = step.querySelector("[data-branch-consequence]");
          if (consequence) {
            consequence.hidden = true;
            consequence.innerHTML = "";
          }
        }
      },
      components(q) {
        const steps = Array.from(q.fieldset.querySelectorAll("[data-step]"), (step) => step.dataset.step);
        return { steps: steps.map((id) => q.component(id, `[data-step="${CSS.escape(id)}"] .branch-situation`)) };
      },
      feedbackNote: (q, response) =>
        t("pathPoints", { points: branchWalk(q.data, response).points, max: q.data.maxPoints }),
    },
    numeric: TYPED,
    task: {
      read(q) {
        const text = q.taskText();
        if (!q.taskSubmitted) return text ? `|${text}` : "";
        const ticks = q.data.checklist.map((item, i) => (q.taskTick(i) && q.taskTick(i).checked ? "1" : "0"));
        return `s${ticks.join("")}|${text}`;
      },
      restore(q, response) {
        const parts = taskParts(response);
        const field = q.fieldset.querySelector("textarea");
        if (field) field.value = parts.text;
        q.countTask(false);
        if (!parts.submitted) return;
        q.submitTask(false);
        parts.ticks.forEach((ticked, i) => {
          if (q.taskTick(i)) q.taskTick(i).checked = ticked;
        });
      },
      reset(q) {
        const field = q.fieldset.querySelector("textarea");
        if (field) {
          field.value = "";
          field.readOnly = false;
        }
        q.taskSubmitted = false;
        const after = q.fieldset.querySelector("[data-task-after]");
        after.hidden = true;
        after.replaceChildren();
        const button = q.fieldset.querySelector("[data-task-submit]");
        if (button) button.hidden = false;
        q.countTask(false);
      },
      beforeCheck(q) {
        if (!q.taskSubmitted && q.taskText()) q.submitTask(true);
      },
      unanswered: (response) => !taskParts(response).submitted,
      pending: (q) => !q.taskSubmitted,
      feedback(q, response) {
        if (!q.data.scored) return "";
        const ticked = taskParts(response).ticks.filter(Boolean).length;
        return `<p>${escapeHtml(t("taskTicked", { n: ticked, max: q.data.checklist.length }))}</p>`;
      },
    },
  };

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
      this.taskSubmitted = false;
      this.taskLevel = "";
      const field = fieldset.querySelector("textarea[data-task-input]");
      if (field) field.addEventListener("input", () => this.countTask(true));
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
      else if (button.hasAttribute("data-task-submit")) this.submitTask(true);
    }

    /* ---------------------------------------------------------------- practical task */

    /** The text written, without control characters (a line break stays), within max_length. */
    taskText() {
      const field = this.fieldset.querySelector("textarea[data-task-input]");
      if (!field) return "";
      // eslint-disable-next-line no-control-regex
      const text = field.value.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, " ");
      return text.trim() ? text.slice(0, this.data.maxLength) : "";
    }

    taskTick(index) {
      return this.fieldset.querySelector(`[data-task-tick="${index}"]`);
    }

    /**
     * The visible count follows every keystroke; the live region speaks only when the learner
     * comes within NEAR_LIMIT characters of the limit and when the limit is reached, once each.
     */
    countTask(interactive) {
      const field = this.fieldset.querySelector("textarea[data-task-input]");
      const count = this.fieldset.querySelector("[data-task-count]");
      if (!field || !count) return;
      const max = this.data.maxLength;
      const n = field.value.length;
      count.textContent = t("taskCount", { n, max });
      const level = n >= max ? "full" : max - n <= NEAR_LIMIT ? "near" : "";
      if (interactive && level && level !== this.taskLevel) {
        const region = this.fieldset.querySelector("[data-task-live]");
        announce(region, level === "full" ? t("taskAtLimit", { max }) : t("taskNearLimit", { n: max - n }));
      }
      this.taskLevel = level;
    }

    /** Submitted: the text stays, read-only; the model answer and the checklist to tick appear. */
    submitTask(interactive) {
      if (this.taskSubmitted) return;
      if (interactive && !this.taskText()) {
        announce(this.live, t("taskEmpty"));
        return;
      }
      this.taskSubmitted = true;
      const field = this.fieldset.querySelector("textarea[data-task-input]");
      if (field) field.readOnly = true;
      const button = this.fieldset.querySelector("[data-task-submit]");
      if (button) button.hidden = true;
      const after = this.fieldset.querySelector("[data-task-after]");
      const qid = this.fieldset.dataset.question;
      const items = this.data.checklist.map((item, i) => `<li class="choice"><input type="checkbox" `
        + `id="q-${escapeHtml(qid)}-tick-${i}" data-task-tick="${i}"><label for="q-${escapeHtml(qid)}-tick-${i}">`
        + `${escapeHtml(item)}</label></li>`).join("");
      after.innerHTML = `<div class="task-model"><p class="task-after-title" id="q-${escapeHtml(qid)}-model" `
        + `tabindex="-1"><strong>${escapeHtml(t("taskModelAnswer"))}</strong></p>${this.data.modelAnswer}</div>`
        + `<fieldset class="task-checklist"><legend>${escapeHtml(t("taskChecklist"))}</legend>`
        + `<ul class="choices">${items}</ul></fieldset>`;
      after.hidden = false;
      if (!interactive) return;
      this.touched();
      announce(this.live, t("taskSubmitted"));
      after.querySelector(".task-after-title").focus();
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
      const controls = CONTROLS[this.kind];
      return controls ? controls.read(this) : "";
    }

    restore(response) {
      const controls = CONTROLS[this.kind];
      if (controls) controls.restore(this, response);
    }

    /** Whether this question must still be finished before its quiz is submitted (a task to submit). */
    pending() {
      const controls = CONTROLS[this.kind];
      return Boolean(controls && controls.pending && controls.pending(this));
    }

    /** The inputs of the given choice letters, checked. */
    check(letters) {
      for (const letter of letters) {
        const input = this.input(letter);
        if (input) input.checked = true;
      }
    }

    matchSelect(pair) {
      return this.fieldset.querySelector(`[data-left="${CSS.escape(pair.left)}"] select`);
    }

    textField() {
      return this.fieldset.querySelector("input.fill-input, input[type='text']");
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
      const controls = CONTROLS[this.kind];
      if (controls && controls.reset) controls.reset(this);
      this.clearFeedback();
      this.lastChange = null;
    }

    /** Put the choices back in authored order, then shuffle them when `random` is given. */
    arrangeChoices(random) {
      const controls = CONTROLS[this.kind];
      if (!this.authoredChoices.length || !(controls && controls.shuffledChoices)) return;
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
        fraction: result.fraction,
        latency,
        answeredAt,
        components: this.components(),
        ...answerRecord(this.data, response),
      };
    }

    /**
     * What the learner chose from, as shown: choices, match sources and targets, or branching steps,
     * each {id, text}. An LMS that stores answers as xAPI interactions (cmi5) describes them with it.
     */
    components() {
      const controls = CONTROLS[this.kind];
      return controls && controls.components ? controls.components(this) : {};
    }

    choiceComponents() {
      return this.data.choices.map((c) => this.component(c.id, `[data-choice="${CSS.escape(c.id)}"] label`));
    }

    /** {id, text} of the element that selector finds: what the learner saw, whitespace folded. */
    component(id, selector) {
      const node = this.fieldset.querySelector(selector);
      return { id, text: node ? node.textContent.replace(/\s+/g, " ").trim() : "" };
    }

    showFeedback(response, result) {
      this.showChoiceFeedback(response);
      const box = this.fieldset.querySelector(":scope > [data-question-feedback]");
      if (!box) return;
      const controls = CONTROLS[this.kind];
      if (controls && controls.feedback) {
        const html = controls.feedback(this, response);
        box.className = "question-feedback";
        box.innerHTML = html;
        box.hidden = !html;
        return;
      }
      const authored = this.data.feedback || {};
      let text = authored[result.verdict] || (result.verdict === "partial" ? authored.incorrect : "") || "";
      if (controls && controls.feedbackNote) text += `<p>${escapeHtml(controls.feedbackNote(this, response))}</p>`;
      box.className = `question-feedback is-${result.verdict}`;
      box.innerHTML = `<p class="verdict">${escapeHtml(t(result.verdict))}</p>${text}`;
      box.hidden = false;
    }

    showChoiceFeedback(response) {
      const controls = CONTROLS[this.kind];
      if (!(controls && controls.chosenChoices)) return;
      const chosen = controls.chosenChoices(response);
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
      const controls = CONTROLS[data.kind];
      if (controls && controls.beforeCheck) controls.beforeCheck(question);
      const response = question.read();
      const empty = controls && controls.unanswered ? controls.unanswered(response) : collapse(response) === "";
      if (empty) {
        question.clearFeedback();
        announce(live, t("unanswered"));
        return;
      }
      const result = question.evaluate(response);
      question.showFeedback(response, result);
      const shown = fieldset.querySelectorAll("[data-choice-feedback]:not([hidden])");
      const chosen = Array.from(shown, (box) => plainText(box.innerHTML));
      const said = [question.feedbackText(), ...chosen].join(" ").trim();
      if (said) announce(live, said);
    });
    return question;
  }

  Question.controls = CONTROLS;
  DCP.Question = Question;
  DCP.wireCheck = wireCheck;
})();
