/* A minimal LMS for the browser tests: scorm-again as the SCORM API, the SCO in an iframe.
 *
 * window.lms.log records every API call the SCO makes (arguments, result, error code), so the tests
 * can assert exactly what the content sent; window.lms.cmi() is scorm-again's own view of the data.
 */
(function () {
  "use strict";

  const CALLS = {
    "1.2": ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit"],
    "2004": ["Initialize", "Terminate", "GetValue", "SetValue", "Commit"],
  };
  const ERRORS = {
    "1.2": ["LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"],
    "2004": ["GetLastError", "GetErrorString", "GetDiagnostic"],
  };

  const lms = { log: [], api: null, version: null };

  lms.start = function start(options) {
    const settings = { autocommit: false, lmsCommitUrl: false, logLevel: 5 };
    const version = options.version;
    const api = version === "1.2" ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
    if (options.preload) api.loadFromFlattenedJSON(options.preload);
    const lastError = ERRORS[version][0];
    const facade = {};
    for (const name of CALLS[version]) {
      facade[name] = function (...args) {
        const result = api[name](...args);
        lms.log.push({ call: name, args, result: String(result), error: String(api[lastError]()) });
        return result;
      };
    }
    for (const name of ERRORS[version]) facade[name] = (...args) => api[name](...args);
    lms.api = api;
    lms.version = version;
    if (version === "1.2") window.API = facade;
    else window.API_1484_11 = facade;
    const frame = document.createElement("iframe");
    frame.id = "sco";
    frame.title = "Course content";
    frame.src = options.launch;
    document.getElementById("stage").appendChild(frame);
  };

  /* The learner leaves: the SCO's document goes away, as when an LMS closes its frame. */
  lms.exit = function exit() {
    document.getElementById("sco").src = "about:blank";
  };

  lms.calls = (name) => lms.log.filter((entry) => entry.call === name);
  lms.cmi = () => JSON.parse(JSON.stringify(lms.api.renderCommitCMI(true)));

  window.lms = lms;
})();
