/* Which questions an attempt of a graded quiz holds, drawn from the attempt's seed (so a learner
 * who comes back meets the same ones).
 *
 * Without a blueprint: `draw` questions at random, or all of them. With one (the final assessment),
 * every draw meets each rule, "at least `need` of the questions at these positions" (rules come
 * from the build, see blueprintConfig in src/dcp_course/render/pages.py). The rules are met step by
 * step in their order (objectives, modules, final-only), each step's rules in random order and each
 * pick at random among the questions that count; the rest of the draw is filled at random from the
 * whole pool. When rules leave little room a random try can fail: later tries prefer the questions
 * that count for the most rules still open, and after them the build's fallback (a draw known to
 * meet every rule) is filled up at random. No DOM here, so the tests run it under Node.
 */
(function () {
  "use strict";

  const DCP = (window.DCP = window.DCP || {});
  const { shuffled } = DCP.scoring;

  // Tries at random, then as many preferring the questions that count most, before the fallback.
  const PLAIN_TRIES = 12;
  const HELPFUL_TRIES = 12;

  function held(chosen, members) {
    let count = 0;
    for (const position of members) if (chosen.has(position)) count += 1;
    return count;
  }

  function meetsEvery(chosen, rules) {
    return rules.every((rule) => held(chosen, rule.from) >= rule.need);
  }

  /** The open questions counting for the most rules not yet met (all of them when helpful is off). */
  function preferred(open, rules, chosen, helpful) {
    if (!helpful) return open;
    const unmet = rules.filter((rule) => held(chosen, rule.from) < rule.need);
    const score = (position) => unmet.filter((rule) => rule.from.includes(position)).length;
    const best = Math.max(...open.map(score));
    return open.filter((position) => score(position) === best);
  }

  /** One try at meeting every rule within size questions; null when it does not. */
  function meetRules(rules, size, random, helpful) {
    const chosen = new Set();
    const steps = [];
    for (const rule of rules) if (!steps.includes(rule.by)) steps.push(rule.by);
    for (const step of steps) {
      for (const rule of shuffled(rules.filter((r) => r.by === step), random)) {
        while (held(chosen, rule.from) < rule.need) {
          const open = rule.from.filter((position) => !chosen.has(position));
          if (!open.length) return null;
          const candidates = preferred(open, rules, chosen, helpful);
          chosen.add(candidates[Math.floor(random() * candidates.length)]);
          if (chosen.size > size) return null;
        }
      }
    }
    return meetsEvery(chosen, rules) ? chosen : null;
  }

  function filledUp(chosen, count, size, random) {
    const rest = shuffled([...Array(count).keys()].filter((position) => !chosen.has(position)), random);
    for (const position of rest.slice(0, Math.max(0, size - chosen.size))) chosen.add(position);
    return chosen;
  }

  /** Positions (0-based, into the quiz's questions) of a draw of size meeting the blueprint. */
  function blueprintDraw(count, size, blueprint, random) {
    for (let attempt = 0; attempt < PLAIN_TRIES + HELPFUL_TRIES; attempt += 1) {
      const chosen = meetRules(blueprint.rules, size, random, attempt >= PLAIN_TRIES);
      if (chosen) return filledUp(chosen, count, size, random);
    }
    return filledUp(new Set(blueprint.fallback), count, size, random);
  }

  /** The ids an attempt holds, in authored order; random is the attempt's seeded generator. */
  function drawQuestions(config, random) {
    const ids = config.questions;
    const size = config.draw && config.draw < ids.length ? config.draw : ids.length;
    if (size === ids.length) return ids.slice();
    const blueprint = config.blueprint;
    if (!blueprint || !blueprint.rules.length) {
      const picked = new Set(shuffled(ids, random).slice(0, size));
      return ids.filter((id) => picked.has(id));
    }
    const chosen = blueprintDraw(ids.length, size, blueprint, random);
    return ids.filter((_, position) => chosen.has(position));
  }

  DCP.draw = { drawQuestions, blueprintDraw };
})();
