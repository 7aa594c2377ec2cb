/* Review comments: a "Comment" button on every element that carries a source anchor, a list of the
 * review's comments by reviewer, import of colleagues' exports, and an export of them all as one
 * JSON file for `dcp-course comments`.
 *
 * Only review outputs (review-mode pages, the review pack) include this script, after
 * comments-format.js and comments-store.js. Everything a reviewer typed is shown through
 * textContent, never parsed as HTML. Interface words come from the course's message catalogue.
 */
(function () {
  "use strict";

  var configElement = document.getElementById("dcp-comments-config");
  if (!configElement || !window.DcpComments) return;
  var config = JSON.parse(configElement.textContent);
  var words = config.messages || {};
  var format = window.DcpComments.format;
  var store = window.DcpComments.openStore(config);
  var ANCHOR_FIELDS = ["file", "path", "ids", "context", "digest", "others", "label"];

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

  function keptText() {
    return store.kind === "project" ? t("comments_kept_project", { file: store.file }) : t("comments_kept_browser");
  }

  function labelOf(anchor) {
    return String(anchor.label || anchor.context || "");
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

  var targets = {}; // anchor key -> {element, anchor} on this page

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
      targets[anchorKey(anchor)] = { element: target, anchor: anchor };
      var button = element("button", { type: "button", "class": "comment-button", "data-comment-button": "" });
      button.appendChild(document.createTextNode(t("comments_button")));
      button.appendChild(element("span", { "class": "comments-sr-only" },
        " " + t("comments_button_on", { context: labelOf(anchor) })));
      button.addEventListener("click", function () { startComment(anchor, button); });
      var slot = target.querySelector(":scope > [data-comment-slot]");
      (slot || target).appendChild(button);
    });
  }

  function markCommented() {
    Object.keys(targets).forEach(function (key) { targets[key].element.classList.remove("has-comments"); });
    store.comments.forEach(function (comment) {
      var target = targets[anchorKey(comment.anchor)];
      if (target) target.element.classList.add("has-comments");
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

  /* An error under a field, said once, and gone as soon as the reviewer types. */
  function fieldError(input, id) {
    var message = element("p", { id: id, "class": "comments-error", "aria-live": "assertive" });
    input.addEventListener("input", function () {
      if (input.value.trim()) clear();
    });
    function clear() {
      message.textContent = "";
      input.removeAttribute("aria-invalid");
    }
    return {
      element: message,
      clear: clear,
      show: function (text) {
        message.textContent = text;
        input.setAttribute("aria-invalid", "true");
        input.focus();
      }
    };
  }

  var nameDialog = dialog("dcp-comments-name", "comments_name_title");
  nameDialog.appendChild(element("p", {}, t("comments_name_intro")));
  var nameForm = element("form", { method: "dialog", novalidate: "" });
  var nameInput = field(nameForm, "dcp-comments-name-input", "comments_name_label",
    element("input", { type: "text", autocomplete: "name", maxlength: "100", "aria-describedby": "dcp-comments-name-error" }));
  var nameError = fieldError(nameInput, "dcp-comments-name-error");
  nameForm.appendChild(nameError.element);
  actions(nameForm, "comments_name_save", function () { closeDialog(nameDialog); });
  nameDialog.appendChild(nameForm);

  var commentDialog = dialog("dcp-comments-edit", "comments_dialog_title");
  var commentContext = element("p", { "class": "comments-context" });
  commentDialog.appendChild(commentContext);
  var commentForm = element("form", { method: "dialog", novalidate: "" });
  var textInput = field(commentForm, "dcp-comments-text", "comments_text_label",
    element("textarea", { rows: "5", maxlength: "10000", "aria-describedby": "dcp-comments-text-error" }));
  var textError = fieldError(textInput, "dcp-comments-text-error");
  commentForm.appendChild(textError.element);
  var suggestionInput = field(commentForm, "dcp-comments-suggestion", "comments_suggestion_label",
    element("textarea", { rows: "3", maxlength: "10000" }));
  actions(commentForm, "comments_save", function () { closeDialog(commentDialog); });
  commentDialog.appendChild(commentForm);
  // where the comment will be kept, said where it is made: in the pack, only in this browser
  commentDialog.appendChild(element("p", { "class": "comments-kept" }, keptText()));

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
    nameError.clear();
    openDialog(nameDialog, nameInput, opener);
  }

  nameForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var name = nameInput.value.replace(/\s+/g, " ").trim();
    if (!name) {
      nameError.show(t("comments_name_required"));
      return;
    }
    store.setReviewer(name);
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
    commentContext.textContent = t("comments_on") + ": " + labelOf(anchor);
    textInput.value = "";
    suggestionInput.value = "";
    textError.clear();
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
      textError.show(t("comments_text_required"));
      return;
    }
    var comment = {
      id: newId(),
      reviewer: store.reviewer,
      anchor: cleanAnchor(editing),
      text: text,
      suggestion: suggestionInput.value.trim(),
      created: new Date().toISOString()
    };
    store.add([comment]).then(function () {
      renderPanel();
      closeDialog(commentDialog);
      announce(t("comments_saved"));
    }, function (error) {
      textError.show(t("comments_not_saved", { reason: error.message }));
    });
  });

  // ------------------------------------------------------------ the list, by reviewer

  var toggle = element("button", {
    type: "button", id: "dcp-comments-toggle", "class": "comments-toggle",
    "aria-expanded": "false", "aria-controls": "dcp-comments-panel"
  });
  // early in the tab order (the toggle sits at the end of a long page): shown when it has the focus
  var skip = element("button", { type: "button", id: "dcp-comments-skip", "class": "comments-skip",
    "aria-controls": "dcp-comments-panel" });
  var panel = element("aside", { id: "dcp-comments-panel", "class": "comments-panel", "aria-labelledby": "dcp-comments-title" });
  panel.hidden = true;
  var heading = element("h2", { id: "dcp-comments-title", tabindex: "-1" }, t("comments_region"));
  var keptWhere = element("p", { "class": "comments-kept" }, keptText());
  var unexportedLine = element("p", { "class": "comments-warning" }, t("comments_unexported"));
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
  var importButton = element("button", { type: "button", "data-comments-import": "" }, t("comments_import"));
  var importInput = element("input", { type: "file", accept: ".json,application/json", multiple: "",
    hidden: "", tabindex: "-1", "data-comments-import-file": "" });
  var closeButton = element("button", { type: "button" }, t("comments_close"));
  var status = element("p", { role: "status", "class": "comments-status" });
  var problems = element("ul", { "class": "comments-problems", "aria-live": "assertive" });
  var groups = element("div", { "class": "comments-groups" });
  var empty = element("p", { "class": "comments-empty" }, t("comments_empty"));
  var tools = element("p", { "class": "comments-actions" });
  [exportButton, importButton, closeButton, importInput].forEach(function (part) { tools.appendChild(part); });
  [heading, keptWhere, unexportedLine, reviewerLine, notKept, tools, status, problems, empty, groups]
    .forEach(function (part) { panel.appendChild(part); });

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
    item.appendChild(element("p", { "class": "comments-context" }, t("comments_on") + ": " + labelOf(comment.anchor)));
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
      var show = element("a", { href: "#" + target.element.id }, t("comments_show"));
      show.appendChild(element("span", { "class": "comments-sr-only" }, " " + labelOf(comment.anchor)));
      show.addEventListener("click", function (event) {
        event.preventDefault();
        target.element.scrollIntoView({ block: "center" });
        var button = target.element.querySelector("[data-comment-button]");
        if (button) button.focus();
      });
      row.appendChild(show);
    } else {
      row.appendChild(element("span", { "class": "comments-elsewhere" }, t("comments_elsewhere")));
    }
    var remove = element("button", { type: "button" }, t("comments_delete"));
    remove.appendChild(element("span", { "class": "comments-sr-only" }, " " + comment.text.slice(0, 80)));
    remove.addEventListener("click", function () {
      store.remove(comment).then(function () {
        renderPanel();
        announce(t("comments_deleted"));
        heading.focus();
      }, function (error) { announce(t("comments_not_saved", { reason: error.message })); });
    });
    row.appendChild(remove);
    item.appendChild(row);
    return item;
  }

  /* The reviewer using this page first, then the others by name. */
  function byReviewer(comments) {
    var names = [];
    var found = {};
    comments.forEach(function (comment) {
      if (!found[comment.reviewer]) { found[comment.reviewer] = []; names.push(comment.reviewer); }
      found[comment.reviewer].push(comment);
    });
    names.sort(function (a, b) {
      if (a === store.reviewer || b === store.reviewer) return a === store.reviewer ? -1 : 1;
      return a.localeCompare(b);
    });
    return names.map(function (name) { return { name: name, comments: found[name] }; });
  }

  function renderPanel() {
    var count = store.comments.length;
    toggle.textContent = t("comments_toggle", { n: count });
    skip.textContent = t("comments_skip", { n: count });
    reviewerLine.hidden = !store.reviewer;
    reviewerName.textContent = t("comments_reviewer", { name: store.reviewer });
    unexportedLine.hidden = !(store.unexported && count > 0);
    groups.textContent = "";
    byReviewer(store.comments).forEach(function (group, index) {
      var id = "dcp-comments-by-" + (index + 1);
      var section = element("section", { "class": "comments-group", "aria-labelledby": id, "data-comments-reviewer": group.name });
      section.appendChild(element("h3", { id: id }, t("comments_by", { name: group.name, n: group.comments.length })));
      var list = element("ol", { "class": "comments-list" });
      group.comments.forEach(function (comment) { list.appendChild(commentItem(comment)); });
      section.appendChild(list);
      groups.appendChild(section);
    });
    empty.hidden = count > 0;
    notKept.hidden = store.kept;
    markCommented();
  }

  // ------------------------------------------------------------ import and export

  function refused(name, outcome) {
    var params = { file: name, detail: outcome.detail, limit: config.limits.fileBytes };
    return t("comments_refused", { file: name, reason: t("comments_refused_" + outcome.reason, params) });
  }

  function readFile(file) {
    if (file.size > config.limits.fileBytes) {
      return Promise.resolve({ ok: false, reason: "size", detail: String(config.limits.fileBytes) });
    }
    return file.arrayBuffer().then(function (buffer) {
      return format.readExport(new Uint8Array(buffer), config.course, config.limits);
    });
  }

  function importFiles(files) {
    problems.textContent = "";
    var messages = [];
    var chain = Promise.resolve();
    Array.prototype.forEach.call(files, function (file) {
      chain = chain.then(function () { return readFile(file); }).then(function (outcome) {
        if (!outcome.ok) {
          problems.appendChild(element("li", {}, refused(file.name, outcome)));
          return null;
        }
        return store.add(outcome.file.comments).then(function (added) {
          messages.push(t("comments_imported", { n: added, file: file.name }));
        });
      }).catch(function (error) {
        problems.appendChild(element("li", {}, t("comments_not_saved", { reason: error.message })));
      });
    });
    return chain.then(function () {
      importInput.value = "";
      renderPanel();
      if (messages.length) announce(messages.join(" "));
    });
  }

  function exportComments() {
    var name = config.course + "-" + config.version + "-comments-" + format.fileSafe(store.reviewer) + ".json";
    var payload = format.exportFile(config, store.reviewer, store.comments, new Date().toISOString());
    var blob = new Blob([JSON.stringify(payload, null, 2) + "\n"], { type: "application/json" });
    var link = element("a", { href: URL.createObjectURL(blob), download: name, hidden: "" });
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    store.markExported();
    renderPanel();
    announce(t("comments_exported", { file: name }));
  }

  exportButton.addEventListener("click", function () {
    if (!store.reviewer) askName(exportComments, exportButton); else exportComments();
  });
  importButton.addEventListener("click", function () { importInput.click(); });
  importInput.addEventListener("change", function () { importFiles(importInput.files); });
  changeName.addEventListener("click", function () { askName(null, changeName); });
  toggle.addEventListener("click", function () { setOpen(panel.hidden); });
  skip.addEventListener("click", function () { setOpen(true); });
  closeButton.addEventListener("click", function () { setOpen(false); });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") setOpen(false);
  });
  // comments kept only in this browser and not yet exported: ask before the page goes
  window.addEventListener("beforeunload", function (event) {
    if (store.unexported && store.comments.length > 0) {
      event.preventDefault();
      event.returnValue = t("comments_unexported");
      return event.returnValue;
    }
    return undefined;
  });

  function placeSkip() {
    var first = document.querySelector("body > .skip-link");
    if (first) first.after(skip); else document.body.insertBefore(skip, document.body.firstChild);
  }

  function start() {
    addButtons();
    store.upgrade(function (old) {
      var target = targets[anchorKey(old)];
      return target ? cleanAnchor(target.anchor) : null;
    });
    placeSkip();
    document.body.appendChild(toggle);
    document.body.appendChild(panel);
    renderPanel();
    store.load().then(renderPanel, function (error) {
      problems.appendChild(element("li", {}, t("comments_not_loaded", { reason: error.message })));
    });
    store.watch(renderPanel);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
}());
