/* Live reload for the dcp-course preview (never part of a built course).
 *
 * The server adds this script to every page it serves, with the build version the page came from.
 * It asks for the current version a few times a second and reloads the page when a rebuild has
 * happened, keeping the scroll position. While the preview is stopped it waits quietly.
 */
(function () {
  "use strict";

  const script = document.currentScript;
  const loaded = script ? script.dataset.version : "";
  const key = `dcp-preview-scroll:${location.pathname}`;
  const FAST = 300;
  const SLOW = 2000;
  let delay = FAST;

  try {
    const saved = sessionStorage.getItem(key);
    if (saved !== null) {
      sessionStorage.removeItem(key);
      const y = Number(saved);
      window.addEventListener("load", () => window.scrollTo(0, y));
    }
  } catch (error) {
    // storage blocked: the page opens at the top
  }

  function reload() {
    try {
      sessionStorage.setItem(key, String(window.scrollY));
    } catch (error) {
      // nothing to keep
    }
    location.reload();
  }

  async function check() {
    try {
      const response = await fetch("/_preview/version", { cache: "no-store" });
      const state = await response.json();
      if (String(state.version) !== loaded) {
        reload();
        return;
      }
      delay = document.hidden ? SLOW : FAST;
    } catch (error) {
      delay = SLOW; // the preview is stopped or restarting
    }
    setTimeout(check, delay);
  }

  setTimeout(check, delay);
})();
