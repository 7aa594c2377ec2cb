/* Words and text for the learner: the interface catalogue, live-region announcements, plain text.
 *
 * Loaded first: every other learner script takes its words from DCP.t.
 */
(function () {
  "use strict";

  const DCP = (window.DCP = window.DCP || {});

  // The interface's words come from the course language's catalogue (templates/messages/*.json),
  // which the build writes into course-data.js.
  const MESSAGES = window.DCP_MESSAGES || {};

  function t(key, params) {
    const text = MESSAGES[key] || key;
    return text.replace(/\{(\w+)\}/g, (match, name) =>
      (params && name in params ? String(params[name]) : match));
  }

  /* ------------------------------------------------------------------ small helpers */

  function announce(region, text) {
    if (!region) return;
    window.clearTimeout(region.dcpAnnounceTimer);
    region.textContent = "";
    // a short gap makes screen readers announce a message even when it repeats the last one
    region.dcpAnnounceTimer = window.setTimeout(() => {
      region.textContent = text;
    }, 60);
  }

  function plainText(html) {
    const template = document.createElement("template");
    template.innerHTML = html || "";
    return (template.content.textContent || "").replace(/\s+/g, " ").trim();
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  }

  function collapse(text) {
    return String(text || "").replace(/\s+/g, " ").trim().normalize("NFC");
  }

  /** A small seeded PRNG (mulberry32): the same seed gives the same draw and order after relaunch. */

  DCP.messages = MESSAGES;
  DCP.t = t;
  DCP.announce = announce;
  DCP.text = { plainText, escapeHtml, collapse };
})();
