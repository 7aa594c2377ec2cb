/* Review comments: the exported file's format, and the checks an imported file must pass.
 *
 * The checks are those of `dcp-course comments` (src/dcp_course/comments/model.py), with the same
 * limits, which the page's settings carry: a colleague's file is refused here for the same reasons
 * the author's command would refuse it, and nothing of a refused file is kept. Pure functions, no
 * page needed: tests/unit/test_comments_format_js.py runs them under Node against the Python checks.
 */
(function (root) {
  "use strict";

  var FORMAT = "dcp-course-comments";
  var SCHEMA = 2;
  var DIGEST = /^[0-9a-f]{16}$/;
  var OTHER_DIGEST = /^[0-9a-f]{8}$/;

  function Refusal(reason, detail) {
    this.reason = reason; // a catalogue key's ending: comments_refused_<reason>
    this.detail = detail || "";
  }

  function length(text) {
    return Array.from(text).length; // code points, as Python counts them
  }

  function text(value, where, min, max) {
    if (typeof value !== "string" || length(value) < min || length(value) > max) throw new Refusal("invalid", where);
    return value;
  }

  function whole(value, where, min, max) {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      throw new Refusal("invalid", where);
    }
    return value;
  }

  function list(value, where, max) {
    if (!Array.isArray(value) || value.length > max) throw new Refusal("invalid", where);
    return value;
  }

  function object(value, where, allowed, required) {
    if (!value || typeof value !== "object" || Array.isArray(value)) throw new Refusal("invalid", where);
    Object.keys(value).forEach(function (key) {
      if (allowed.indexOf(key) < 0) throw new Refusal("invalid", where ? where + "." + key : key);
    });
    required.forEach(function (key) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) throw new Refusal("invalid", where ? where + "." + key : key);
    });
    return value;
  }

  function optional(value, key, fallback) {
    return Object.prototype.hasOwnProperty.call(value, key) ? value[key] : fallback;
  }

  function checkPath(path, where, limits) {
    list(path, where, limits.pathParts).forEach(function (part, index) {
      if (typeof part === "string") text(part, where + "[" + index + "]", 1, limits.key);
      else whole(part, where + "[" + index + "]", 0, limits.position);
    });
    return path.slice();
  }

  function checkAnchor(anchor, where, limits) {
    object(anchor, where, ["file", "path", "ids", "context", "digest", "others", "label"],
      ["file", "path", "ids", "context", "digest"]);
    var path = checkPath(anchor.path, where + ".path", limits);
    var last = -1;
    var ids = list(anchor.ids, where + ".ids", limits.pathParts).map(function (identity, index) {
      var at = where + ".ids[" + index + "]";
      object(identity, at, ["depth", "key", "value"], ["depth", "key", "value"]);
      var depth = whole(identity.depth, at + ".depth", 0, limits.pathParts);
      if (identity.key !== "id" && identity.key !== "term") throw new Refusal("invalid", at + ".key");
      if (depth <= last || depth > path.length) throw new Refusal("invalid", where + ".ids");
      last = depth;
      return { depth: depth, key: identity.key, value: text(identity.value, at + ".value", 1, 200) };
    });
    if (typeof anchor.digest !== "string" || !DIGEST.test(anchor.digest)) throw new Refusal("invalid", where + ".digest");
    var others = list(optional(anchor, "others", []), where + ".others", limits.others);
    others.forEach(function (other, index) {
      if (typeof other !== "string" || !OTHER_DIGEST.test(other)) throw new Refusal("invalid", where + ".others[" + index + "]");
    });
    return {
      file: text(anchor.file, where + ".file", 1, 300),
      path: path,
      ids: ids,
      context: text(anchor.context, where + ".context", 0, limits.context),
      digest: anchor.digest,
      others: others.slice(),
      label: text(optional(anchor, "label", ""), where + ".label", 0, 200)
    };
  }

  function checkComment(comment, where, limits) {
    object(comment, where, ["id", "reviewer", "anchor", "text", "suggestion", "created"],
      ["id", "reviewer", "anchor", "text"]);
    return {
      id: text(comment.id, where + ".id", 1, 100),
      reviewer: text(comment.reviewer, where + ".reviewer", 1, 100),
      anchor: checkAnchor(comment.anchor, where + ".anchor", limits),
      text: text(comment.text, where + ".text", 1, limits.text),
      suggestion: text(optional(comment, "suggestion", ""), where + ".suggestion", 0, limits.text),
      created: text(optional(comment, "created", ""), where + ".created", 0, 200)
    };
  }

  /* bytes: a Uint8Array of the whole file. Returns {ok: true, file} or {ok: false, reason, detail}. */
  function readExport(bytes, course, limits) {
    try {
      if (bytes.length > limits.fileBytes) throw new Refusal("size", String(limits.fileBytes));
      var start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
      var source;
      try {
        source = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(start));
      } catch (error) {
        throw new Refusal("encoding");
      }
      var data;
      try {
        data = JSON.parse(source);
      } catch (error) {
        throw new Refusal("json");
      }
      if (!data || typeof data !== "object" || Array.isArray(data) || data.format !== FORMAT) throw new Refusal("format");
      if (data.schema === 1) throw new Refusal("schema");
      if (data.schema !== SCHEMA) throw new Refusal("invalid", "schema");
      object(data, "", ["format", "schema", "course", "version", "reviewer", "exported", "comments"],
        ["format", "schema", "course", "version", "comments"]);
      var file = {
        format: FORMAT,
        schema: SCHEMA,
        course: text(data.course, "course", 1, 200),
        version: text(data.version, "version", 0, 200),
        reviewer: text(optional(data, "reviewer", ""), "reviewer", 0, 100),
        exported: text(optional(data, "exported", ""), "exported", 0, 200),
        comments: list(data.comments, "comments", limits.comments).map(function (comment, index) {
          return checkComment(comment, "comments[" + index + "]", limits);
        })
      };
      if (file.course !== course) throw new Refusal("course", file.course);
      return { ok: true, file: file };
    } catch (error) {
      if (error instanceof Refusal) return { ok: false, reason: error.reason, detail: error.detail };
      throw error;
    }
  }

  function exportFile(config, reviewer, comments, exported) {
    return {
      format: FORMAT,
      schema: SCHEMA,
      course: config.course,
      version: config.version,
      reviewer: reviewer,
      exported: exported,
      comments: comments.map(function (comment) {
        return {
          id: comment.id,
          reviewer: comment.reviewer,
          anchor: comment.anchor,
          text: comment.text,
          suggestion: comment.suggestion || "",
          created: comment.created || ""
        };
      })
    };
  }

  /* The comments of `incoming` that `kept` lacks (a comment is known by its reviewer and id). */
  function newComments(kept, incoming) {
    var known = {};
    kept.forEach(function (comment) { known[comment.reviewer + "\n" + comment.id] = true; });
    return incoming.filter(function (comment) {
      var key = comment.reviewer + "\n" + comment.id;
      if (known[key]) return false;
      known[key] = true;
      return true;
    });
  }

  function fileSafe(name) {
    var plain = String(name).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    return plain.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "reviewer";
  }

  var format = { readExport: readExport, exportFile: exportFile, newComments: newComments, fileSafe: fileSafe };
  if (typeof module === "object" && module.exports) module.exports = format;
  else (root.DcpComments = root.DcpComments || {}).format = format;
}(this));
