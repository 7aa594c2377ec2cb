/* The test player (player.js) made to save the way Moodle's SCORM player does, for the unload tests.
 *
 * Moodle's SCORM 2004 player sends each Commit and Terminate to its server with the whole CMI data
 * model, interactions included (here SCORM 1.2's LMSCommit/LMSFinish are treated the same way, the
 * stricter case); while the page is unloading it sends them with
 * navigator.sendBeacon, and Chromium refuses beacons beyond 64 KiB in flight per page. Here every
 * save that the LMS would send is "received" by writing it to localStorage (which outlives the
 * page, like a server): saves made before unload always arrive; saves made during unload arrive
 * only while the beacons sent so far, this one included, stay within the budget. A refused beacon
 * is recorded as lost, with its size, so a test can say why. Nothing is released during unload:
 * a closing page has no time to see its beacons complete, so the budget is the whole unload's.
 */
(function () {
  "use strict";

  const lms = window.lms;
  const STORE = "beacon-lms:saves";
  const UNLOAD_CALLS = "beacon-lms:unload-calls"; // every API call the SCO made while unloading
  const DEFAULT_BUDGET = 64 * 1024; // bytes of beacons in flight that Chromium allows per page
  const SAVES = { "1.2": ["LMSCommit", "LMSFinish"], "2004": ["Commit", "Terminate"] };
  const model = { unloading: false, budget: DEFAULT_BUDGET, inFlight: 0 };

  function saves() {
    return JSON.parse(window.localStorage.getItem(STORE) || "[]");
  }

  function record(entry) {
    const list = saves();
    list.push(entry);
    window.localStorage.setItem(STORE, JSON.stringify(list));
  }

  function bytes(text) {
    return new TextEncoder().encode(text).length;
  }

  /* The whole data model as the LMS sends it, total time added when terminating. */
  function render(terminating) {
    return JSON.stringify(lms.api.renderCommitCMI(terminating));
  }

  function send(call, payload) {
    const size = bytes(payload);
    const entry = { call, unloading: model.unloading, bytes: size, arrived: true, cmi: JSON.parse(payload) };
    if (model.unloading) {
      entry.arrived = model.inFlight + size <= model.budget;
      if (entry.arrived) model.inFlight += size;
      else delete entry.cmi; // refused by the browser: the LMS never sees it
    }
    record(entry);
  }

  /* The player's own log goes with the page; what the SCO called during unload is kept here. */
  function keepUnloadCalls(facade) {
    for (const [call, inner] of Object.entries(facade)) {
      facade[call] = function logged(...args) {
        const result = inner.apply(this, args);
        if (model.unloading) {
          const list = JSON.parse(window.localStorage.getItem(UNLOAD_CALLS) || "[]");
          list.push({ call, args, result: String(result) });
          window.localStorage.setItem(UNLOAD_CALLS, JSON.stringify(list));
        }
        return result;
      };
    }
  }

  const start = lms.start;
  lms.start = function startWithBeacons(options) {
    window.localStorage.removeItem(STORE);
    window.localStorage.removeItem(UNLOAD_CALLS);
    model.budget = typeof options.beaconBudget === "number" ? options.beaconBudget : DEFAULT_BUDGET;
    start(options);
    const facade = options.version === "1.2" ? window.API : window.API_1484_11;
    const [commit, terminate] = SAVES[options.version];
    for (const call of [commit, terminate]) {
      const inner = facade[call];
      facade[call] = function save(...args) {
        // rendered before the call: the runtime moves session time into the total once terminated
        const payload = render(call === terminate);
        const result = inner.apply(this, args);
        if (String(result) === "true") send(call, payload);
        return result;
      };
    }
    keepUnloadCalls(facade);
  };

  // The player page itself is leaving (the learner closed it or went elsewhere in the LMS):
  // beforeunload comes before any frame's pagehide, so the SCO's exit calls all count as unload.
  window.addEventListener("beforeunload", () => {
    model.unloading = true;
  });
  window.addEventListener("pagehide", () => {
    model.unloading = true;
  });

  lms.beacons = model;
  lms.saves = saves;
  lms.unloadCalls = () => JSON.parse(window.localStorage.getItem(UNLOAD_CALLS) || "[]");
})();
