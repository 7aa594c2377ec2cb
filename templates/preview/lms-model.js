/* The LMS simulator's SCORM data model: elements, access and formats for SCORM 1.2 and 2004, the
 * error codes, and time in each version's notation. Tables and pure functions only; the session
 * (lms-session.js) checks every call against them.
 */
(function () {
  "use strict";

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

  window.DCP_LMS_MODEL = {
    MODEL, ERRORS, CODES, CALLS, FORMATS, SUSPEND_LIMIT_12, pattern, initialValues, seconds, formatTime,
  };
})();
