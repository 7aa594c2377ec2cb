/* The dcp-course preview's LMS simulator: a small SCORM 1.2 and 2004 runtime and a live view of it.
 *
 * It offers `window.API` (SCORM 1.2) or `window.API_1484_11` (SCORM 2004) to the SCO it loads in
 * an iframe, checks each call the way an LMS does (data model, read/write access, vocabularies,
 * formats, the session's state) and shows what the course has reported. Each SCO keeps its own
 * learner data for the whole visit: Relaunch opens it again with that data (entry is "resume" when
 * the SCO last exited with "suspend"), Reset attempt starts it afresh. No build step, no library.
 */
(function () {
  "use strict";

  /* ------------------------------------------------------------------ data model */

  // Element patterns ("n" and "m" stand for indices) -> access, format and, for some, a fixed value.
  const MODEL = {
    "1.2": {
      "cmi.core._children": { access: "r", keyword: "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time" },
      "cmi.core.student_id": { access: "r" },
      "cmi.core.student_name": { access: "r" },
      "cmi.core.lesson_location": { access: "rw", format: "text", max: 255 },
      "cmi.core.credit": { access: "r" },
      "cmi.core.lesson_status": { access: "rw", vocab: ["passed", "completed", "failed", "incomplete", "browsed"] },
      "cmi.core.entry": { access: "r" },
      "cmi.core.score._children": { access: "r", keyword: "raw,min,max" },
      "cmi.core.score.raw": { access: "rw", format: "score" },
      "cmi.core.score.min": { access: "rw", format: "score" },
      "cmi.core.score.max": { access: "rw", format: "score" },
      "cmi.core.total_time": { access: "r" },
      "cmi.core.lesson_mode": { access: "r" },
      "cmi.core.exit": { access: "w", vocab: ["time-out", "suspend", "logout", ""] },
      "cmi.core.session_time": { access: "w", format: "timespan" },
      "cmi.suspend_data": { access: "rw", format: "text", max: 4096 },
      "cmi.launch_data": { access: "r" },
      "cmi.comments": { access: "rw", format: "text", max: 4096 },
      "cmi.comments_from_lms": { access: "r" },
      "cmi.objectives._children": { access: "r", keyword: "id,score,status" },
      "cmi.objectives._count": { access: "r", count: "cmi.objectives" },
      "cmi.objectives.n.id": { access: "rw", format: "identifier" },
      "cmi.objectives.n.score._children": { access: "r", keyword: "raw,min,max" },
      "cmi.objectives.n.score.raw": { access: "rw", format: "score" },
      "cmi.objectives.n.score.min": { access: "rw", format: "score" },
      "cmi.objectives.n.score.max": { access: "rw", format: "score" },
      "cmi.objectives.n.status": { access: "rw", vocab: ["passed", "completed", "failed", "incomplete", "browsed", "not attempted"] },
      "cmi.student_data._children": { access: "r", keyword: "mastery_score,max_time_allowed,time_limit_action" },
      "cmi.student_data.mastery_score": { access: "r" },
      "cmi.student_data.max_time_allowed": { access: "r" },
      "cmi.student_data.time_limit_action": { access: "r" },
      "cmi.student_preference._children": { access: "r", keyword: "audio,language,speed,text" },
      "cmi.student_preference.audio": { access: "rw", format: "number" },
      "cmi.student_preference.language": { access: "rw", format: "text", max: 255 },
      "cmi.student_preference.speed": { access: "rw", format: "number" },
      "cmi.student_preference.text": { access: "rw", format: "number" },
      "cmi.interactions._children": { access: "r", keyword: "id,objectives,time,type,correct_responses,weighting,student_response,result,latency" },
      "cmi.interactions._count": { access: "r", count: "cmi.interactions" },
      "cmi.interactions.n.id": { access: "w", format: "identifier" },
      "cmi.interactions.n.objectives._count": { access: "r", count: "objectives" },
      "cmi.interactions.n.objectives.m.id": { access: "w", format: "identifier" },
      "cmi.interactions.n.time": { access: "w", format: "time" },
      "cmi.interactions.n.type": { access: "w", vocab: ["true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric"] },
      "cmi.interactions.n.correct_responses._count": { access: "r", count: "correct_responses" },
      "cmi.interactions.n.correct_responses.m.pattern": { access: "w", format: "text", max: 255 },
      "cmi.interactions.n.weighting": { access: "w", format: "number" },
      "cmi.interactions.n.student_response": { access: "w", format: "text", max: 255 },
      "cmi.interactions.n.result": { access: "w", vocab: ["correct", "wrong", "unanticipated", "neutral"], orNumber: true },
      "cmi.interactions.n.latency": { access: "w", format: "timespan" },
    },
    "2004": {
      "cmi._version": { access: "r" },
      "cmi.comments_from_learner._children": { access: "r", keyword: "comment,location,timestamp" },
      "cmi.comments_from_learner._count": { access: "r", count: "cmi.comments_from_learner" },
      "cmi.comments_from_learner.n.comment": { access: "rw", format: "text", max: 4000 },
      "cmi.comments_from_learner.n.location": { access: "rw", format: "text", max: 250 },
      "cmi.comments_from_learner.n.timestamp": { access: "rw", format: "timestamp" },
      "cmi.comments_from_lms._children": { access: "r", keyword: "comment,location,timestamp" },
      "cmi.comments_from_lms._count": { access: "r", count: "cmi.comments_from_lms" },
      "cmi.completion_status": { access: "rw", vocab: ["completed", "incomplete", "not attempted", "unknown"] },
      "cmi.completion_threshold": { access: "r" },
      "cmi.credit": { access: "r" },
      "cmi.entry": { access: "r" },
      "cmi.exit": { access: "w", vocab: ["time-out", "suspend", "logout", "normal", ""] },
      "cmi.interactions._children": { access: "r", keyword: "id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description" },
      "cmi.interactions._count": { access: "r", count: "cmi.interactions" },
      "cmi.interactions.n.id": { access: "rw", format: "uri" },
      "cmi.interactions.n.type": { access: "rw", vocab: ["true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing", "likert", "numeric", "other"] },
      "cmi.interactions.n.objectives._count": { access: "r", count: "objectives" },
      "cmi.interactions.n.objectives.m.id": { access: "rw", format: "uri" },
      "cmi.interactions.n.timestamp": { access: "rw", format: "timestamp" },
      "cmi.interactions.n.correct_responses._count": { access: "r", count: "correct_responses" },
      "cmi.interactions.n.correct_responses.m.pattern": { access: "rw", format: "text", max: 4000 },
      "cmi.interactions.n.weighting": { access: "rw", format: "number" },
      "cmi.interactions.n.learner_response": { access: "rw", format: "text", max: 4000 },
      "cmi.interactions.n.result": { access: "rw", vocab: ["correct", "incorrect", "unanticipated", "neutral"], orNumber: true },
      "cmi.interactions.n.latency": { access: "rw", format: "interval" },
      "cmi.interactions.n.description": { access: "rw", format: "text", max: 250 },
      "cmi.launch_data": { access: "r" },
      "cmi.learner_id": { access: "r" },
      "cmi.learner_name": { access: "r" },
      "cmi.learner_preference._children": { access: "r", keyword: "audio_level,language,delivery_speed,audio_captioning" },
      "cmi.learner_preference.audio_level": { access: "rw", format: "number", low: 0 },
      "cmi.learner_preference.language": { access: "rw", format: "text", max: 250 },
      "cmi.learner_preference.delivery_speed": { access: "rw", format: "number", low: 0 },
      "cmi.learner_preference.audio_captioning": { access: "rw", vocab: ["-1", "0", "1"] },
      "cmi.location": { access: "rw", format: "text", max: 1000 },
      "cmi.max_time_allowed": { access: "r" },
      "cmi.mode": { access: "r" },
      "cmi.objectives._children": { access: "r", keyword: "id,score,success_status,completion_status,progress_measure,description" },
      "cmi.objectives._count": { access: "r", count: "cmi.objectives" },
      "cmi.objectives.n.id": { access: "rw", format: "uri" },
      "cmi.objectives.n.score._children": { access: "r", keyword: "scaled,raw,min,max" },
      "cmi.objectives.n.score.scaled": { access: "rw", format: "number", low: -1, high: 1 },
      "cmi.objectives.n.score.raw": { access: "rw", format: "number" },
      "cmi.objectives.n.score.min": { access: "rw", format: "number" },
      "cmi.objectives.n.score.max": { access: "rw", format: "number" },
      "cmi.objectives.n.success_status": { access: "rw", vocab: ["passed", "failed", "unknown"] },
      "cmi.objectives.n.completion_status": { access: "rw", vocab: ["completed", "incomplete", "not attempted", "unknown"] },
      "cmi.objectives.n.progress_measure": { access: "rw", format: "number", low: 0, high: 1 },
      "cmi.objectives.n.description": { access: "rw", format: "text", max: 250 },
      "cmi.progress_measure": { access: "rw", format: "number", low: 0, high: 1 },
      "cmi.scaled_passing_score": { access: "r" },
      "cmi.score._children": { access: "r", keyword: "scaled,raw,min,max" },
      "cmi.score.scaled": { access: "rw", format: "number", low: -1, high: 1 },
      "cmi.score.raw": { access: "rw", format: "number" },
      "cmi.score.min": { access: "rw", format: "number" },
      "cmi.score.max": { access: "rw", format: "number" },
      "cmi.session_time": { access: "w", format: "interval" },
      "cmi.success_status": { access: "rw", vocab: ["passed", "failed", "unknown"] },
      "cmi.suspend_data": { access: "rw", format: "text", max: 64000 },
      "cmi.time_limit_action": { access: "r" },
      "cmi.total_time": { access: "r" },
      "adl.nav.request": { access: "rw", format: "text", max: 4000 },
    },
  };

  const ERRORS = {
    "1.2": {
      "0": "No error", "101": "General exception", "201": "Invalid argument error",
      "202": "Element cannot have children", "203": "Element not an array - cannot have count",
      "301": "Not initialized", "401": "Not implemented error",
      "402": "Invalid set value, element is a keyword", "403": "Element is read only",
      "404": "Element is write only", "405": "Incorrect data type",
    },
    "2004": {
      "0": "No error", "101": "General exception", "102": "General initialization failure",
      "103": "Already initialized", "104": "Content instance terminated", "111": "General termination failure",
      "112": "Termination before initialization", "113": "Termination after termination",
      "122": "Retrieve data before initialization", "123": "Retrieve data after termination",
      "132": "Store data before initialization", "133": "Store data after termination",
      "142": "Commit before initialization", "143": "Commit after termination",
      "201": "General argument error", "301": "General get failure", "351": "General set failure",
      "391": "General commit failure", "401": "Undefined data model element",
      "402": "Unimplemented data model element", "403": "Data model element value not initialized",
      "404": "Data model element is read only", "405": "Data model element is write only",
      "406": "Data model element type mismatch", "407": "Data model element value out of range",
      "408": "Data model dependency not established",
    },
  };

  // The error code each kind of failure gets in each version.
  const CODES = {
    "1.2": {
      undefined: "201", readOnly: "403", writeOnly: "404", keyword: "402", type: "405", range: "405",
      index: "201", dependency: "201", notInitialized: "301", uninitialized: "0",
      getBefore: "301", getAfter: "301", setBefore: "301", setAfter: "301",
      commitBefore: "301", commitAfter: "301", finishBefore: "301", finishAfter: "301",
      initTwice: "101", initAfter: "101", argument: "201",
    },
    "2004": {
      undefined: "401", readOnly: "404", writeOnly: "405", keyword: "404", type: "406", range: "407",
      index: "351", dependency: "408", uninitialized: "403",
      getBefore: "122", getAfter: "123", setBefore: "132", setAfter: "133",
      commitBefore: "142", commitAfter: "143", finishBefore: "112", finishAfter: "113",
      initTwice: "103", initAfter: "104", argument: "201",
    },
  };

  const CALLS = {
    "1.2": { initialize: "LMSInitialize", terminate: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue",
      commit: "LMSCommit", lastError: "LMSGetLastError", errorString: "LMSGetErrorString", diagnostic: "LMSGetDiagnostic" },
    "2004": { initialize: "Initialize", terminate: "Terminate", get: "GetValue", set: "SetValue",
      commit: "Commit", lastError: "GetLastError", errorString: "GetErrorString", diagnostic: "GetDiagnostic" },
  };

  const FORMATS = {
    timespan: /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/,
    time: /^\d{2}:\d{2}:\d{2}(\.\d{1,2})?$/,
    interval: /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/,
    timestamp: /^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,2})?)?)?(Z|[+-]\d{2}(:\d{2})?)?)?)?)?$/,
    identifier: /^[^\s]{1,255}$/,
    uri: /^[^\s]{1,4000}$/,
    number: /^-?(\d+(\.\d*)?|\.\d+)$/,
  };

  const SUSPEND_LIMIT_12 = 4096;

  /** An element name as its pattern ("cmi.interactions.3.id" -> "cmi.interactions.n.id") and its indices. */
  function pattern(name) {
    const indices = [];
    const letters = ["n", "m"];
    const generic = name.replace(/\.(\d+)(?=\.)/g, (_, digits) => {
      indices.push(Number(digits));
      return `.${letters[indices.length - 1] || "x"}`;
    });
    return { generic, indices };
  }

  function initialValues(version, mode) {
    if (version === "1.2") {
      return {
        "cmi.core.student_id": "preview-learner",
        "cmi.core.student_name": "Learner, Preview",
        "cmi.core.credit": mode === "normal" ? "credit" : "no-credit",
        "cmi.core.lesson_status": "not attempted",
        "cmi.core.entry": "ab-initio",
        "cmi.core.total_time": "0000:00:00",
        "cmi.core.lesson_mode": mode,
        "cmi.launch_data": "",
        "cmi.comments_from_lms": "",
      };
    }
    return {
      "cmi._version": "1.0",
      "cmi.completion_status": "unknown",
      "cmi.credit": mode === "normal" ? "credit" : "no-credit",
      "cmi.entry": "ab-initio",
      "cmi.learner_id": "preview-learner",
      "cmi.learner_name": "Learner, Preview",
      "cmi.mode": mode,
      "cmi.success_status": "unknown",
      "cmi.total_time": "PT0S",
      "cmi.launch_data": "",
    };
  }

  /* ------------------------------------------------------------------ time */

  function seconds(version, text) {
    if (!text) return 0;
    if (version === "1.2") {
      const [h, m, s] = text.split(":");
      return Number(h) * 3600 + Number(m) * 60 + Number(s);
    }
    const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(text);
    if (!match) return 0;
    const [, y, mo, d, h, mi, s] = match.map((v) => Number(v || 0));
    return ((y * 365 + mo * 30 + d) * 24 + h) * 3600 + mi * 60 + s;
  }

  function formatTime(version, total) {
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor(total / 60) % 60;
    const secs = Math.round((total % 60) * 100) / 100;
    if (version === "1.2") {
      const whole = Math.floor(secs);
      const centis = Math.round((secs - whole) * 100);
      return `${String(hours).padStart(4, "0")}:${String(minutes).padStart(2, "0")}:`
        + `${String(whole).padStart(2, "0")}.${String(centis).padStart(2, "0")}`;
    }
    return `PT${hours ? `${hours}H` : ""}${minutes ? `${minutes}M` : ""}${secs}S`;
  }

  /* ------------------------------------------------------------------ one launch of a SCO */

  class Session {
    constructor(version, data, onChange) {
      this.version = version;
      this.data = data; // element name -> value; shared with the attempt, so relaunches keep it
      this.onChange = onChange;
      this.state = "not initialized"; // -> "running" -> "terminated"
      this.lastError = "0";
      this.diagnostic = "";
      this.log = [];
      this.commits = 0;
      this.sessionTime = "";
    }

    fail(kind, detail) {
      this.lastError = CODES[this.version][kind];
      this.diagnostic = detail || "";
      return false;
    }

    ok() {
      this.lastError = "0";
      this.diagnostic = "";
      return true;
    }

    record(call, args, result) {
      this.log.push({ call, args, result: String(result), error: this.lastError, at: Date.now() });
      this.onChange();
      return result;
    }

    initialize(argument) {
      if (argument !== "" && argument !== undefined) return this.fail("argument", "the argument must be an empty string");
      if (this.state === "running") return this.fail("initTwice", "the session is already initialized");
      if (this.state === "terminated") return this.fail("initAfter", "the session has been terminated");
      this.state = "running";
      return this.ok();
    }

    terminate(argument) {
      if (argument !== "" && argument !== undefined) return this.fail("argument", "the argument must be an empty string");
      if (this.state === "not initialized") return this.fail("finishBefore", "call Initialize first");
      if (this.state === "terminated") return this.fail("finishAfter", "the session has already been terminated");
      this.state = "terminated";
      const total = this.version === "1.2" ? "cmi.core.total_time" : "cmi.total_time";
      const sessionName = this.version === "1.2" ? "cmi.core.session_time" : "cmi.session_time";
      const added = seconds(this.version, this.data[sessionName] || "");
      this.data[total] = formatTime(this.version, seconds(this.version, this.data[total]) + added);
      this.commits += 1;
      return this.ok();
    }

    commit(argument) {
      if (argument !== "" && argument !== undefined) return this.fail("argument", "the argument must be an empty string");
      if (this.state === "not initialized") return this.fail("commitBefore", "call Initialize first");
      if (this.state === "terminated") return this.fail("commitAfter", "the session has been terminated");
      this.commits += 1;
      return this.ok();
    }

    count(name, indices, generic) {
      const definition = MODEL[this.version][generic];
      let prefix = definition.count;
      if (prefix === "objectives") prefix = `cmi.interactions.${indices[0]}.objectives`;
      if (prefix === "correct_responses") prefix = `cmi.interactions.${indices[0]}.correct_responses`;
      return this.countOf(prefix);
    }

    countOf(prefix) {
      const escaped = prefix.replace(/\./g, "\\.");
      const matcher = new RegExp(`^${escaped}\\.(\\d+)\\.`);
      let count = 0;
      for (const key of Object.keys(this.data)) {
        const found = matcher.exec(key);
        if (found) count = Math.max(count, Number(found[1]) + 1);
      }
      return count;
    }

    /** Like fail(), for GetValue: the value returned with an error is always the empty string. */
    failGet(kind, detail) {
      this.fail(kind, detail);
      return "";
    }

    getValue(name) {
      if (this.state === "not initialized") return this.failGet("getBefore", "call Initialize first");
      if (this.state === "terminated") return this.failGet("getAfter", "the session has been terminated");
      const { generic, indices } = pattern(String(name));
      const definition = MODEL[this.version][generic];
      if (!definition) return this.failGet("undefined", `${name} is not in the SCORM ${this.version} data model`);
      if (definition.access === "w") return this.failGet("writeOnly", `${name} can be set but not read`);
      if (definition.keyword) {
        this.ok();
        return definition.keyword;
      }
      if (definition.count) {
        this.ok();
        return String(this.count(name, indices, generic));
      }
      if (this.data[name] === undefined) {
        const code = CODES[this.version].uninitialized;
        if (code !== "0") return this.failGet("uninitialized", `${name} has no value yet`);
        this.ok();
        return "";
      }
      this.ok();
      return String(this.data[name]);
    }

    setValue(name, raw) {
      if (this.state === "not initialized") return this.fail("setBefore", "call Initialize first");
      if (this.state === "terminated") return this.fail("setAfter", "the session has been terminated");
      const value = String(raw);
      const { generic, indices } = pattern(String(name));
      const definition = MODEL[this.version][generic];
      if (!definition) return this.fail("undefined", `${name} is not in the SCORM ${this.version} data model`);
      if (definition.keyword || definition.count) return this.fail("keyword", `${name} is a keyword`);
      if (definition.access === "r") return this.fail("readOnly", `${name} is read only`);
      const problem = this.checkIndices(name, generic, indices) || this.checkValue(definition, value);
      if (problem) return this.fail(problem[0], `${name}: ${problem[1]}`);
      this.data[name] = value;
      if (name === "cmi.core.session_time" || name === "cmi.session_time") this.sessionTime = value;
      return this.ok();
    }

    checkIndices(name, generic, indices) {
      if (!indices.length) return null;
      const parts = generic.split(".");
      const listAt = parts.indexOf("n");
      const list = parts.slice(0, listAt).join(".");
      const count = this.countOf(list);
      if (indices[0] > count) return ["index", `index ${indices[0]} skips ahead: ${list}._count is ${count}`];
      const isNew = indices[0] === count;
      if (this.version === "2004" && isNew && !/\.n\.id$/.test(generic) && list !== "cmi.comments_from_learner") {
        return ["dependency", "set the id of a new entry first"];
      }
      if (indices.length > 1) {
        const inner = parts.slice(0, parts.indexOf("m")).join(".").replace(".n.", `.${indices[0]}.`);
        const innerCount = this.countOf(inner);
        if (indices[1] > innerCount) return ["index", `index ${indices[1]} skips ahead: ${inner}._count is ${innerCount}`];
      }
      return null;
    }

    checkValue(definition, value) {
      if (definition.vocab) {
        if (definition.vocab.includes(value)) return null;
        if (definition.orNumber && FORMATS.number.test(value)) return null;
        return ["type", `"${value}" is not one of ${definition.vocab.map((v) => `"${v}"`).join(", ")}`];
      }
      switch (definition.format) {
        case "text":
          if (this.version === "1.2" && value.length > definition.max) {
            return ["type", `${value.length} characters; SCORM 1.2 allows ${definition.max}`];
          }
          return null;
        case "score": {
          if (value === "") return null;
          if (!FORMATS.number.test(value)) return ["type", `"${value}" is not a number`];
          const number = Number(value);
          return number < 0 || number > 100 ? ["range", `${value} is outside 0 to 100`] : null;
        }
        case "number": {
          if (!FORMATS.number.test(value)) return ["type", `"${value}" is not a number`];
          const number = Number(value);
          if (definition.low !== undefined && number < definition.low) return ["range", `${value} is below ${definition.low}`];
          if (definition.high !== undefined && number > definition.high) return ["range", `${value} is above ${definition.high}`];
          return null;
        }
        case undefined:
          return null;
        default:
          return FORMATS[definition.format].test(value) ? null : ["type", `"${value}" is not a valid ${definition.format}`];
      }
    }

    /** The API object a SCO finds: each call checked, logged and answered as the version says. */
    api() {
      const calls = CALLS[this.version];
      const session = this;
      const truth = (ok) => (ok ? "true" : "false");
      const api = {};
      api[calls.initialize] = (arg) => session.record(calls.initialize, [arg], truth(session.initialize(arg)));
      api[calls.terminate] = (arg) => session.record(calls.terminate, [arg], truth(session.terminate(arg)));
      api[calls.commit] = (arg) => session.record(calls.commit, [arg], truth(session.commit(arg)));
      api[calls.get] = (name) => session.record(calls.get, [name], session.getValue(name));
      api[calls.set] = (name, value) => session.record(calls.set, [name, value], truth(session.setValue(name, value)));
      api[calls.lastError] = () => session.lastError;
      api[calls.errorString] = (code) => ERRORS[session.version][String(code)] || "";
      api[calls.diagnostic] = (code) => (code === undefined || code === "" || String(code) === session.lastError
        ? session.diagnostic : ERRORS[session.version][String(code)] || "");
      return Object.freeze(api);
    }
  }

  /* ------------------------------------------------------------------ the simulator page */

  const $ = (selector) => document.querySelector(selector);
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
        sim.attempt.warnings.push(`Launch ${sim.attempt.launches}: the SCO was closed without calling `
          + `${CALLS[session.version].terminate}, so nothing after its last commit would reach a real LMS.`);
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
      ? `${size.toLocaleString("en")} of ${SUSPEND_LIMIT_12.toLocaleString("en")} characters`
      : `${size.toLocaleString("en")} characters (SCORM 2004 allows 64,000; the same course as SCORM 1.2 gets ${SUSPEND_LIMIT_12.toLocaleString("en")})`;
    const sizeLine = show("suspend-size", line);
    sizeLine.dataset.size = String(size);
    sizeLine.classList.toggle("lms-warning", size > SUSPEND_LIMIT_12 * 0.8);
    const meter = document.querySelector("[data-show=suspend-meter]");
    meter.value = Math.min(size, SUSPEND_LIMIT_12);
    let pretty = text;
    try {
      pretty = text ? JSON.stringify(JSON.parse(text), null, 1) : "";
    } catch (error) {
      pretty = text;
    }
    show("suspend-data", pretty || "(empty)");
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
      found.push(`${entry.call}(${entry.args.map((a) => JSON.stringify(a)).join(", ")}) → error ${entry.error}: `
        + `${ERRORS[version][entry.error] || ""}`);
    }
    if (version === "1.2" && value("cmi.suspend_data").length > SUSPEND_LIMIT_12) {
      found.push(`Suspend data is longer than the ${SUSPEND_LIMIT_12} characters SCORM 1.2 allows.`);
    }
    return found;
  }

  function render() {
    const session = sim.session;
    const version = session ? session.version : controls.version.value;
    document.body.dataset.scorm = version;
    show("api", version === "1.2" ? "SCORM 1.2 (window.API)" : "SCORM 2004 (window.API_1484_11)");
    const state = session
      ? `${session.state} · launch ${sim.attempt.launches} · ${session.commits} commit${session.commits === 1 ? "" : "s"}`
      : "not launched";
    show("state", state).dataset.state = session ? session.state : "";
    if (version === "1.2") {
      show("status", value("cmi.core.lesson_status"));
      show("score", [value("cmi.core.score.raw"), value("cmi.core.score.min"), value("cmi.core.score.max")].some(Boolean)
        ? `${value("cmi.core.score.raw") || "–"} (min ${value("cmi.core.score.min") || "–"}, max ${value("cmi.core.score.max") || "–"})` : "");
      show("location", value("cmi.core.lesson_location"));
      show("entry-exit", `${value("cmi.core.entry") || "(blank)"} / ${value("cmi.core.exit") || "(blank)"}`);
      show("session-time", session ? session.sessionTime : "");
      show("total-time", value("cmi.core.total_time"));
    } else {
      show("status", value("cmi.completion_status"));
      show("success", value("cmi.success_status"));
      show("progress", value("cmi.progress_measure"));
      show("score", [value("cmi.score.raw"), value("cmi.score.scaled")].some(Boolean)
        ? `${value("cmi.score.raw") || "–"} (min ${value("cmi.score.min") || "–"}, max ${value("cmi.score.max") || "–"}, scaled ${value("cmi.score.scaled") || "–"})` : "");
      show("location", value("cmi.location"));
      show("entry-exit", `${value("cmi.entry") || "(blank)"} / ${value("cmi.exit") || "(blank)"}`);
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
    list.replaceChildren(...(found.length ? found : ["None so far."]).map((text) => {
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
        + (entry.error !== "0" ? ` [error ${entry.error}]` : "");
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
        show("rebuilt", `Rebuilt at ${new Date().toLocaleTimeString("en-GB")}${state.ok ? "" : " with problems"}: `
          + "open lesson pages reload by themselves; Relaunch to start the SCO again with the new build.");
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
