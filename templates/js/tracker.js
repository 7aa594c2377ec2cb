/* The learner's state for one SCO (or, standalone, the whole course), and what the LMS is told.
 *
 * State: pages viewed, and per quiz the attempts used, the seed of the current attempt, the best
 * and last score and the last submitted responses. It is stored in cmi.suspend_data as
 * src/dcp_course/plan/suspend.py documents: {"v":1,"p":"0110","q":[{"a":1,"s":42,"b":50,"l":50,"r":[..]}]},
 * plus, only while an attempt is under way, "d": the answers given so far in that attempt (same
 * format as "r"), so that closing the page mid-quiz loses nothing.
 * Scores are whole percentages, rounded down, so that a pass never rests on rounding up.
 *
 * Everything is committed when it happens (a page viewed, an answer given or recorded, a quiz
 * result), never at exit: an LMS may deliver what a page sends while unloading as a size-limited
 * beacon (Moodle's player does), so at exit only exit, session time and Terminate remain.
 */
(function () {
  "use strict";

  const DCP = (window.DCP = window.DCP || {});
  const SUSPEND_VERSION = 1;
  const MAX_SEED = 2147483647;
  const MAX_ATTEMPTS_STORED = 99;
  const LIMITS = {
    "1.2": { location: 255, text: 255, suspend: 4096 },
    "2004": { location: 1000, text: 250, suspend: 64000 },
  };

  function newSeed() {
    try {
      const buffer = new Uint32Array(1);
      window.crypto.getRandomValues(buffer);
      return (buffer[0] % MAX_SEED) + 1;
    } catch (error) {
      return Math.floor(Math.random() * (MAX_SEED - 1)) + 1;
    }
  }

  function freshQuiz() {
    return { a: 0, s: newSeed(), b: 0, l: 0, r: [] };
  }

  function wholeNumber(value, low, high, fallback) {
    return Number.isInteger(value) && value >= low && value <= high ? value : fallback;
  }

  /* ------------------------------------------------------------------ time formats */

  function pad(value, width) {
    return String(value).padStart(width, "0");
  }

  function clockParts(milliseconds) {
    const centis = Math.max(0, Math.round(milliseconds / 10));
    return {
      hours: Math.floor(centis / 360000),
      minutes: Math.floor(centis / 6000) % 60,
      seconds: Math.floor(centis / 100) % 60,
      centis: centis % 100,
    };
  }

  /** SCORM 1.2 CMITimespan, HHHH:MM:SS.SS (hours capped at 9999). */
  function timespan12(milliseconds, withFraction) {
    const t = clockParts(Math.min(milliseconds, 9999 * 3600000 + 3599990));
    const whole = `${pad(t.hours, 4)}:${pad(t.minutes, 2)}:${pad(t.seconds, 2)}`;
    return withFraction === false ? whole : `${whole}.${pad(t.centis, 2)}`;
  }

  /** SCORM 2004 timeinterval, an ISO 8601 duration such as PT1M5.2S. */
  function duration2004(milliseconds) {
    const t = clockParts(milliseconds);
    const seconds = (t.seconds + t.centis / 100).toFixed(2).replace(/\.?0+$/, "");
    let text = "PT";
    if (t.hours) text += `${t.hours}H`;
    if (t.minutes) text += `${t.minutes}M`;
    if (seconds !== "0" || text === "PT") text += `${seconds}S`;
    return text;
  }

  /** SCORM 1.2 CMITime, the local time of day HH:MM:SS. */
  function clock12(date) {
    return `${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}:${pad(date.getSeconds(), 2)}`;
  }

  /** SCORM 2004 time(second,10,0): UTC, hundredths of a second. */
  function timestamp2004(date) {
    return date.toISOString().replace(/(\.\d\d)\dZ$/, "$1Z");
  }

  /* ------------------------------------------------------------------ interaction patterns */

  // The 2004 "other" type takes no "," in a correct response pattern, so its path uses ";".
  const PATTERNS = {
    "1.2": {
      list: (items) => items.join(","),
      pairs: (pairs) => pairs.map(([left, right]) => `${left}.${right}`).join(","),
      path: (pairs) => pairs.map(([step, option]) => `${step}.${option}`).join(","),
      bool: (value) => (value ? "t" : "f"),
      text: (text) => text,
      correctText: (text) => text,
      range: (key) => key.answer, // SCORM 1.2 has no range: the exact answer
      longText: (text) => text.slice(0, 255), // a fill-in's CMIFeedback: the first 255 characters
    },
    "2004": {
      list: (items) => items.join("[,]"),
      pairs: (pairs) => pairs.map(([left, right]) => `${left}[.]${right}`).join("[,]"),
      path: (pairs) => pairs.map(([step, option]) => `${step}.${option}`).join(";"),
      bool: (value) => (value ? "true" : "false"),
      text: (text) => text.replace(/\[[,.:]\]/g, " ").replace(/^\{+/, ""),
      correctText: (text, caseSensitive) => `{case_matters=${caseSensitive ? "true" : "false"}}${text}`,
      range: (key) => `${key.min}[:]${key.max}`,
      // long-fill-in: a localized string of up to 4,000 characters; a leading "{" would open a {lang=}
      longText: (text) => text.replace(/^\{+/, "").slice(0, 4000),
    },
  };

  /*
   * Each kind's learner response and correct patterns, from the answer record scoring.js makes,
   * in one version's format; keyed as in src/dcp_course/source/kinds.py.
   */
  const PATTERNS_OF_KIND = {
    single: (answer, format) => ({ response: format.list(answer.response), correct: [format.list(answer.correctResponse)] }),
    multiple: (answer, format) => ({ response: format.list(answer.response), correct: [format.list(answer.correctResponse)] }),
    truefalse: (answer, format) => ({
      response: answer.response === null ? "" : format.bool(answer.response),
      correct: [format.bool(answer.correctResponse)],
    }),
    match: (answer, format) => ({ response: format.pairs(answer.response), correct: [format.pairs(answer.correctResponse)] }),
    order: (answer, format) => ({ response: format.list(answer.response), correct: [format.list(answer.correctResponse)] }),
    fill: (answer, format, limit) => ({
      response: format.text(answer.response).slice(0, limit),
      correct: answer.correctResponse.map((text) => format.correctText(text, answer.caseSensitive)),
    }),
    branching: (answer, format, limit) => ({
      response: format.path(answer.response).slice(0, limit),
      correct: [format.path(answer.correctResponse).slice(0, limit)],
    }),
    // a number SCORM's decimal type holds, else none: a learner_response the LMS refuses loses the record
    numeric: (answer, format) => ({
      response: /^-?\d{1,10}(\.\d{1,18})?$/.test(answer.response) ? answer.response : "",
      correct: [format.range(answer.correctResponse)],
    }),
    // a written answer has no correct pattern; it is recorded as written (within the version's limit)
    task: (answer, format) => ({ response: format.longText(answer.response), correct: [] }),
  };

  /** One answer's learner response and correct patterns in one SCORM version's format. */
  function interactionPatterns(answer, dialect) {
    const patterns = PATTERNS_OF_KIND[answer.kind];
    return patterns ? patterns(answer, PATTERNS[dialect], LIMITS[dialect].text) : { response: "", correct: [] };
  }

  /**
   * The interaction type of an answer's kind in one dialect ("1.2", "2004" or "xapi"), as the build
   * wrote it into course-data.js from src/dcp_course/source/kinds.py.
   */
  function interactionType(kind, dialect) {
    const types = (window.DCP_KINDS || {})[kind] || {};
    return types[{ "1.2": "scorm12", 2004: "scorm2004", xapi: "xapi" }[dialect]] || "";
  }

  /* ------------------------------------------------------------------ written answers in suspend data */

  /** A task's response ("head|text") with its text cut to at most `kept` characters. */
  function cutText(response, kept) {
    const bar = response.indexOf("|");
    if (bar < 0 || response.length - bar - 1 <= kept) return response;
    let end = bar + 1 + kept;
    // never split a surrogate pair: half of one would be escaped to six characters, or refused
    if (end > bar + 1 && /[\ud800-\udbff]/.test(response.charAt(end - 1))) end -= 1;
    return response.slice(0, end);
  }

  /** The responses at the given positions (practical tasks) with their texts cut to `kept`. */
  function cutTexts(list, positions, kept) {
    return list.map((response, i) => (positions.includes(i) ? cutText(response, kept) : response));
  }

  /** The largest n in 0..max for which fits(n) holds (fits shrinks as n grows), or null when none. */
  function longestFitting(fits, max) {
    if (!fits(0)) return null;
    let low = 0;
    let high = max;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (fits(middle)) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /* ------------------------------------------------------------------ the tracker */

  class Tracker {
    constructor(config, adapter) {
      this.config = config;
      this.adapter = adapter;
      this.dialect = adapter.dialect;
      this.viewed = config.pages.map(() => false);
      this.quizzes = config.quizzes.map(() => freshQuiz());
      this.listeners = new Set();
      this.started = false;
      this.finished = false;
      this.reviewOnly = false;
      this.entry = "";
      this.bookmark = "";
      this.location = "";
      this.nextInteraction = 0;
      this.startedAt = Date.now();
    }

    /** Initialize the API once and pick up where the learner left off. */
    start() {
      if (this.started) return this;
      this.started = true;
      this.startedAt = Date.now();
      this.adapter.initialize();
      this.reviewOnly = /^(review|browse)$/.test(this.adapter.get("mode"));
      this.entry = this.adapter.get("entry");
      // "ab-initio" starts a new attempt: whatever an LMS still hands over belongs to an old one
      if (this.entry !== "ab-initio") {
        this.restore(this.adapter.get("suspendData"));
        this.bookmark = this.adapter.get("location");
      }
      this.location = this.bookmark;
      this.nextInteraction = parseInt(this.adapter.get("interactionCount"), 10) || 0;
      this.save();
      return this;
    }

    restore(text) {
      let stored;
      try {
        stored = text ? JSON.parse(text) : null;
      } catch (error) {
        stored = null;
      }
      if (!stored || stored.v !== SUSPEND_VERSION) return;
      // a rebuilt course may have other pages or quizzes: keep only what still lines up
      if (typeof stored.p === "string" && stored.p.length === this.viewed.length) {
        this.viewed = Array.from(stored.p, (flag) => flag === "1");
      }
      if (Array.isArray(stored.q) && stored.q.length === this.quizzes.length) {
        this.quizzes = stored.q.map((q, index) => {
          const questions = this.config.quizzes[index].questions.length;
          const responseList = (list) => (Array.isArray(list) && list.length === questions
            && list.every((r) => typeof r === "string") ? list : []);
          const responses = responseList(q && q.r);
          const restored = {
            a: wholeNumber(q && q.a, 0, MAX_ATTEMPTS_STORED, 0),
            s: wholeNumber(q && q.s, 1, MAX_SEED, newSeed()),
            b: wholeNumber(q && q.b, 0, 100, 0),
            l: wholeNumber(q && q.l, 0, 100, 0),
            r: responses,
          };
          // a draft belongs to an attempt not yet submitted: beside submitted responses it is stale
          const draft = responseList(q && q.d);
          if (!responses.length && draft.length) restored.d = draft;
          return restored;
        });
      }
    }

    suspendData() {
      const limit = LIMITS[this.dialect].suspend;
      const state = (withDrafts, kept) => JSON.stringify({
        v: SUSPEND_VERSION,
        p: this.viewed.map((seen) => (seen ? "1" : "0")).join(""),
        q: this.quizzes.map((q, index) => {
          const texts = this.config.quizzes[index].texts || [];
          const cut = (list) => (texts.length && kept < Infinity ? cutTexts(list, texts, kept) : list);
          const stored = { a: Math.min(q.a, MAX_ATTEMPTS_STORED), s: q.s, b: q.b, l: q.l, r: cut(q.r) };
          if (withDrafts && q.d) stored.d = cut(q.d);
          return stored;
        }),
      });
      const full = state(true, Infinity);
      if (full.length <= limit) return full;
      // Too long for this version (SCORM 1.2's 4,096 characters): first the written answers of
      // practical tasks are cut, all to the same length, the longest that fits; the build made sure
      // that 255 characters each fit beside everything else. A draft on top of a SCO still too long
      // is dropped rather than have the LMS refuse everything.
      for (const withDrafts of [true, false]) {
        const kept = longestFitting((n) => state(withDrafts, n).length <= limit, this.longestText());
        if (kept !== null) return state(withDrafts, kept);
      }
      return state(false, 0);
    }

    longestText() {
      let longest = 0;
      this.quizzes.forEach((q, index) => {
        for (const i of this.config.quizzes[index].texts || []) {
          for (const list of [q.r, q.d || []]) longest = Math.max(longest, (list[i] || "").length);
        }
      });
      return longest;
    }

    /* -------------------------------------------------------------- reading the state */

    pageIndex(pageId) {
      return this.config.pages.findIndex((page) => page.id === pageId);
    }

    isViewed(pageId) {
      const index = this.pageIndex(pageId);
      return index >= 0 && this.viewed[index];
    }

    progress() {
      return { viewed: this.viewed.filter(Boolean).length, total: this.viewed.length };
    }

    /** A read-only view of one quiz's state, or null when this SCO has no such quiz. */
    quiz(quizId) {
      const index = this.config.quizzes.findIndex((q) => q.id === quizId);
      if (index < 0) return null;
      const config = this.config.quizzes[index];
      const stored = this.quizzes[index];
      const passed = stored.a > 0 && stored.b >= config.passMark;
      const remaining = config.attempts === 0 ? Infinity : Math.max(0, config.attempts - stored.a);
      return {
        config,
        attemptsUsed: stored.a,
        seed: stored.s,
        best: stored.b,
        last: stored.l,
        responses: stored.r.slice(),
        draft: stored.d ? stored.d.slice() : [],
        submitted: stored.r.length > 0,
        passed,
        failed: !passed && remaining === 0,
        remaining,
      };
    }

    status() {
      const quizzes = this.config.quizzes.map((q) => this.quiz(q.id));
      const pagesDone = this.viewed.every(Boolean);
      const allPassed = quizzes.every((q) => q.passed);
      const needsQuizzes = this.config.completion === "lessons-and-quiz";
      const completed = pagesDone && (!needsQuizzes || allPassed);
      const hasQuiz = quizzes.length > 0;
      const attempted = quizzes.some((q) => q.attemptsUsed > 0);
      const passedCount = quizzes.filter((q) => q.passed).length;
      const steps = this.viewed.length + (needsQuizzes ? quizzes.length : 0);
      const done = this.viewed.filter(Boolean).length + (needsQuizzes ? passedCount : 0);
      return {
        completed,
        passed: hasQuiz ? allPassed : completed,
        failed: quizzes.some((q) => q.failed),
        hasQuiz,
        progress: completed ? 1 : (steps ? Math.min(done / steps, 0.9999) : 0),
        // several quizzes in one SCO: the mean of their best scores, a quiz not yet taken counts 0
        score: attempted ? quizzes.reduce((sum, q) => sum + q.best, 0) / quizzes.length : null,
      };
    }

    /* -------------------------------------------------------------- changing the state */

    onChange(listener) {
      this.listeners.add(listener);
      return () => this.listeners.delete(listener);
    }

    changed() {
      for (const listener of Array.from(this.listeners)) {
        try {
          listener(this);
        } catch (error) {
          this.listeners.delete(listener); // a page that has gone away
        }
      }
    }

    viewPage(pageId) {
      const index = this.pageIndex(pageId);
      if (index < 0 || this.finished) return;
      this.viewed[index] = true;
      this.location = this.config.pages[index].path;
      this.save();
      this.changed();
    }

    /** "Try again": a new attempt gets a new seed, so a new draw and order of questions. */
    startAttempt(quizId) {
      const index = this.config.quizzes.findIndex((q) => q.id === quizId);
      if (index < 0 || this.finished) return null;
      const quiz = this.quiz(quizId);
      if (quiz.remaining === 0) return quiz;
      let seed = newSeed();
      while (seed === this.quizzes[index].s) seed = newSeed();
      this.quizzes[index].s = seed;
      this.quizzes[index].r = [];
      delete this.quizzes[index].d;
      this.save();
      this.changed();
      return this.quiz(quizId);
    }

    /**
     * The answers given so far in the attempt under way (one string per question, authored order),
     * committed at once: a learner who closes the page before submitting finds them on relaunch.
     */
    recordDraft(quizId, responses) {
      const index = this.config.quizzes.findIndex((q) => q.id === quizId);
      if (index < 0 || this.finished || this.reviewOnly) return;
      const quiz = this.quiz(quizId);
      if (quiz.submitted || quiz.remaining === 0) return;
      const stored = this.quizzes[index];
      const draft = Array.from(responses, String);
      const before = JSON.stringify(stored.d || []);
      if (draft.every((response) => response === "")) delete stored.d;
      else stored.d = draft;
      if (JSON.stringify(stored.d || []) !== before) this.save();
    }

    /**
     * One graded answer, appended to cmi.interactions; the quiz's result, recorded right after
     * with recordResult, commits them together. An adapter that keeps answers its own way (cmi5's
     * answered statements) gets the whole answer instead of the SCORM fields.
     */
    recordAnswer(answer) {
      if (this.finished || this.reviewOnly) return;
      const dialect = this.dialect;
      const patterns = interactionPatterns(answer, dialect);
      const type = interactionType(answer.kind, dialect);
      if (typeof this.adapter.answered === "function") {
        this.adapter.answered(answer, { ...patterns, type });
        return;
      }
      const n = this.nextInteraction;
      this.nextInteraction += 1;
      const set = (field, value) => this.adapter.set(`interactions.${n}.${field}`, value);
      const when = answer.answeredAt || new Date();
      set("id", answer.id);
      set("type", type);
      answer.objectives.forEach((objective, i) => set(`objective.${i}`, objective));
      set("time", dialect === "1.2" ? clock12(when) : timestamp2004(when));
      set("weighting", answer.weight);
      if (dialect !== "1.2" && answer.description) {
        set("description", answer.description.slice(0, LIMITS[dialect].text));
      }
      patterns.correct.forEach((pattern, i) => set(`correct.${i}`, pattern));
      if (patterns.response !== "") set("response", patterns.response);
      // an answer nobody scores (a practical task not scored) is neither right nor wrong
      set("result", answer.neutral ? "neutral" : answer.isCorrect ? "correct" : dialect === "1.2" ? "wrong" : "incorrect");
      set("latency", dialect === "1.2" ? timespan12(answer.latency, false) : duration2004(answer.latency));
    }

    /** A submitted attempt: its whole-percent score and one response string per question. */
    recordResult(quizId, percent, responses) {
      const index = this.config.quizzes.findIndex((q) => q.id === quizId);
      if (index < 0 || this.finished) return null;
      const stored = this.quizzes[index];
      const score = Math.max(0, Math.min(100, Math.floor(percent)));
      stored.a += 1;
      stored.l = score;
      stored.b = Math.max(stored.b, score);
      // copied into this window's own array: the page that sent it may be gone by the next save
      stored.r = Array.from(responses, String);
      delete stored.d;
      this.save();
      this.changed();
      return this.quiz(quizId);
    }

    /** Write everything the LMS should know now, then commit. */
    save() {
      if (this.finished || this.reviewOnly) return;
      const a = this.adapter;
      const status = this.status();
      a.set("suspendData", this.suspendData());
      if (this.location) a.set("location", this.location.slice(0, LIMITS[this.dialect].location));
      if (this.dialect === "1.2") {
        let lesson = "incomplete";
        if (status.failed) lesson = "failed";
        else if (status.completed && status.passed) lesson = status.hasQuiz ? "passed" : "completed";
        else if (status.completed) lesson = "completed";
        a.set("lessonStatus", lesson);
      } else {
        a.set("completionStatus", status.completed ? "completed" : "incomplete");
        let success = "unknown";
        if (status.failed) success = "failed";
        else if (status.passed) success = "passed";
        a.set("successStatus", success);
        a.set("progressMeasure", Number(status.progress.toFixed(4)));
      }
      if (status.score !== null) {
        const raw = Number(status.score.toFixed(2));
        a.set("scoreRaw", raw);
        a.set("scoreMin", 0);
        a.set("scoreMax", 100);
        a.set("scoreScaled", Number((raw / 100).toFixed(4)));
      }
      a.set("exit", this.exitValue(status));
      a.commit();
    }

    /** Suspend until complete, so the LMS resumes the attempt; a normal exit once it is done. */
    exitValue(status) {
      return status.completed ? (this.dialect === "1.2" ? "" : "normal") : "suspend";
    }

    /**
     * The page is hidden but may come back (another tab, another app): commit only what the LMS
     * has not yet confirmed, which is normally nothing, since every change is committed as it
     * happens. Terminating here would end a session the learner may return to, and re-sending
     * unchanged data would be wasted: closing a tab can hide the page just before it unloads, and a
     * beacon spent here is budget Terminate then lacks. Session time is not sent here either: the
     * LMS adds it to the total only at Terminate (Moodle's and scorm-again's runtimes alike).
     */
    commitPending() {
      if (this.finished || this.reviewOnly) return;
      const adapter = this.adapter;
      // an adapter that cannot say whether it holds unsent values (cmi5) commits to be safe
      if (typeof adapter.hasUncommitted !== "function" || adapter.hasUncommitted()) adapter.commit();
    }

    /**
     * The page is going away: exit, session time and Terminate/LMSFinish, once per launch, and
     * nothing else. Everything else was committed when it happened; a Commit here would travel
     * (with the whole data model, in Moodle's player) as one more beacon competing with Terminate.
     */
    finish() {
      if (!this.started || this.finished) return;
      this.finished = true;
      const elapsed = Date.now() - this.startedAt;
      if (!this.reviewOnly) this.adapter.set("exit", this.exitValue(this.status()));
      this.adapter.set("sessionTime", this.dialect === "1.2" ? timespan12(elapsed) : duration2004(elapsed));
      this.adapter.terminate();
    }
  }

  DCP.Tracker = Tracker;
  DCP.time = { timespan12, duration2004, clock12, timestamp2004 };
  DCP.interactionPatterns = interactionPatterns;
  DCP.interactionPatterns.kinds = PATTERNS_OF_KIND;
  DCP.interactionType = interactionType;
  DCP.newSeed = newSeed;
  DCP.cutText = cutText;
})();
