/* cmi5: the AU side of a cmi5 launch, behind the adapter interface the SCORM runtimes use.
 *
 * The LMS opens the AU's launch shell with endpoint, fetch, actor, registration and activityId in
 * the query string. connect() starts the session asynchronously: one POST to the fetch URL for the
 * auth token, then from the LRS's State API the LMS.LaunchData document and our own state document,
 * and the learner preferences from the Agent Profile API (cmi5 requires the read; the course has one
 * language and no autoplaying audio, so nothing depends on it). Once `ready` resolves, the adapter
 * answers get/set/commit synchronously like the SCORM ones, and turns what the tracker writes into
 * xAPI 1.0.3 statements (initialized, passed or failed, completed, terminated) and a state document.
 * Each graded answer, which the tracker hands over whole (with what the question showed), becomes one "cmi5
 * allowed" answered statement about a cmi.interaction activity (cmi5 7.1.3: the context template
 * without the cmi5 category). Every request goes to the LMS's endpoint or fetch URL and nowhere else.
 *
 * Requests use fetch with keepalive, so the statements sent while the page is being hidden still
 * arrive. A page may have at most 64 KiB of keepalive request bodies in flight (Fetch standard,
 * "inflight keepalive bytes"); beyond that fetch refuses the request, so the client counts them.
 * Statements go out one small batch at a time, in order; only on terminate is the last batch sent
 * without waiting for one still in flight.
 */
