/* The SCO launch page: one API session per launch, the lessons in an iframe below it.
 *
 * Initialize happens here once, the bookmarked page (or the first) opens in the iframe, and the
 * pages there reach the tracker through window.DCP_SHELL. On pagehide (never unload, which breaks
 * the back/forward cache and is being retired) the tracker sets exit and session time and
 * terminates, exactly once, with no Commit before it: everything else was committed as it happened. A cmi5 launch first reaches its LMS over the network (cmi5.js): the
 * session starts, and the first page opens, once that has answered.
 */
(function () {
  "use strict";

  const DCP = window.DCP;
  const config = JSON.parse(document.getElementById("dcp-sco").textContent);
  const frame = document.getElementById("dcp-frame");
  const status = document.querySelector("[data-shell-status]");
  let tracker = null;

  function start(adapter) {
    tracker = new DCP.Tracker(config, adapter).start();
    window.DCP_SHELL = Object.freeze({ tracker, config, adapter: adapter.kind });

    if (adapter.kind === "standalone" && status) {
      status.textContent = (window.DCP_MESSAGES || {}).noPlatform || "";
    }

    const bookmarked = config.pages.find((page) => page.path === tracker.bookmark);
    const first = bookmarked || config.pages[0];
    if (first) frame.src = first.path;
  }

  // cmi5 talks to its LMS over the network before the session can start; SCORM starts at once
  const adapter = DCP.scorm.connect(config);
  if (adapter.ready) {
    adapter.ready.then((connected) => start(connected ? adapter : DCP.scorm.standaloneAdapter(config)));
  } else {
    start(adapter);
  }

  // the shell's title follows the page inside it, so the browser tab and assistive tech agree
  frame.addEventListener("load", () => {
    try {
      const title = frame.contentDocument && frame.contentDocument.title;
      if (title) document.title = title;
    } catch (error) {
      // a page from elsewhere: keep the shell's own title
    }
  });

  /* Leaving, in two steps. Hidden (another tab or app, or the first sign of closing) is not the
   * end: the learner may come back, and SCORM allows no calls after Terminate, so hidden commits
   * only what is still unsent. pagehide (never unload, which is unreliable and breaks the
   * back/forward cache) ends the session: exit, session time and Terminate, once. Either event may
   * come first or alone, and hidden may repeat; the tracker ignores everything after finish(). */
  document.addEventListener("visibilitychange", () => {
    if (tracker && document.visibilityState === "hidden") tracker.commitPending();
  });

  window.addEventListener("pagehide", () => {
    if (tracker) tracker.finish();
  });
})();
