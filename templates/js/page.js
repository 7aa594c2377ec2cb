/* Runs on every content page: reports the page view, shows progress, wires the interactive blocks.
 *
 * Inside a SCORM package the page lives in the shell's iframe and reports to the shell's tracker
 * (window.parent.DCP_SHELL). Opened on its own (the web output), it runs a standalone tracker for
 * the whole course from window.DCP_COURSE, which keeps progress in localStorage.
 */
(function () {
  "use strict";

  const DCP = window.DCP;
  const t = DCP.t;

  function readPageData() {
    const element = document.getElementById("dcp-page");
    try {
      return element ? JSON.parse(element.textContent) : null;
    } catch (error) {
      return null;
    }
  }

  function findShell() {
    try {
      if (window.parent !== window && window.parent.DCP_SHELL) return window.parent.DCP_SHELL;
    } catch (error) {
      // a parent from another origin is an LMS frame, not our shell
    }
    return null;
  }

  function standaloneTracker() {
    const course = window.DCP_COURSE;
    if (!course) return null;
    return new DCP.Tracker(course, DCP.scorm.standaloneAdapter(course)).start();
  }

  /* ------------------------------------------------------------------ progress and menu */

  function showProgress(tracker) {
    for (const link of document.querySelectorAll("[data-page-link]")) {
      const viewed = tracker.isViewed(link.dataset.pageLink);
      link.toggleAttribute("data-visited", viewed);
      const mark = link.querySelector(".visited-mark");
      if (mark) mark.hidden = !viewed;
    }
    const progress = tracker.progress();
    for (const element of document.querySelectorAll("[data-progress]")) {
      element.textContent = t("progress", progress);
      element.hidden = false;
    }
  }

  /* ------------------------------------------------------------------ blocks */

  function wireScenarios() {
    for (const button of document.querySelectorAll("[data-scenario-reveal]")) {
      const scenario = button.closest("[data-scenario]");
      const region = scenario.querySelector("[data-scenario-consequences]");
      button.addEventListener("click", () => {
        const checked = scenario.querySelector('input[type="radio"]:checked');
        let hint = region.querySelector("[data-scenario-hint]");
        if (!checked) {
          if (!hint) {
            hint = document.createElement("p");
            hint.setAttribute("data-scenario-hint", "");
            region.prepend(hint);
          }
          hint.textContent = t("chooseFirst");
          return;
        }
        if (hint) hint.remove();
        for (const consequence of region.querySelectorAll("[data-consequence]")) {
          consequence.hidden = consequence.dataset.consequence !== checked.value;
        }
      });
    }
  }

  function noteStore() {
    try {
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  /* Reflection notes stay in this browser: they are the learner's own and never go to an LMS. */
  function wireNotes() {
    const store = noteStore();
    const course = window.DCP_COURSE ? window.DCP_COURSE.course : "course";
    for (const area of document.querySelectorAll("textarea[data-notes]")) {
      const key = `dcp-course:notes:${course}:${area.dataset.notes}`;
      try {
        if (store && store.getItem(key) !== null) area.value = store.getItem(key);
      } catch (error) {
        // storage blocked: the notes simply are not kept
      }
      area.addEventListener("input", () => {
        try {
          if (store) store.setItem(key, area.value);
        } catch (error) {
          // storage full or blocked: nothing to do
        }
      });
    }
  }

  function wireQuestions(pageData, tracker) {
    const questions = (pageData && pageData.questions) || {};
    for (const form of document.querySelectorAll("form[data-check]")) DCP.wireCheck(form, questions);
    for (const root of document.querySelectorAll(".quiz[data-quiz]")) {
      new DCP.Quiz(root, questions, tracker);
    }
  }

  /* ------------------------------------------------------------------ start */

  const pageData = readPageData();
  const shell = findShell();
  const tracker = shell ? shell.tracker : standaloneTracker();
  window.DCP_PAGE = { tracker, standalone: !shell };
  if (tracker && pageData) tracker.viewPage(pageData.page);
  if (tracker) {
    showProgress(tracker);
    const stopListening = tracker.onChange(() => showProgress(tracker));
    window.addEventListener("pagehide", stopListening);
    window.addEventListener("pageshow", (event) => {
      if (event.persisted) tracker.onChange(() => showProgress(tracker));
    });
  }
  wireScenarios();
  wireNotes();
  wireQuestions(pageData, tracker);
})();
