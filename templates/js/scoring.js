/* Scoring rules of the question engine: pure functions of a question's answer key and a response.
 *
 * Responses are short strings (see src/dcp_course/plan/suspend.py): single "b", multiple "ac",
 * truefalse "t"/"f", match "ba-" (right letter per left item, "-" for none), order "cab", fill the
 * typed text, branching the option letters along the path "ab", numeric the typed text "1,5", task
 * "|text" while writing and "s" + a 1/0 per checklist item + "|text" once submitted. No DOM here, so the rules run
 * under Node in the tests exactly as in the browser.
 */
(function () {
  "use strict";

  const DCP = (window.DCP = window.DCP || {});
  const { collapse } = DCP.text;

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

  /**
   * A typed number as the decimal text SCORM reads ("-0.5"), or null when it is not a number: digits
   * with at most one decimal comma or point and an optional sign; spaces (no-break ones too) are
   * ignored. Kept as text, so nothing is lost to binary floating point on the way to the LMS.
   */
  function decimalText(typed) {
    const match = /^([+-]?)(\d*)(?:[.,](\d*))?$/.exec(String(typed || "").replace(/\s/g, ""));
    if (!match || !(match[2] || match[3])) return null;
    const whole = match[2].replace(/^0+(?=\d)/, "") || "0";
    const fraction = (match[3] || "").replace(/0+$/, "");
    const text = fraction ? `${whole}.${fraction}` : whole;
    return match[1] === "-" && /[1-9]/.test(text) ? `-${text}` : text;
  }

  /** A task's response as its parts: submitted or not, the checklist items ticked, the text written. */
  function taskParts(response) {
    const text = String(response || "");
    const bar = text.indexOf("|");
    if (bar < 0) return { submitted: false, ticks: [], text: "" };
    const head = text.slice(0, bar);
    const submitted = head.charAt(0) === "s";
    return { submitted, ticks: submitted ? Array.from(head.slice(1), (c) => c === "1") : [], text: text.slice(bar + 1) };
  }

  function correctIds(data) {
    return (data.choices || []).filter((c) => c.correct).map((c) => c.id);
  }

  /*
   * Each kind's rules: `score`, the fraction of the question's points a response earns (0 to 1),
   * and `record`, what the tracker needs to write one interaction record (neutral of the SCORM
   * version). The kinds are those of src/dcp_course/source/kinds.py.
   */
  const RULES = {
    single: {
      score(data, response) {
        const choice = data.choices.find((c) => c.id === response);
        return choice && choice.correct ? 1 : 0;
      },
      record: (data, response) => ({ response: response.split("").filter(Boolean), correctResponse: correctIds(data) }),
    },
    multiple: {
      score(data, response) {
        const chosen = new Set(response.split(""));
        const total = data.choices.filter((c) => c.correct).length;
        const right = data.choices.filter((c) => c.correct && chosen.has(c.id)).length;
        const wrong = data.choices.filter((c) => !c.correct && chosen.has(c.id)).length;
        if (data.scoring === "partial" && total > 0) return Math.max(0, (right - wrong) / total);
        return right === total && wrong === 0 ? 1 : 0;
      },
      record: (data, response) => ({ response: response.split("").filter(Boolean), correctResponse: correctIds(data) }),
    },
    truefalse: {
      score: (data, response) => (response !== "" && (response === "t") === data.answer ? 1 : 0),
      record: (data, response) => ({ response: response === "" ? null : response === "t", correctResponse: data.answer }),
    },
    match: {
      score(data, response) {
        let right = 0;
        let wrong = 0;
        data.pairs.forEach((pair, i) => {
          const given = response[i] || "-";
          if (given === pair.right) right += 1;
          else if (given !== "-") wrong += 1;
        });
        if (data.scoring === "partial") return Math.max(0, (right - wrong) / data.pairs.length);
        return right === data.pairs.length ? 1 : 0;
      },
      record: (data, response) => ({
        response: data.pairs.map((p, i) => [p.left, response[i] || "-"]).filter(([, r]) => r !== "-"),
        correctResponse: data.pairs.map((p) => [p.left, p.right]),
      }),
    },
    order: {
      score: (data, response) => (response === data.items.join("") ? 1 : 0),
      record: (data, response) => ({ response: response.split(""), correctResponse: data.items.slice() }),
    },
    fill: {
      score: (data, response) =>
        (collapse(response) !== "" && data.answers.some((a) => sameText(data, response, a)) ? 1 : 0),
      record: (data, response) => ({
        response: collapse(response),
        correctResponse: data.answers.slice(),
        caseSensitive: data.caseSensitive,
      }),
    },
    branching: {
      score: (data, response) =>
        (data.maxPoints > 0 ? Math.min(1, branchWalk(data, response).points / data.maxPoints) : 0),
      record: (data, response) => ({ response: branchWalk(data, response).pairs, correctResponse: bestBranchPath(data) }),
    },
    numeric: {
      score(data, response) {
        const text = decimalText(response);
        const value = text === null ? NaN : Number(text);
        // the build wrote the bounds as decimals, so "0.4" typed equals the bound "0.4" exactly
        return value >= Number(data.min) && value <= Number(data.max) ? 1 : 0;
      },
      record: (data, response) => ({
        response: decimalText(response) || "",
        correctResponse: { answer: data.answer, min: data.min, max: data.max },
      }),
    },
    // self-assessed: the checklist items ticked after submitting; a task not scored weighs 0 (the
    // build says so) and its record is neutral
    task: {
      score(data, response) {
        const parts = taskParts(response);
        if (!parts.submitted || !data.checklist.length) return 0;
        return data.checklist.filter((item, i) => parts.ticks[i]).length / data.checklist.length;
      },
      record: (data, response) => ({ response: taskParts(response).text, correctResponse: [], neutral: !data.scored }),
    },
  };

  /** The fraction of the question's points a response earns, 0 to 1. */
  function scoreResponse(data, response) {
    const rules = RULES[data.kind];
    return rules ? rules.score(data, response) : 0;
  }

  /** What the tracker needs to write one interaction record (neutral of the SCORM version). */
  function answerRecord(data, response) {
    const rules = RULES[data.kind];
    return rules ? rules.record(data, response) : { response: "", correctResponse: [] };
  }

  DCP.scoring = {
    seededRandom, shuffled, verdictOf, branchWalk, bestBranchPath, scoreResponse, answerRecord, decimalText, taskParts,
    rules: RULES,
  };
})();