(function () {
  "use strict";

  const DCP = (window.DCP = window.DCP || {});
  const XAPI_VERSION = "1.0.3";
  const LAUNCH_DATA = "LMS.LaunchData";
  const PREFERENCES = "cmi5LearnerPreferences";
  const STATE_ID = "dcp-course-state"; // our document: the tracker's suspend data, bookmark, what was reported
  const STATE_VERSION = 1;
  const LAUNCH_MODES = ["Normal", "Browse", "Review"];
  const VERBS = {
    initialized: "http://adlnet.gov/expapi/verbs/initialized",
    completed: "http://adlnet.gov/expapi/verbs/completed",
    passed: "http://adlnet.gov/expapi/verbs/passed",
    failed: "http://adlnet.gov/expapi/verbs/failed",
    terminated: "http://adlnet.gov/expapi/verbs/terminated",
    answered: "http://adlnet.gov/expapi/verbs/answered",
  };
  const INTERACTION_ACTIVITY = "http://adlnet.gov/expapi/activities/cmi.interaction";
    const CATEGORY_CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
  const CATEGORY_MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon";
  const MASTERY_EXTENSION = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
  const PARAMETERS = ["endpoint", "fetch", "actor", "registration", "activityId"];
  const KEEPALIVE_BUDGET = 64 * 1024; // bytes of keepalive request bodies a page may have in flight
  // bytes of statements per batch while the session runs: small enough that the batch on its way,
  // the rest and terminated still fit the budget when the page closes mid-batch
  const BATCH_LIMIT = 12 * 1024;

  function warn(message) {
    try {
      console.warn(`dcp-course cmi5: ${message}`);
    } catch (error) {
      // no console: nothing more we can do
    }
  }

  /** The five cmi5 launch parameters, or null when this page was not launched by a cmi5 LMS. */
  function launchParameters(search) {
    const query = new URLSearchParams(search);
    const found = {};
    for (const name of PARAMETERS) {
      const value = query.get(name);
      if (!value) return null;
      found[name] = value;
    }
    try {
      found.actor = JSON.parse(found.actor);
    } catch (error) {
      return null;
    }
    if (!found.actor || typeof found.actor !== "object") return null;
    if (!found.endpoint.endsWith("/")) found.endpoint += "/";
    return found;
  }

  /** A version 4 UUID; crypto.randomUUID exists only in secure contexts, getRandomValues everywhere. */
  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** A cmi5 masteryScore (0-1) as the whole-percent pass mark the quiz engine compares against. */
  function passMarkOf(masteryScore) {
    return Math.ceil(Math.round(masteryScore * 1e6) / 1e4);
  }

  function isMasteryScore(value) {
    return typeof value === "number" && value >= 0 && value <= 1;
  }

  function asList(value) {
    if (Array.isArray(value)) return value.slice();
    return value ? [value] : [];
  }

  /* ------------------------------------------------------------------ answers as xAPI interactions */

  /**
   * The tracker's SCORM 2004 patterns as xAPI ones: the same, except the branching path, which
   * SCORM 2004 can only call "other" and xAPI describes step by step as a performance.
   */
  function xapiPatterns(patterns, interactionType) {
    if (!(patterns.type === "other" && interactionType === "performance")) {
      return { response: patterns.response, correct: patterns.correct };
    }
    // SCORM 2004 "other" takes no "[,]", so the tracker wrote the path as "step.option;step.option"
    const steps = (path) => path.split(";").filter(Boolean)
      .map((pair) => `${pair.slice(0, pair.lastIndexOf("."))}[.]${pair.slice(pair.lastIndexOf(".") + 1)}`)
      .join("[,]");
    return { response: steps(patterns.response), correct: patterns.correct.map(steps) };
  }

  /** choices, source and target, or steps (as the question showed them) in xAPI's form. */
  function components(answer, language) {
    const described = (list) => list.map(({ id, text }) => (text ? { id, description: { [language]: text } } : { id }));
    const found = {};
    for (const [name, list] of Object.entries(answer.components || {})) found[name] = described(list);
    return found;
  }

  /** The object and result of an answered statement for one graded answer. */
  function answeredParts(answer, patterns, auActivityId, language) {
    // each kind's xAPI type, as the build wrote it into course-data.js (source/kinds.py)
    const interactionType = DCP.interactionType(answer.kind, "xapi") || "other";
    const { response, correct } = xapiPatterns(patterns, interactionType);
    const definition = { type: INTERACTION_ACTIVITY, interactionType };
    // a written answer has no correct response (a practical task): no pattern at all
    if (correct.length) definition.correctResponsesPattern = correct;
    Object.assign(definition, components(answer, language));
    if (answer.description) {
      definition.name = { [language]: answer.description };
      definition.description = { [language]: answer.description };
    }
    // an IRI of its own under the AU: a fragment keeps it valid for URN and URL activity ids alike
    const separator = auActivityId.includes("#") ? "/" : "#";
    const object = {
      objectType: "Activity",
      id: `${auActivityId}${separator}${encodeURIComponent(answer.id)}`,
      definition,
    };
    // an answer nobody scores (a practical task not scored) has a response and no success or score
    const result = answer.neutral ? { response } : { response, success: answer.isCorrect };
    if (!answer.neutral && Number.isFinite(answer.fraction)) {
      const scaled = Math.min(1, Math.max(0, Math.round(answer.fraction * 1e4) / 1e4));
      result.score = { scaled, raw: Math.round(scaled * answer.weight * 1e4) / 1e4, min: 0, max: answer.weight };
    }
    if (answer.latency) result.duration = DCP.time.duration2004(answer.latency);
    return { object, result };
  }

  /* ------------------------------------------------------------------ the LRS */

  function byteLength(text) {
    return new TextEncoder().encode(text).length;
  }

  class Lrs {
    constructor(launch) {
      this.launch = launch;
      this.token = "";
      this.keepaliveBytes = 0; // bodies of keepalive requests not answered yet
    }

    /** POST once to the fetch URL: the LMS answers {"auth-token": ...} or {"error-code": ...}. */
    async fetchToken() {
      const response = await fetch(this.launch.fetch, { method: "POST", credentials: "omit", cache: "no-store" });
      const body = await response.json();
      if (!response.ok || !body || typeof body["auth-token"] !== "string") {
        const code = body && body["error-code"] ? ` (error ${body["error-code"]}: ${body["error-text"] || ""})` : "";
        throw new Error(`the fetch URL gave no auth token${code}`);
      }
      this.token = body["auth-token"];
    }

    /** What a keepalive request may still carry now. */
    keepaliveRoom() {
      return KEEPALIVE_BUDGET - this.keepaliveBytes;
    }

    request(method, resource, query, body) {
      const search = new URLSearchParams(query || {}).toString();
      const headers = { "X-Experience-API-Version": XAPI_VERSION, Authorization: `Basic ${this.token}` };
      if (body !== undefined) headers["Content-Type"] = "application/json";
      const size = body === undefined ? 0 : byteLength(body);
      // writes must survive the page being closed, as far as the page's keepalive budget allows
      const keepalive = method !== "GET" && size <= this.keepaliveRoom();
      if (keepalive) this.keepaliveBytes += size;
      const sent = fetch(this.launch.endpoint + resource + (search ? `?${search}` : ""), {
        method,
        headers,
        body,
        credentials: "omit",
        cache: "no-store",
        keepalive,
      });
      return keepalive ? sent.finally(() => (this.keepaliveBytes -= size)) : sent;
    }

    stateQuery(stateId) {
      return {
        stateId,
        activityId: this.launch.activityId,
        agent: JSON.stringify(this.launch.actor),
        registration: this.launch.registration,
      };
    }

    /** A JSON document from the State or Agent Profile API; null when there is none (404). */
    async document(resource, query) {
      const response = await this.request("GET", resource, query);
      if (response.status === 404) return null;
      if (!response.ok) throw new Error(`GET ${resource} answered ${response.status}`);
      const text = await response.text();
      return text ? JSON.parse(text) : null;
    }
  }

  /* ------------------------------------------------------------------ the adapter */

  /**
   * The tracker's adapter for one AU launch. `ready` resolves to true once the session has started,
   * or to false (with a warning) when the LMS cannot be reached; the shell then runs standalone.
   */
  function cmi5Adapter(config, launch) {
    const lrs = new Lrs(launch);
    const values = {}; // what the tracker wrote, under SCORM 2004 names
    const reported = new Set(); // completed / passed / failed already sent in this registration
    const answers = []; // graded answers not yet sent, until the commit that sends them
    const language = document.documentElement.lang || "und";
    const hasQuiz = config.quizzes.length > 0;
    let launchData = null;
    let resumed = false;
    let phase = "connecting"; // connecting -> ready -> open -> closed, or failed
    let startedAt = 0;
    let lastStamp = 0;
    const outbox = [];
    let sending = false;
    let inFlight = []; // the batch on its way, until the LRS has answered
    let savedState = "";
    let pendingState = null;
    let savingState = false;

    function masteryScore() {
      return isMasteryScore(launchData.masteryScore) ? launchData.masteryScore : null;
    }

    /** Strictly increasing timestamps: cmi5 orders a session's statements by them. */
    function timestamp() {
      lastStamp = Math.max(Date.now(), lastStamp + 1);
      return new Date(lastStamp).toISOString();
    }

    function duration() {
      return DCP.time.duration2004(Date.now() - startedAt);
    }

    /** The context template, never overwritten, plus registration, categories and extensions. */
    function context(moveOn, extensions) {
      const result = JSON.parse(JSON.stringify(launchData.contextTemplate));
      if (!result.registration) result.registration = launch.registration;
      const activities = (result.contextActivities = result.contextActivities || {});
      const category = asList(activities.category);
      for (const id of moveOn ? [CATEGORY_CMI5, CATEGORY_MOVEON] : [CATEGORY_CMI5]) {
        if (!category.some((activity) => activity && activity.id === id)) category.push({ id });
      }
      activities.category = category;
      if (extensions) {
        result.extensions = Object.assign({}, extensions, result.extensions || {});
      }
      return result;
    }

    function statement(verb, result, moveOn, extensions) {
      const made = {
        id: uuid(),
        actor: launch.actor,
        verb: { id: VERBS[verb], display: { "en-US": verb } },
        object: { objectType: "Activity", id: launch.activityId },
        context: context(moveOn, extensions),
        timestamp: timestamp(),
      };
      if (result) made.result = result;
      return made;
    }

    /** cmi5 7.1.3 "cmi5 allowed": the context template and registration, never the cmi5 category. */
    function allowedContext() {
      const result = JSON.parse(JSON.stringify(launchData.contextTemplate));
      if (!result.registration) result.registration = launch.registration;
      const activities = (result.contextActivities = result.contextActivities || {});
      const parent = asList(activities.parent);
      if (!parent.some((activity) => activity && activity.id === launch.activityId)) {
        parent.push({ objectType: "Activity", id: launch.activityId });
      }
      activities.parent = parent;
      return result;
    }

    /** One answered statement per graded answer given since the last commit, in the order given. */
    function reportAnswers() {
      for (const { answer, patterns } of answers.splice(0)) {
        const { object, result } = answeredParts(answer, patterns, launch.activityId, language);
        send({
          id: uuid(),
          actor: launch.actor,
          verb: { id: VERBS.answered, display: { "en-US": "answered" } },
          object,
          result,
          context: allowedContext(),
          timestamp: timestamp(),
        });
      }
    }

    function send(made, last) {
      outbox.push(made);
      deliver(last);
    }

    /** The first statements of the outbox, in order, up to BATCH_LIMIT bytes (at least one). */
    function nextBatch() {
      let size = 2;
      let count = 0;
      while (count < outbox.length) {
        size += byteLength(JSON.stringify(outbox[count])) + 1;
        if (count > 0 && size > BATCH_LIMIT) break;
        count += 1;
      }
      return outbox.splice(0, count);
    }

    /** Everything still to send, as the session's last batch. */
    function lastBatch() {
      const rest = outbox.splice(0);
      // The last batch cannot wait for one still on its way (the page is going) and may overtake
      // it, so it carries that batch's statements again, ahead of terminated. An LRS keeps a
      // statement id once (xAPI 1.0.3: a known id changes nothing), so the copy costs nothing.
      const again = sending ? [...inFlight, ...rest] : rest;
      if (byteLength(JSON.stringify(again)) <= lrs.keepaliveRoom()) return again;
      warn("the statements still to send exceed what a closing page may send; some may be lost");
      return rest;
    }

    /** One batch in flight at a time, in order; the last batch of a session does not wait. */
    function deliver(last) {
      if (!outbox.length || (sending && !last)) return;
      const batch = last ? lastBatch() : nextBatch();
      sending = true;
      inFlight = batch;
      lrs.request("POST", "statements", null, JSON.stringify(batch))
        .then((response) => {
          if (!response.ok) throw new Error(`the LRS answered ${response.status}`);
        })
        .catch((error) => warn(`${batch.map((s) => s.verb.display["en-US"]).join(", ")} not recorded: ${error}`))
        .finally(() => {
          sending = false;
          deliver(false);
        });
    }

    function score() {
      const scaled = Number(values["cmi.score.scaled"]);
      if (values["cmi.score.scaled"] === undefined || !Number.isFinite(scaled)) return null;
      const result = { scaled: Math.min(1, Math.max(0, scaled)) };
      const raw = Number(values["cmi.score.raw"]);
      if (Number.isInteger(raw) && raw >= 0 && raw <= 100) Object.assign(result, { raw, min: 0, max: 100 });
      return result;
    }

    /** Passed or failed, each at most once per registration, never failed after passed. */
    function reportSuccess() {
      const success = values["cmi.success_status"];
      if (!hasQuiz || reported.has("passed") || !["passed", "failed"].includes(success)) return;
      if (success === "failed" && reported.has("failed")) return;
      const passed = success === "passed";
      const result = { success: passed, duration: duration() };
      const scored = score();
      const mastery = masteryScore();
      // a score that contradicts the verb would break cmi5 9.3.4/9.3.5: then none is sent
      if (scored && (mastery === null || (passed ? scored.scaled >= mastery : scored.scaled < mastery))) {
        result.score = scored;
      }
      const extensions = mastery === null ? null : { [MASTERY_EXTENSION]: mastery };
      reported.add(success);
      send(statement(success, result, true, extensions));
    }

    function reportCompletion() {
      if (values["cmi.completion_status"] !== "completed" || reported.has("completed")) return;
      reported.add("completed");
      send(statement("completed", { completion: true, duration: duration() }, true));
    }

    /** Our state document: written only in Normal mode, only when it changed, one write at a time. */
    function saveState(last) {
      if (launchData.launchMode !== "Normal") return;
      const text = JSON.stringify({
        v: STATE_VERSION,
        suspendData: values["cmi.suspend_data"] || "",
        location: values["cmi.location"] || "",
        reported: Array.from(reported).sort(),
      });
      if (text !== savedState) {
        savedState = text;
        pendingState = text;
      }
      writeState(last);
    }

    function writeState(last) {
      if (pendingState === null || (savingState && !last)) return;
      const text = pendingState;
      pendingState = null;
      savingState = true;
      lrs.request("PUT", "activities/state", lrs.stateQuery(STATE_ID), text)
        .then((response) => {
          if (!response.ok) throw new Error(`the LRS answered ${response.status}`);
        })
        .catch((error) => warn(`progress not saved: ${error}`))
        .finally(() => {
          savingState = false;
          writeState(false);
        });
    }

    function restoreState(document) {
      if (!document || document.v !== STATE_VERSION) return;
      resumed = true;
      if (typeof document.suspendData === "string") values["cmi.suspend_data"] = document.suspendData;
      if (typeof document.location === "string") values["cmi.location"] = document.location;
      for (const verb of asList(document.reported)) {
        if (verb === "completed" || verb === "passed" || verb === "failed") reported.add(verb);
      }
      savedState = JSON.stringify(document);
    }

    /** With one quiz, the LMS's masteryScore is its pass mark: cmi5 says the LMS decides. */
    function adoptMasteryScore() {
      const mastery = masteryScore();
      if (mastery !== null && config.quizzes.length === 1) config.quizzes[0].passMark = passMarkOf(mastery);
    }

    async function start() {
      await lrs.fetchToken();
      launchData = await lrs.document("activities/state", lrs.stateQuery(LAUNCH_DATA));
      if (!launchData || typeof launchData.contextTemplate !== "object" || !launchData.contextTemplate
        || !LAUNCH_MODES.includes(launchData.launchMode)) {
        throw new Error("LMS.LaunchData is missing or incomplete");
      }
      try {
        await lrs.document("agents/profile", { agent: JSON.stringify(launch.actor), profileId: PREFERENCES });
      } catch (error) {
        // preferences are optional for this course: a failed read changes nothing
      }
      restoreState(await lrs.document("activities/state", lrs.stateQuery(STATE_ID)));
      adoptMasteryScore();
    }

    const ready = start().then(
      () => {
        phase = "ready";
        return true;
      },
      (error) => {
        phase = "failed";
        warn(`could not start the session with the LMS: ${error}`);
        return false;
      },
    );

    return {
      kind: "cmi5",
      dialect: "2004",
      ready,
      launch,
      get launchData() {
        return launchData;
      },
      initialize() {
        if (phase !== "ready") return phase === "open";
        phase = "open";
        startedAt = Date.now();
        send(statement("initialized"));
        return true;
      },
      get(field) {
        const name = DCP.scorm.cmiName(field, "2004");
        if (phase !== "open" || !name) return "";
        if (name === "cmi.mode") return launchData.launchMode.toLowerCase();
        if (name === "cmi.entry") return resumed ? "resume" : "ab-initio";
        if (name === "cmi.interactions._count") return "0";
        return values[name] === undefined ? "" : String(values[name]);
      },
      set(field, value) {
        const name = DCP.scorm.cmiName(field, "2004");
        if (phase !== "open") return false;
        if (name) values[name] = String(value);
        return true;
      },
      /** A graded answer: an answered statement at the next commit, never part of the state. */
      answered(answer, patterns) {
        // copied into this window: the page that gave the answer may be gone by the commit
        if (phase === "open") answers.push(JSON.parse(JSON.stringify({ answer, patterns })));
      },
      commit() {
        if (phase !== "open") return false;
        reportAnswers();
        if (launchData.launchMode === "Normal") {
          reportSuccess();
          reportCompletion();
        }
        saveState(false);
        return true;
      },
      terminate() {
        if (phase !== "open") return false;
        phase = "closed";
        reportAnswers(); // terminated must stay the session's last statement
        saveState(true);
        send(statement("terminated", { duration: duration() }), true);
        return true;
      },
      lastError() {
        return "0";
      },
    };
  }

  /** The adapter for a cmi5 launch, or null when the launch parameters are missing. */
  function connect(config) {
    const launch = launchParameters(window.location.search);
    return launch ? cmi5Adapter(config, launch) : null;
  }

  DCP.cmi5 = { connect, launchParameters, passMarkOf, uuid, VERBS };
})();
