/* One launch of a SCO in the LMS simulator: the SCORM API object it offers (`API` or
 * `API_1484_11`), with each call checked the way an LMS does (data model, access, vocabularies,
 * formats, the session's state).
 */
(function () {
  "use strict";

  const { MODEL, ERRORS, CODES, CALLS, FORMATS, pattern, seconds, formatTime } = window.DCP_LMS_MODEL;

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

  window.DCP_LMS_SESSION = Session;
})();
