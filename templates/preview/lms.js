/* The dcp-course preview's LMS simulator: a small SCORM 1.2 and 2004 runtime and a live view of it.
 *
 * It offers `window.API` (SCORM 1.2) or `window.API_1484_11` (SCORM 2004) to the SCO it loads in
 * an iframe, checks each call the way an LMS does (data model, read/write access, vocabularies,
 * formats, the session's state) and shows what the course has reported. Each SCO keeps its own
 * learner data for the whole visit: Relaunch opens it again with that data (entry is "resume" when
 * the SCO last exited with "suspend"), Reset attempt starts it afresh. No build step, no library.
 * Its words come from the course language's catalogue, which the server puts in the page as JSON;
 * SCORM's own strings (error texts, vocabulary, call names) stay as the standard writes them.
 */
(function () {
  "use strict";

  const { MODEL, ERRORS, CODES, CALLS, SUSPEND_LIMIT_12, initialValues } = window.DCP_LMS_MODEL;
  const SUSPEND_LIMIT_2004 = MODEL["2004"]["cmi.suspend_data"].max;
  const Session = window.DCP_LMS_SESSION;

  const $ = (selector) => document.querySelector(selector);
  const lang = document.documentElement.lang || "en";
  const words = JSON.parse(($("#dcp-lms-messages") || {}).textContent || "{}");

  /** The catalogue's text for key with {name} replaced by params.name; the key itself if missing. */
  function say(key, params = {}) {
    const template = words[key] === undefined ? key : words[key];
    return template.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  }

  const number = (value) => value.toLocaleString(lang);
  const frame = $("#lms-sco-frame");
  const controls = {
    version: $("[data-version]"),
    sco: $("[data-sco]"),
    mode: $("[data-mode]"),
  };

  const sim = {
    info: null,
    attempts: new Map(), // "version|sco" -> {data, launches, warnings}
    session: null,
    attempt: null,
    launched: null, // {version, sco}
  };

  function attemptKey() {
    return `${controls.version.value}|${controls.sco.value}`;
  }

  function currentSco() {
    return (sim.info ? sim.info.scos : []).find((sco) => sco.id === controls.sco.value) || null;
  }

  function unload() {
    return new Promise((resolve) => {
      if (!sim.launched) {
        resolve();
        return;
      }
      frame.addEventListener("load", () => resolve(), { once: true });
      frame.src = "about:blank";
    }).then(() => {
      const session = sim.session;
      if (session && session.state === "running") {
        sim.attempt.warnings.push(say("lms_closed_without_terminate",
          { n: sim.attempt.launches, call: CALLS[session.version].terminate }));
      }
      sim.launched = null;
      delete window.API;
      delete window.API_1484_11;
      render();
    });
  }

  /** Open the chosen SCO: with its kept data (fresh=false) or a new attempt (fresh=true). */
  async function launch(fresh) {
    const sco = currentSco();
    if (!sco) return;
    await unload();
    const version = controls.version.value;
    const mode = controls.mode.value;
    const key = attemptKey();
    let attempt = sim.attempts.get(key);
    if (fresh || !attempt) {
      attempt = { data: initialValues(version, mode), launches: 0, warnings: [] };
      sim.attempts.set(key, attempt);
    } else {
      const exitName = version === "1.2" ? "cmi.core.exit" : "cmi.exit";
      const entryName = version === "1.2" ? "cmi.core.entry" : "cmi.entry";
      attempt.data[entryName] = attempt.data[exitName] === "suspend" ? "resume" : "";
      delete attempt.data[exitName];
      delete attempt.data[version === "1.2" ? "cmi.core.session_time" : "cmi.session_time"];
      attempt.data[version === "1.2" ? "cmi.core.lesson_mode" : "cmi.mode"] = mode;
      attempt.data[version === "1.2" ? "cmi.core.credit" : "cmi.credit"] = mode === "normal" ? "credit" : "no-credit";
    }
    attempt.launches += 1;
    sim.attempt = attempt;
    sim.session = new Session(version, attempt.data, scheduleRender);
    if (version === "1.2") window.API = sim.session.api();
    else window.API_1484_11 = sim.session.api();
    sim.launched = { version, sco: sco.id };
    frame.src = sim.info.content[version] + sco.launch;
    render();
  }

  /* -------------------------------------------------------------- showing what was reported */

  let pending = false;
  function scheduleRender() {
    if (pending) return;
    pending = true;
    setTimeout(() => {
      pending = false;
      render();
    }, 30);
  }

  function show(name, text) {
    const element = document.querySelector(`[data-show="${name}"]`);
    if (element) element.textContent = text;
    return element;
  }

  function value(name) {
    const data = sim.attempt ? sim.attempt.data : {};
    return data[name] === undefined ? "" : String(data[name]);
  }

  function interactions(version) {
    const rows = [];
    const data = sim.attempt ? sim.attempt.data : {};
    const count = sim.session ? sim.session.countOf("cmi.interactions") : 0;
    for (let n = 0; n < count; n += 1) {
      const at = (field) => data[`cmi.interactions.${n}.${field}`] || "";
      const listed = (field) => {
        const values = [];
        for (let m = 0; data[`cmi.interactions.${n}.${field}.${m}.${field === "objectives" ? "id" : "pattern"}`] !== undefined; m += 1) {
          values.push(data[`cmi.interactions.${n}.${field}.${m}.${field === "objectives" ? "id" : "pattern"}`]);
        }
        return values.join(" | ");
      };
      rows.push({
        n,
        id: at("id"),
        type: at("type"),
        response: at(version === "1.2" ? "student_response" : "learner_response"),
        correct: listed("correct_responses"),
        result: at("result"),
        time: at(version === "1.2" ? "time" : "timestamp"),
        latency: at("latency"),
        weighting: at("weighting"),
        objectives: listed("objectives"),
      });
    }
    return rows;
  }

  function renderInteractions(version) {
    const body = document.querySelector("[data-show=interactions] tbody");
    const rows = interactions(version);
    show("interaction-count", String(rows.length));
    body.replaceChildren(...rows.map((row) => {
      const tr = document.createElement("tr");
      tr.dataset.interaction = row.id;
      for (const cell of [row.n, row.id, row.type, row.response, row.correct, row.result, row.latency, row.objectives]) {
        const td = document.createElement("td");
        td.textContent = String(cell);
        tr.appendChild(td);
      }
      return tr;
    }));
  }

  function renderSuspend(version) {
    const text = value("cmi.suspend_data");
    const size = text.length;
    const line = version === "1.2"
      ? say("lms_suspend_size_12", { size: number(size), limit: number(SUSPEND_LIMIT_12) })
      : say("lms_suspend_size_2004", { size: number(size), max: number(SUSPEND_LIMIT_2004), limit: number(SUSPEND_LIMIT_12) });
    const sizeLine = show("suspend-size", line);
    sizeLine.dataset.size = String(size);
    sizeLine.classList.toggle("lms-warning", size > SUSPEND_LIMIT_12 * 0.8);
    const meter = document.querySelector("[data-show=suspend-meter]");
    meter.setAttribute("aria-label", say("lms_suspend_meter", { n: number(SUSPEND_LIMIT_12) }));
    meter.value = Math.min(size, SUSPEND_LIMIT_12);
    let pretty = text;
    try {
      pretty = text ? JSON.stringify(JSON.parse(text), null, 1) : "";
    } catch (error) {
      pretty = text;
    }
    show("suspend-data", pretty || say("lms_empty_value"));
  }

  function problems() {
    const found = sim.attempt ? sim.attempt.warnings.slice() : [];
    if (!sim.session) return found;
    const version = sim.session.version;
    const getCall = CALLS[version].get;
    for (const entry of sim.session.log) {
      if (entry.error === "0") continue;
      // reading a value nobody has written yet (a first launch) is normal under SCORM 2004
      if (entry.call === getCall && entry.error === CODES[version].uninitialized) continue;
      found.push(say("lms_call_failed", {
        call: `${entry.call}(${entry.args.map((a) => JSON.stringify(a)).join(", ")})`,
        code: entry.error,
        message: ERRORS[version][entry.error] || "",
      }));
    }
    if (version === "1.2" && value("cmi.suspend_data").length > SUSPEND_LIMIT_12) {
      found.push(say("lms_suspend_too_long", { limit: number(SUSPEND_LIMIT_12) }));
    }
    return found;
  }

  function render() {
    const session = sim.session;
    const version = session ? session.version : controls.version.value;
    document.body.dataset.scorm = version;
    show("api", version === "1.2" ? "SCORM 1.2 (window.API)" : "SCORM 2004 (window.API_1484_11)");
    const state = session
      ? say(session.commits === 1 ? "lms_state_line_one" : "lms_state_line_many", {
        state: say(`lms_state_${session.state.replace(/ /g, "_")}`),
        n: sim.attempt.launches,
        commits: session.commits,
      })
      : say("lms_not_launched");
    show("state", state).dataset.state = session ? session.state : "";
    if (version === "1.2") {
      show("status", value("cmi.core.lesson_status"));
      show("score", [value("cmi.core.score.raw"), value("cmi.core.score.min"), value("cmi.core.score.max")].some(Boolean)
        ? say("lms_score_12", {
          raw: value("cmi.core.score.raw") || "–",
          min: value("cmi.core.score.min") || "–",
          max: value("cmi.core.score.max") || "–",
        }) : "");
      show("location", value("cmi.core.lesson_location"));
      show("entry-exit", `${value("cmi.core.entry") || say("lms_blank")} / ${value("cmi.core.exit") || say("lms_blank")}`);
      show("session-time", session ? session.sessionTime : "");
      show("total-time", value("cmi.core.total_time"));
    } else {
      show("status", value("cmi.completion_status"));
      show("success", value("cmi.success_status"));
      show("progress", value("cmi.progress_measure"));
      show("score", [value("cmi.score.raw"), value("cmi.score.scaled")].some(Boolean)
        ? say("lms_score_2004", {
          raw: value("cmi.score.raw") || "–",
          min: value("cmi.score.min") || "–",
          max: value("cmi.score.max") || "–",
          scaled: value("cmi.score.scaled") || "–",
        }) : "");
      show("location", value("cmi.location"));
      show("entry-exit", `${value("cmi.entry") || say("lms_blank")} / ${value("cmi.exit") || say("lms_blank")}`);
      show("session-time", session ? session.sessionTime : "");
      show("total-time", value("cmi.total_time"));
    }
    const last = session ? session.lastError : "0";
    show("last-error", `${last} (${ERRORS[version][last] || ""})${session && session.diagnostic ? `: ${session.diagnostic}` : ""}`)
      .dataset.code = last;
    renderSuspend(version);
    renderInteractions(version);
    const list = document.querySelector("[data-show=errors]");
    const found = problems();
    list.replaceChildren(...(found.length ? found : [say("lms_no_problems")]).map((text) => {
      const li = document.createElement("li");
      li.textContent = text;
      if (found.length) li.dataset.problem = "";
      return li;
    }));
    const log = session ? session.log : [];
    show("call-count", String(log.length));
    document.querySelector("[data-show=log]").replaceChildren(...log.slice(-400).map((entry) => {
      const li = document.createElement("li");
      li.textContent = `${entry.call}(${entry.args.map((a) => JSON.stringify(a)).join(", ")}) → ${JSON.stringify(entry.result)}`
        + (entry.error !== "0" ? ` ${say("lms_log_error", { code: entry.error })}` : "");
      if (entry.error !== "0") li.className = "lms-failed";
      return li;
    }));
  }

  /* -------------------------------------------------------------- controls */

  function fillScos() {
    const scos = sim.info.scos;
    const chosen = controls.sco.value || new URLSearchParams(location.search).get("sco");
    controls.sco.replaceChildren(...scos.map((sco) => new Option(`${sco.title} (${sco.id})`, sco.id)));
    if (scos.some((sco) => sco.id === chosen)) controls.sco.value = chosen;
    $("[data-course]").textContent = sim.info.course ? `· ${sim.info.course}` : "";
    $("[data-empty]").hidden = scos.length > 0;
  }

  async function loadInfo() {
    const response = await fetch("/_preview/info.json", { cache: "no-store" });
    sim.info = await response.json();
    fillScos();
  }

  /* After a rebuild the lesson pages inside the SCO reload by themselves; the SCO list may change too. */
  function followRebuilds() {
    let known = sim.info ? String(sim.info.version) : "";
    setInterval(async () => {
      try {
        const response = await fetch("/_preview/version", { cache: "no-store" });
        const state = await response.json();
        if (String(state.version) === known) return;
        known = String(state.version);
        await loadInfo();
        show("rebuilt", say(state.ok ? "lms_rebuilt" : "lms_rebuilt_problems", { time: new Date().toLocaleTimeString(lang) }));
      } catch (error) {
        // the preview is stopped or restarting: try again later
      }
    }, 1000);
  }

  async function start() {
    const query = new URLSearchParams(location.search);
    await loadInfo();
    const wanted = query.get("version") || (sim.info.format === "scorm2004" ? "2004" : "1.2");
    controls.version.value = wanted === "2004" ? "2004" : "1.2";
    if (query.get("mode")) controls.mode.value = query.get("mode");
    controls.version.addEventListener("change", () => launch(false));
    controls.sco.addEventListener("change", () => launch(false));
    controls.mode.addEventListener("change", () => launch(false));
    $("[data-action=relaunch]").addEventListener("click", () => launch(false));
    $("[data-action=reset]").addEventListener("click", () => launch(true));
    $("[data-action=exit]").addEventListener("click", () => unload());
    $("[data-action=refresh]").addEventListener("click", () => loadInfo());
    render();
    followRebuilds();
    if (query.get("autostart") !== "0") await launch(false);
  }

  window.DCP_LMS = { launch, unload, sim, Session };
  start();
})();
