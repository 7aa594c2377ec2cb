/* SCORM API discovery and one adapter over SCORM 1.2, SCORM 2004 and "no LMS at all".
 *
 * The tracker speaks in logical field names ("location", "suspendData", "interactions.3.response");
 * the adapter maps them to each version's CMI names. Without an LMS, a standalone adapter keeps the
 * same values (under SCORM 2004 names) in localStorage, so the web output remembers progress.
 * No call here ever throws into the page: failures are retried once, then logged with console.warn.
 */
(function () {
  "use strict";

  const DCP = (window.DCP = window.DCP || {});
  const MAX_PARENT_DEPTH = 500;

  // logical name -> [SCORM 1.2 name, SCORM 2004 name]; null where a version has no such element.
  const FIELDS = {
    entry: ["cmi.core.entry", "cmi.entry"],
    mode: ["cmi.core.lesson_mode", "cmi.mode"],
    location: ["cmi.core.lesson_location", "cmi.location"],
    suspendData: ["cmi.suspend_data", "cmi.suspend_data"],
    lessonStatus: ["cmi.core.lesson_status", null],
    completionStatus: [null, "cmi.completion_status"],
    successStatus: [null, "cmi.success_status"],
    progressMeasure: [null, "cmi.progress_measure"],
    scoreRaw: ["cmi.core.score.raw", "cmi.score.raw"],
    scoreMin: ["cmi.core.score.min", "cmi.score.min"],
    scoreMax: ["cmi.core.score.max", "cmi.score.max"],
    scoreScaled: [null, "cmi.score.scaled"],
    sessionTime: ["cmi.core.session_time", "cmi.session_time"],
    exit: ["cmi.core.exit", "cmi.exit"],
    interactionCount: ["cmi.interactions._count", "cmi.interactions._count"],
  };

  // interactions.N.<logical> -> the part after "cmi.interactions.N." in each version.
  const INTERACTION_FIELDS = {
    id: ["id", "id"],
    type: ["type", "type"],
    weighting: ["weighting", "weighting"],
    response: ["student_response", "learner_response"],
    result: ["result", "result"],
    latency: ["latency", "latency"],
    time: ["time", "timestamp"],
    description: [null, "description"],
  };

  const CALLS = {
    "1.2": {
      initialize: "LMSInitialize", terminate: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue",
      commit: "LMSCommit", lastError: "LMSGetLastError", diagnostic: "LMSGetDiagnostic",
    },
    "2004": {
      initialize: "Initialize", terminate: "Terminate", get: "GetValue", set: "SetValue",
      commit: "Commit", lastError: "GetLastError", diagnostic: "GetDiagnostic",
    },
  };

  // Reading an element nobody has written yet is normal on a first launch, not a failure.
  const QUIET_GET_ERRORS = { "1.2": ["401"], "2004": ["403"] };

  function cmiName(field, dialect) {
    if (field.startsWith("cmi.")) return field;
    const column = dialect === "1.2" ? 0 : 1;
    const nested = /^interactions\.(\d+)\.(.+)$/.exec(field);
    if (nested) {
      const [, index, rest] = nested;
      const correct = /^correct\.(\d+)$/.exec(rest);
      const objective = /^objective\.(\d+)$/.exec(rest);
      if (correct) return `cmi.interactions.${index}.correct_responses.${correct[1]}.pattern`;
      if (objective) return `cmi.interactions.${index}.objectives.${objective[1]}.id`;
      const names = INTERACTION_FIELDS[rest];
      return names && names[column] ? `cmi.interactions.${index}.${names[column]}` : null;
    }
    const names = FIELDS[field];
    return names ? names[column] : null;
  }

  /* ------------------------------------------------------------------ discovery */

  function apiIn(win, name) {
    let current = win;
    for (let depth = 0; current && depth <= MAX_PARENT_DEPTH; depth += 1) {
      try {
        if (current[name]) return current[name];
      } catch (error) {
        // a cross-origin frame: keep climbing, its parent may be ours again
      }
      let parent = null;
      try {
        parent = current.parent;
      } catch (error) {
        parent = null;
      }
      if (!parent || parent === current) return null;
      current = parent;
    }
    return null;
  }

  function openerOf(win) {
    try {
      return win.opener || (win.top && win.top.opener) || null;
    } catch (error) {
      return null;
    }
  }

  /** The LMS's API object (`API` for 1.2, `API_1484_11` for 2004): parents first, then the opener's. */
  function findApi(name, win) {
    const start = win || window;
    const found = apiIn(start, name);
    if (found) return found;
    const opener = openerOf(start);
    return opener ? apiIn(opener, name) : null;
  }

  /* ------------------------------------------------------------------ LMS adapter */

  function warn(message) {
    try {
      console.warn(`dcp-course SCORM: ${message}`);
    } catch (error) {
      // no console: nothing more we can do
    }
  }

  function lmsAdapter(api, dialect) {
    const calls = CALLS[dialect];
    let state = "new"; // new -> open -> closed
    let lastError = "0";
    let uncommitted = false; // a value set since the LMS last confirmed a Commit

    function errorCode() {
      try {
        return String(api[calls.lastError]());
      } catch (error) {
        return "101";
      }
    }

    function diagnostic(code) {
      try {
        return String(api[calls.diagnostic](code));
      } catch (error) {
        return "";
      }
    }

    function invoke(method, args) {
      try {
        return { value: api[calls[method]](...args), code: errorCode() };
      } catch (error) {
        return { value: "false", code: "101", thrown: String(error) };
      }
    }

    function failed(method, outcome) {
      if (method === "get") return outcome.code !== "0" && outcome.code !== "";
      return String(outcome.value) !== "true" || (outcome.code !== "0" && outcome.code !== "");
    }

    /* One call with one retry; a failure is logged and reported as a value, never thrown. */
    function call(method, args) {
      let outcome = invoke(method, args);
      if (method === "get" && QUIET_GET_ERRORS[dialect].includes(outcome.code)) {
        return { ok: true, value: "" };
      }
      if (failed(method, outcome)) outcome = invoke(method, args);
      if (!failed(method, outcome)) {
        lastError = "0";
        return { ok: true, value: outcome.value };
      }
      lastError = outcome.code;
      const detail = outcome.thrown || diagnostic(outcome.code);
      warn(`${calls[method]}(${args.map((a) => JSON.stringify(a)).join(", ")}) failed: `
        + `error ${outcome.code}${detail ? ` (${detail})` : ""}`);
      return { ok: false, value: method === "get" ? "" : "false" };
    }

    return {
      kind: dialect === "1.2" ? "scorm12" : "scorm2004",
      dialect,
      initialize() {
        if (state !== "new") return state === "open";
        const ok = call("initialize", [""]).ok;
        state = ok ? "open" : "closed";
        return ok;
      },
      get(field) {
        const name = cmiName(field, dialect);
        if (state !== "open" || !name) return "";
        return String(call("get", [name]).value ?? "");
      },
      set(field, value) {
        const name = cmiName(field, dialect);
        if (state !== "open") return false;
        if (!name) return true; // this version has no such element: nothing to record
        const ok = call("set", [name, String(value)]).ok;
        if (ok) uncommitted = true;
        return ok;
      },
      commit() {
        const ok = state === "open" && call("commit", [""]).ok;
        if (ok) uncommitted = false;
        return ok;
      },
      hasUncommitted() {
        return state === "open" && uncommitted;
      },
      terminate() {
        if (state !== "open") return false;
        state = "closed";
        return call("terminate", [""]).ok;
      },
      lastError() {
        return lastError;
      },
    };
  }

  /* ------------------------------------------------------------------ standalone adapter */

  function storage() {
    try {
      const probe = "dcp-course:probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null; // storage blocked (privacy mode, sandboxed frame): remember for this page only
    }
  }

  function storageKey(config) {
    return `dcp-course:${config.course}@${config.version}:${config.runtime}:${config.id}`;
  }

  /** Keeps the CMI values of one SCO (or the whole course) in localStorage, SCORM 2004 names. */
  function standaloneAdapter(config) {
    const store = storage();
    const key = storageKey(config);
    let values = {};
    let open = false;
    let uncommitted = false;

    function load() {
      try {
        const text = store && store.getItem(key);
        const parsed = text ? JSON.parse(text) : {};
        return parsed && typeof parsed === "object" ? parsed : {};
      } catch (error) {
        return {};
      }
    }

    function save() {
      try {
        if (store) store.setItem(key, JSON.stringify(values));
        return true;
      } catch (error) {
        warn(`could not save progress in this browser: ${error}`);
        return false;
      }
    }

    return {
      kind: "standalone",
      dialect: "2004",
      storageKey: key,
      initialize() {
        values = load();
        values["cmi.entry"] = values["cmi.suspend_data"] ? "resume" : "ab-initio";
        open = true;
        return true;
      },
      get(field) {
        const name = cmiName(field, "2004");
        if (!open || !name) return "";
        if (name === "cmi.interactions._count") return "0";
        if (name === "cmi.mode") return "normal";
        return values[name] === undefined ? "" : String(values[name]);
      },
      set(field, value) {
        const name = cmiName(field, "2004");
        // interactions are a journal for an LMS to report on; without one they would only pile up
        if (!open || !name || name.startsWith("cmi.interactions.")) return open;
        values[name] = String(value);
        uncommitted = true;
        return true;
      },
      commit() {
        const saved = open && save();
        if (saved) uncommitted = false;
        return saved;
      },
      hasUncommitted() {
        return open && uncommitted;
      },
      terminate() {
        const saved = open && save();
        open = false;
        return saved;
      },
      lastError() {
        return "0";
      },
    };
  }

  /**
   * The adapter for one SCO: the LMS's API when one is found for this runtime, else standalone.
   * A cmi5 adapter (cmi5.js) starts asynchronously: it carries a `ready` promise to wait for.
   */
  function connect(config) {
    if (config.runtime === "cmi5") {
      const cmi5 = DCP.cmi5 ? DCP.cmi5.connect(config) : null;
      return cmi5 || standaloneAdapter(config);
    }
    const dialect = { scorm12: "1.2", scorm2004: "2004" }[config.runtime];
    const api = dialect ? findApi(dialect === "1.2" ? "API" : "API_1484_11") : null;
    return api ? lmsAdapter(api, dialect) : standaloneAdapter(config);
  }

  DCP.scorm = { connect, findApi, lmsAdapter, standaloneAdapter, cmiName };
})();
