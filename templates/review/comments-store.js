/* Review comments: where they are kept.
 *
 * In the review pack (and wherever no preview serves the page) comments live in this browser's
 * localStorage, under the course id and version, until the reviewer exports them; the store
 * remembers whether anything changed since the last export, so the page can remind before it
 * closes. In the preview's review pages the preview says where its comment endpoint is and gives
 * the per-run token it expects (#dcp-comments-project): comments then live in the project's
 * review-comments.json, which every port and every restart of the preview shares.
 * Both stores answer with promises, so the UI does not care which one it has.
 */
(function (root) {
  "use strict";

  var namespace = root.DcpComments = root.DcpComments || {};

  function isComment(value) {
    return value && typeof value === "object" && typeof value.id === "string" && typeof value.text === "string" &&
      typeof value.reviewer === "string" && value.anchor && typeof value.anchor === "object" &&
      Array.isArray(value.anchor.path) && typeof value.anchor.digest === "string";
  }

  function storageWorks(probeKey) {
    try {
      root.localStorage.setItem(probeKey, "1");
      root.localStorage.removeItem(probeKey);
      return true;
    } catch (error) {
      return false;
    }
  }

  function readJson(key) {
    try {
      return JSON.parse(root.localStorage.getItem(key) || "null");
    } catch (error) {
      return null; // unreadable or unavailable storage: start empty rather than break the page
    }
  }

  function writeJson(key, value) {
    try {
      root.localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch (error) {
      return false;
    }
  }

  /* ------------------------------------------------------------ this browser */

  function BrowserStore(config) {
    this.kind = "browser";
    this.key = "dcp-course-comments:" + config.course + ":" + config.version;
    this.kept = storageWorks(this.key + ":probe");
    this.comments = [];
    this.legacy = []; // kept by the first review packs, whose anchors had no text digest
    this.reviewer = "";
    this.unexported = false;
    this.read();
  }

  BrowserStore.prototype.read = function () {
    var stored = readJson(this.key);
    if (!stored || typeof stored !== "object" || !Array.isArray(stored.comments)) return;
    var reviewer = typeof stored.reviewer === "string" ? stored.reviewer : "";
    this.reviewer = reviewer;
    // comments kept by the first review packs had no reviewer of their own: they are this browser's
    var all = stored.comments.map(function (comment) {
      return comment && typeof comment === "object" && !comment.reviewer && reviewer
        ? Object.assign({}, comment, { reviewer: reviewer }) : comment;
    });
    this.comments = all.filter(isComment);
    this.legacy = all.filter(function (comment) {
      return !isComment(comment) && comment && comment.anchor && Array.isArray(comment.anchor.path);
    });
    this.unexported = stored.unexported === true;
  };

  BrowserStore.prototype.save = function () {
    if (!this.kept) return;
    this.kept = writeJson(this.key, { reviewer: this.reviewer, comments: this.comments.concat(this.legacy),
      unexported: this.unexported });
  };

  /* Comments of the first review packs take today's anchor of the same place, when this page shows
   * it (the storage key holds the course version, so the place is the one they were made on). */
  BrowserStore.prototype.upgrade = function (anchorOf) {
    var upgraded = [];
    this.legacy = this.legacy.filter(function (comment) {
      var anchor = anchorOf(comment.anchor);
      if (anchor) upgraded.push(Object.assign({}, comment, { anchor: anchor }));
      return !anchor;
    });
    if (upgraded.length) {
      this.comments = this.comments.concat(upgraded);
      this.save();
    }
  };

  BrowserStore.prototype.load = function () { return Promise.resolve(this.comments); };

  BrowserStore.prototype.setReviewer = function (name) {
    this.reviewer = name;
    this.save();
  };

  BrowserStore.prototype.add = function (comments) {
    var added = namespace.format.newComments(this.comments, comments);
    this.comments = this.comments.concat(added);
    if (added.length) this.unexported = true;
    this.save();
    return Promise.resolve(added.length);
  };

  BrowserStore.prototype.remove = function (comment) {
    this.comments = this.comments.filter(function (kept) {
      return !(kept.id === comment.id && kept.reviewer === comment.reviewer);
    });
    this.unexported = true;
    this.save();
    return Promise.resolve();
  };

  BrowserStore.prototype.markExported = function () {
    this.unexported = false;
    this.save();
  };

  /* another tab of the same review (review mode spans many pages) changed the comments */
  BrowserStore.prototype.watch = function (changed) {
    var store = this;
    root.addEventListener("storage", function (event) {
      if (event.key === store.key) { store.read(); changed(); }
    });
  };

  /* ------------------------------------------------------------ the preview's project file */

  function ProjectStore(config, project) {
    this.kind = "project";
    this.url = project.url;
    this.token = project.token;
    this.file = project.file;
    this.nameKey = "dcp-course-reviewer:" + config.course;
    this.kept = true;
    this.comments = [];
    this.unexported = false; // the project file keeps them: nothing is lost when the page closes
    var stored = readJson(this.nameKey);
    this.reviewer = typeof stored === "string" ? stored : "";
  }

  ProjectStore.prototype.request = function (body) {
    var store = this;
    var options = { method: body ? "POST" : "GET", credentials: "same-origin", cache: "no-store",
      headers: { "X-DCP-Comments-Token": this.token } };
    if (body) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return root.fetch(this.url, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (!response.ok) throw new Error(answer && answer.error ? answer.error : "HTTP " + response.status);
        store.comments = Array.isArray(answer.comments) ? answer.comments.filter(isComment) : [];
        return answer;
      });
    });
  };

  ProjectStore.prototype.load = function () {
    var store = this;
    return this.request(null).then(function () { return store.comments; });
  };

  ProjectStore.prototype.setReviewer = function (name) {
    this.reviewer = name;
    writeJson(this.nameKey, name);
  };

  ProjectStore.prototype.add = function (comments) {
    var before = this.comments.length;
    var store = this;
    return this.request({ add: comments }).then(function () { return store.comments.length - before; });
  };

  ProjectStore.prototype.remove = function (comment) {
    return this.request({ "delete": [{ reviewer: comment.reviewer, id: comment.id }] });
  };

  ProjectStore.prototype.markExported = function () {};

  ProjectStore.prototype.upgrade = function () {};

  /* other reviewers and other tabs write to the same file: look again when the page is shown */
  ProjectStore.prototype.watch = function (changed) {
    var store = this;
    root.document.addEventListener("visibilitychange", function () {
      if (root.document.visibilityState === "visible") store.load().then(changed, function () {});
    });
  };

  namespace.openStore = function (config) {
    var element = root.document.getElementById("dcp-comments-project");
    if (element) {
      try {
        var project = JSON.parse(element.textContent);
        if (project && typeof project.url === "string" && typeof project.token === "string") {
          return new ProjectStore(config, project);
        }
      } catch (error) {
        // not the preview's own settings: keep comments in this browser
      }
    }
    return new BrowserStore(config);
  };
}(this));
