/* Review comments: a "Comment" button on every element that carries a source anchor, a side list
 * of the reviewer's comments, and an export to one JSON file for `dcp-course comments`.
 *
 * Only review outputs (review-mode pages, the review pack) include this script. It needs no server:
 * comments live in localStorage under the course id and version, and the export is a Blob download,
 * so it works from a review pack opened from disk. Everything a reviewer typed is shown through
 * textContent, never parsed as HTML. Interface words come from the course's message catalogue.
 */
(function () {
  "use strict";

  var configElement = document.getElementById("dcp-comments-config");
  if (!configElement) return;
  var config = JSON.parse(configElement.textContent);
  var words = config.messages || {};
  var storageKey = "dcp-course-comments:" + config.course + ":" + config.version;
  var ANCHOR_FIELDS = ["file", "path", "item", "item_key", "item_depth", "context"];
  var CONTEXT_SHOWN = 80; // characters of the commented text repeated in buttons and the list

  function t(key, params) {
    var text = Object.prototype.hasOwnProperty.call(words, key) ? words[key] : key;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return params && Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
    });
  }

  function element(tag, attributes, text) {
    var made = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { made.setAttribute(name, attributes[name]); });
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function shortened(text) {
    var folded = String(text || "").replace(/\s+/g, " ").trim();
    return folded.length > CONTEXT_SHOWN ? folded.slice(0, CONTEXT_SHOWN - 1) + "…" : folded;
  }

  // ------------------------------------------------------------ storage

  function isComment(value) {
    return value && typeof value === "object" && typeof value.id === "string" && typeof value.text === "string" &&
      value.anchor && typeof value.anchor === "object" && Array.isArray(value.anchor.path);
  }

  function storageWorks() {
    try {
      var probe = storageKey + ":probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return true;
    } catch (error) {
      return false;
    }
  }

  function readStore() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(storageKey) || "null");
      if (stored && typeof stored === "object" && Array.isArray(stored.comments)) {
        return {
          reviewer: typeof stored.reviewer === "string" ? stored.reviewer : "",
          comments: stored.comments.filter(isComment)
        };
      }
    } catch (error) {
      // unreadable or unavailable storage: start empty rather than break the page
    }
    return { reviewer: "", comments: [] };
  }

  var kept = storageWorks();
  var store = readStore();

  function save() {
    if (!kept) return;
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(store));
    } catch (error) {
      kept = false;
      showNotKept();
    }
  }

  // ------------------------------------------------------------ anchors on the page

  function anchorKey(anchor) {
    return anchor.file + "\n" + JSON.stringify(anchor.path);
  }

  function cleanAnchor(anchor) {
    var clean = {};
    ANCHOR_FIELDS.forEach(function (name) { clean[name] = anchor[name]; });
    return clean;
  }

  var targets = {}; // anchor key -> element on this page

  function readAnchor(target) {
    try {
      var anchor = JSON.parse(target.getAttribute("data-comment-anchor"));
      return anchor && typeof anchor.file === "string" && Array.isArray(anchor.path) ? anchor : null;
    } catch (error) {
      return null;
    }
  }

  function addButtons() {
    var found = document.querySelectorAll("[data-comment-anchor]");
    Array.prototype.forEach.call(found, function (target, index) {
      var anchor = readAnchor(target);
      if (!anchor) return;
      if (!target.id) target.id = "comment-target-" + (index + 1);
      targets[anchorKey(anchor)] = target;
      var button = element("button", { type: "button", "class": "comment-button", "data-comment-button": "" });
      button.appendChild(document.createTextNode(t("comments_button")));
      button.appendChild(element("span", { "class": "comments-sr-only" },
        " " + t("comments_button_on", { context: shortened(anchor.context) })));
      button.addEventListener("click", function () { startComment(anchor, button); });
      var slot = target.querySelector(":scope > [data-comment-slot]");
      (slot || target).appendChild(button);
    });
  }

  function markCommented() {
    Object.keys(targets).forEach(function (key) { targets[key].classList.remove("has-comments"); });
    store.comments.forEach(function (comment) {
      var target = targets[anchorKey(comment.anchor)];
      if (target) target.classList.add("has-comments");
    });
  }

  // ------------------------------------------------------------ dialogs

  function dialog(id, titleKey) {
    var box = element("dialog", { id: id, "class": "comments-dialog", "aria-labelledby": id + "-title" });
    box.appendChild(element("h2", { id: id + "-title" }, t(titleKey)));
    document.body.appendChild(box);
    return box;
  }

  function field(form, id, labelKey, control) {
    form.appendChild(element("label", { "for": id }, t(labelKey)));
    control.id = id;
    form.appendChild(control);
    return control;
  }

  function actions(form, saveKey, onCancel) {
    var row = element("p", { "class": "comments-actions" });
    row.appendChild(element("button", { type: "submit", "class": "comments-primary" }, t(saveKey)));
    var cancel = element("button", { type: "button" }, t("comments_cancel"));
    cancel.addEventListener("click", onCancel);
    row.appendChild(cancel);
    form.appendChild(row);
  }

  var nameDialog = dialog("dcp-comments-name", "comments_name_title");
  nameDialog.appendChild(element("p", {}, t("comments_name_intro")));
  var nameForm = element("form", { method: "dialog", novalidate: "" });
  var nameInput = field(nameForm, "dcp-comments-name-input", "comments_name_label",
    element("input", { type: "text", autocomplete: "name", maxlength: "100", "aria-describedby": "dcp-comments-name-error" }));
  var nameError = element("p", { id: "dcp-comments-name-error", "class": "comments-error", "aria-live": "assertive" });
  nameForm.appendChild(nameError);
  actions(nameForm, "comments_name_save", function () { closeDialog(nameDialog); });
  nameDialog.appendChild(nameForm);

  var commentDialog = dialog("dcp-comments-edit", "comments_dialog_title");
  var commentContext = element("p", { "class": "comments-context" });
  commentDialog.appendChild(commentContext);
  var commentForm = element("form", { method: "dialog", novalidate: "" });
  var textInput = field(commentForm, "dcp-comments-text", "comments_text_label",
    element("textarea", { rows: "5", maxlength: "10000", "aria-describedby": "dcp-comments-text-error" }));
  var textError = element("p", { id: "dcp-comments-text-error", "class": "comments-error", "aria-live": "assertive" });
  commentForm.appendChild(textError);
  var suggestionInput = field(commentForm, "dcp-comments-suggestion", "comments_suggestion_label",
    element("textarea", { rows: "3", maxlength: "10000" }));
  actions(commentForm, "comments_save", function () { closeDialog(commentDialog); });
  commentDialog.appendChild(commentForm);

  var returnFocus = null;
  var afterName = null;
  var editing = null;

  function openDialog(box, focus, opener) {
    returnFocus = opener || document.activeElement;
    box.showModal();
    focus.focus();
  }

  function closeDialog(box) {
    if (box.open) box.close();
  }

  [nameDialog, commentDialog].forEach(function (box) {
    box.addEventListener("close", function () {
      // the name dialog closes just before the comment dialog opens: leave the focus in that one
      if (nameDialog.open || commentDialog.open) return;
      if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
    });
  });

  function askName(then, opener) {
    afterName = then;
    nameInput.value = store.reviewer;
    nameError.textContent = "";
    nameInput.removeAttribute("aria-invalid");
    openDialog(nameDialog, nameInput, opener);
  }

  nameForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var name = nameInput.value.replace(/\s+/g, " ").trim();
    if (!name) {
      nameError.textContent = t("comments_name_required");
      nameInput.setAttribute("aria-invalid", "true");
      nameInput.focus();
      return;
    }
    store.reviewer = name;
    save();
    renderPanel();
    var then = afterName;
    afterName = null;
    closeDialog(nameDialog);
    if (then) then();
  });

  function startComment(anchor, opener) {
    if (!store.reviewer) {
      askName(function () { startComment(anchor, opener); }, opener);
      return;
    }
    editing = anchor;
    commentContext.textContent = t("comments_on") + ": " + shortened(anchor.context);
    textInput.value = "";
    suggestionInput.value = "";
    textError.textContent = "";
    textInput.removeAttribute("aria-invalid");
    openDialog(commentDialog, textInput, opener);
  }

  function newId() {
    var random = Math.floor(Math.random() * 0x100000000).toString(36);
    return "c-" + Date.now().toString(36) + "-" + random;
  }

  commentForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = textInput.value.trim();
    if (!text) {
      textError.textContent = t("comments_text_required");
      textInput.setAttribute("aria-invalid", "true");
      textInput.focus();
      return;
    }
    store.comments.push({
      id: newId(),
      anchor: cleanAnchor(editing),
      text: text,
      suggestion: suggestionInput.value.trim(),
      created: new Date().toISOString()
    });
    save();
    renderPanel();
    closeDialog(commentDialog);
    announce(t("comments_saved"));
  });

  // ------------------------------------------------------------ the side list

  var toggle = element("button", {
    type: "button", id: "dcp-comments-toggle", "class": "comments-toggle",
    "aria-expanded": "false", "aria-controls": "dcp-comments-panel"
  });
  var panel = element("aside", { id: "dcp-comments-panel", "class": "comments-panel", "aria-labelledby": "dcp-comments-title" });
  panel.hidden = true;
  var heading = element("h2", { id: "dcp-comments-title", tabindex: "-1" }, t("comments_region"));
  var reviewerLine = element("p", { "class": "comments-reviewer" });
  var reviewerName = element("span", {});
  var changeName = element("button", { type: "button" }, t("comments_change_name"));
  reviewerLine.appendChild(reviewerName);
  reviewerLine.appendChild(document.createTextNode(" "));
  reviewerLine.appendChild(changeName);
  var notKept = element("p", { "class": "comments-warning" }, t("comments_not_kept"));
  notKept.hidden = true;
  var exportButton = element("button", { type: "button", "class": "comments-primary", "data-comments-export": "" },
    t("comments_export"));
  var closeButton = element("button", { type: "button" }, t("comments_close"));
  var status = element("p", { role: "status", "class": "comments-status" });
  var list = element("ol", { "class": "comments-list" });
  var empty = element("p", { "class": "comments-empty" }, t("comments_empty"));
  var tools = element("p", { "class": "comments-actions" });
  tools.appendChild(exportButton);
  tools.appendChild(closeButton);
  [heading, reviewerLine, notKept, tools, status, empty, list].forEach(function (part) { panel.appendChild(part); });

  function showNotKept() { notKept.hidden = false; }

  function announce(message) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function setOpen(open) {
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    document.body.classList.toggle("comments-open", open);
    if (open) heading.focus(); else toggle.focus();
  }

  function commentItem(comment) {
    var item = element("li", { "class": "comments-item", "data-comment-id": comment.id });
    var on = element("p", { "class": "comments-context" }, t("comments_on") + ": " + shortened(comment.anchor.context));
    item.appendChild(on);
    item.appendChild(element("p", { "class": "comments-text" }, comment.text));
    if (comment.suggestion) {
      var suggested = element("p", { "class": "comments-suggestion" });
      suggested.appendChild(element("strong", {}, t("comments_suggested") + ": "));
      suggested.appendChild(document.createTextNode(comment.suggestion));
      item.appendChild(suggested);
    }
    var row = element("p", { "class": "comments-actions" });
    var target = targets[anchorKey(comment.anchor)];
    if (target) {
      var show = element("a", { href: "#" + target.id }, t("comments_show"));
      show.appendChild(element("span", { "class": "comments-sr-only" }, " " + shortened(comment.anchor.context)));
      show.addEventListener("click", function (event) {
        event.preventDefault();
        target.scrollIntoView({ block: "center" });
        var button = target.querySelector("[data-comment-button]");
        if (button) button.focus();
      });
      row.appendChild(show);
    } else {
      row.appendChild(element("span", { "class": "comments-elsewhere" }, t("comments_elsewhere")));
    }
    var remove = element("button", { type: "button" }, t("comments_delete"));
    remove.appendChild(element("span", { "class": "comments-sr-only" }, " " + shortened(comment.text)));
    remove.addEventListener("click", function () {
      store.comments = store.comments.filter(function (kept) { return kept.id !== comment.id; });
      save();
      renderPanel();
      announce(t("comments_deleted"));
      heading.focus();
    });
    row.appendChild(remove);
    item.appendChild(row);
    return item;
  }

  function renderPanel() {
    toggle.textContent = t("comments_toggle", { n: store.comments.length });
    reviewerLine.hidden = !store.reviewer;
    reviewerName.textContent = t("comments_reviewer", { name: store.reviewer });
    list.textContent = "";
    store.comments.forEach(function (comment) { list.appendChild(commentItem(comment)); });
    empty.hidden = store.comments.length > 0;
    list.hidden = store.comments.length === 0;
    markCommented();
  }

  // ------------------------------------------------------------ export

  function fileSafe(text) {
    var plain = String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    return plain.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "reviewer";
  }

  function exportComments() {
    var name = config.course + "-" + config.version + "-comments-" + fileSafe(store.reviewer) + ".json";
    var payload = {
      format: "dcp-course-comments",
      schema: 1,
      course: config.course,
      version: config.version,
      reviewer: store.reviewer,
      exported: new Date().toISOString(),
      comments: store.comments.map(function (comment) {
        return {
          id: comment.id,
          anchor: cleanAnchor(comment.anchor),
          text: comment.text,
          suggestion: comment.suggestion || "",
          created: comment.created || ""
        };
      })
    };
    var blob = new Blob([JSON.stringify(payload, null, 2) + "\n"], { type: "application/json" });
    var link = element("a", { href: URL.createObjectURL(blob), download: name, hidden: "" });
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    announce(t("comments_exported", { file: name }));
  }

  exportButton.addEventListener("click", function () {
    if (!store.reviewer) askName(exportComments, exportButton); else exportComments();
  });
  changeName.addEventListener("click", function () { askName(null, changeName); });
  toggle.addEventListener("click", function () { setOpen(panel.hidden); });
  closeButton.addEventListener("click", function () { setOpen(false); });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") setOpen(false);
  });

  function start() {
    addButtons();
    document.body.appendChild(toggle);
    document.body.appendChild(panel);
    if (!kept) showNotKept();
    renderPanel();
    // another tab of the same review (review mode spans many pages) changed the comments
    window.addEventListener("storage", function (event) {
      if (event.key === storageKey) { store = readStore(); renderPanel(); }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
}());
