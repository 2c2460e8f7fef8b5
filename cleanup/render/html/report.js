// mtclean review report. Draws articles from the JSON data block with textContent only (never innerHTML),
// keeps the editor's accept/reject decisions in localStorage and exports them for `mtclean fix --decisions`.
// Offsets in the data count Unicode code points (the JSON contract); JavaScript strings count UTF-16 units,
// so each article's offsets are converted once (toUnits) before anything is drawn.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("mtclean-data").textContent);
  var FILES = DATA.files, RULES = DATA.rules;
  var SEVERITIES = ["error", "warning", "info"];
  var RANK = { info: 0, warning: 1, error: 2 };
  var STORE_KEY = "mtclean-decisions:" + DATA.report;
  var app = document.getElementById("app");

  // ---- state ------------------------------------------------------------------------------------
  var state = {
    severity: { error: true, warning: true, info: true },
    category: "", rule: "", decision: "",
    file: FILES.length === 1 ? 0 : -1, mode: "text", selected: -1,
    sort: { key: "path", dir: 1 }, notice: ""
  };
  var decisions = loadDecisions();
  var storageOk = true;

  function loadDecisions() {
    try {
      var raw = window.localStorage.getItem(STORE_KEY);
      return raw ? JSON.parse(raw) : {};
    } catch (e) {
      storageOk = false;
      return {};
    }
  }
  function saveDecisions() {
    try {
      window.localStorage.setItem(STORE_KEY, JSON.stringify(decisions));
    } catch (e) {
      storageOk = false;
    }
  }
  function keyOf(file, f) { return file.path + "\u001f" + f.rule + "\u001f" + f.start + "\u001f" + f.end; }
  function decisionOf(file, f) { return decisions[keyOf(file, f)] || "undecided"; }

  // ---- small DOM helpers: text goes in as text nodes, attributes are never URLs from the data -----
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (!Object.prototype.hasOwnProperty.call(attrs, k) || attrs[k] === null || attrs[k] === undefined) continue;
        if (k === "text") node.textContent = attrs[k];
        else if (k === "cls") node.className = attrs[k];
        else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), attrs[k]);
        else node.setAttribute(k, attrs[k]);
      }
    }
    for (var i = 2; i < arguments.length; i++) add(node, arguments[i]);
    return node;
  }
  function add(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { for (var i = 0; i < child.length; i++) add(node, child[i]); return; }
    node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }

  // ---- per-article preparation (once) ----------------------------------------------------------------
  function prepare(file) {
    if (file.prepared) return file;
    var text = file.text, toUnits;
    if (/[\uD800-\uDFFF]/.test(text)) {
      var map = [];  // map[code point index] = UTF-16 index
      for (var j = 0; j < text.length; j++) {
        map.push(j);
        var hi = text.charCodeAt(j);
        if (hi >= 0xD800 && hi <= 0xDBFF && j + 1 < text.length) {
          var lo = text.charCodeAt(j + 1);
          if (lo >= 0xDC00 && lo <= 0xDFFF) j++;
        }
      }
      map.push(text.length);
      toUnits = function (cp) { return map[Math.min(cp, map.length - 1)]; };
    } else {
      toUnits = function (cp) { return cp; };
    }
    file.findings.forEach(function (f, i) {
      f.i = i;
      f.s = toUnits(f.start); f.e = toUnits(f.end);
      if (f.fix) f.fix.units = f.fix.edits.map(function (ed) { return { s: toUnits(ed.start), e: toUnits(ed.end), r: ed.replacement }; });
    });
    var starts = [0], re = /\r\n|\r|\n/g, m;
    while ((m = re.exec(text)) !== null) starts.push(m.index + m[0].length);
    file.lineStarts = starts;
    file.prepared = true;
    return file;
  }
  function lineIndexOf(file, u) {
    var a = file.lineStarts, lo = 0, hi = a.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (a[mid] <= u) lo = mid; else hi = mid - 1; }
    return lo;
  }
  function lineEnd(file, i) {
    var t = file.text, e = i + 1 < file.lineStarts.length ? file.lineStarts[i + 1] : t.length;
    while (e > file.lineStarts[i] && (t[e - 1] === "\n" || t[e - 1] === "\r")) e--;
    return e;
  }

  // ---- filters and counts ---------------------------------------------------------------------------
  function shown(file, f) {
    if (!state.severity[f.severity]) return false;
    if (state.category && f.category !== state.category) return false;
    if (state.rule && f.rule !== state.rule) return false;
    if (state.decision && decisionOf(file, f) !== state.decision) return false;
    return true;
  }
  function stats(file) {
    var s = { total: file.findings.length, shown: 0, error: 0, warning: 0, info: 0, safe: 0, decided: 0, rules: {} };
    file.findings.forEach(function (f) {
      if (shown(file, f)) {
        s.shown++;
        s[f.severity] = (s[f.severity] || 0) + 1;
        s.rules[f.rule] = (s.rules[f.rule] || 0) + 1;
      }
      if (f.fix && f.fix.applicability === "safe") s.safe++;
      if (decisionOf(file, f) !== "undecided") s.decided++;
    });
    return s;
  }
  var ALL = { rules: {}, categories: {}, findings: 0, severity: { error: 0, warning: 0, info: 0 } };
  FILES.forEach(function (file) {
    file.findings.forEach(function (f) {
      ALL.findings++;
      ALL.rules[f.rule] = (ALL.rules[f.rule] || 0) + 1;
      ALL.categories[f.category] = (ALL.categories[f.category] || 0) + 1;
      ALL.severity[f.severity] = (ALL.severity[f.severity] || 0) + 1;
    });
  });

  // ---- edits: the safe fixes, grouped into word-level changes ----------------------------------------
  function fixEdits(file, findings) {
    // Whole fixes, in order, skipping one that overlaps a fix already taken (as `mtclean fix` resolves).
    var taken = [], out = [];
    findings.slice().sort(function (a, b) { return fixStart(a) - fixStart(b) || a.i - b.i; }).forEach(function (f) {
      var clash = f.fix.units.some(function (e) {
        return taken.some(function (t) { return e.s < t.e && t.s < e.e || (e.s === e.e && e.s === t.s && t.s === t.e); });
      });
      if (clash) return;
      f.fix.units.forEach(function (e) { taken.push(e); out.push({ s: e.s, e: e.e, r: e.r, f: f }); });
    });
    return out.sort(function (a, b) { return a.s - b.s || a.e - b.e; });
  }
  function fixStart(f) { return Math.min.apply(null, f.fix.units.map(function (e) { return e.s; })); }
  // Words for the word-level diff: letters, digits, marks and in-word apostrophes or hyphens; a CJK character
  // is a word of its own (those scripts put no spaces between words).
  var WORD = /^[\p{L}\p{N}\p{M}_'\u2019-]$/u, CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
  function wordChar(ch) { return !!ch && WORD.test(ch) && !CJK.test(ch); }
  function groups(text, edits) {
    // Each edit grows to whole words on both sides (at most 40 units each way); touching ones merge.
    var out = [];
    edits.forEach(function (ed) {
      var a = ed.s, b = ed.e;
      while (a > 0 && ed.s - a < 40 && wordChar(text[a - 1])) a--;
      while (b < text.length && b - ed.e < 40 && wordChar(text[b])) b++;
      if (a > 0 && /[\uDC00-\uDFFF]/.test(text[a])) a--;
      if (b < text.length && /[\uDC00-\uDFFF]/.test(text[b])) b++;
      var last = out[out.length - 1];
      if (last && a <= last.b) { last.b = Math.max(last.b, b); last.edits.push(ed); }
      else out.push({ a: a, b: b, edits: [ed] });
    });
    out.forEach(function (g) {
      var parts = [], pos = g.a;
      g.edits.forEach(function (ed) { parts.push(text.slice(pos, ed.s), ed.r); pos = ed.e; });
      parts.push(text.slice(pos, g.b));
      g.old = text.slice(g.a, g.b);
      g.now = parts.join("");
      g.findings = g.edits.map(function (ed) { return ed.f; }).filter(function (f, i, arr) { return f && arr.indexOf(f) === i; });
    });
    return out;
  }
  function changeNode(file, g, side) {
    var st = "", titles = [];
    g.findings.forEach(function (f) {
      var d = decisionOf(file, f);
      if (d !== "undecided") st = d;
      titles.push(f.rule + " " + f.name + (d !== "undecided" ? " (" + d + ")" : ""));
    });
    var span = el("span", { cls: "change" + (st ? " " + st : ""), title: titles.join("; ") });
    if (side !== "new" && g.old) add(span, el("del", { text: g.old }));
    if (side !== "old" && g.now) add(span, el("ins", { text: g.now }));
    return span;
  }

  // ---- drawing -----------------------------------------------------------------------------------
  function render() {
    var scrollY = window.scrollY;
    app.textContent = "";
    add(app, topBar());
    if (!storageOk) add(app, el("div", { cls: "notice", text: "This browser keeps no storage for this file: decisions last only while the page is open. Export them before closing it." }));
    if (state.notice) add(app, el("div", { cls: "notice", role: "status", text: state.notice }));
    var main = el("main");
    add(app, main);
    if (state.file >= 0 && FILES[state.file]) articleView(main, FILES[state.file]);
    else indexView(main);
    // The sticky header's height, for the panel and for scrolling (nothing goes under the header).
    document.documentElement.style.setProperty("--head", app.querySelector("header.top").offsetHeight + "px");
    return scrollY;
  }

  function topBar() {
    var nAcc = 0, nRej = 0;
    for (var k in decisions) { if (decisions[k] === "accepted") nAcc++; else if (decisions[k] === "rejected") nRej++; }
    var sev = SEVERITIES.map(function (s) {
      var box = el("input", { type: "checkbox", "data-filter": "severity", value: s });
      box.checked = state.severity[s];
      box.addEventListener("change", function () { state.severity[s] = box.checked; state.selected = -1; render(); });
      return el("label", null, box, " ", el("span", { cls: "badge " + s, text: s }), " ", el("span", { cls: "count muted", text: String(ALL.severity[s] || 0) }));
    });
    function select(name, options, current, onchange) {
      var s = el("select", { "data-filter": name, "aria-label": name });
      options.forEach(function (o) {
        var opt = el("option", { value: o[0], text: o[1] });
        if (o[0] === current) opt.selected = true;
        s.appendChild(opt);
      });
      s.addEventListener("change", function () { onchange(s.value); state.selected = -1; render(); });
      return s;
    }
    var cats = [["", "all categories"]].concat(Object.keys(ALL.categories).sort().map(function (c) { return [c, c + " (" + ALL.categories[c] + ")"]; }));
    var rules = [["", "all rules"]].concat(Object.keys(ALL.rules).sort().map(function (r) {
      return [r, r + " " + (RULES[r] ? RULES[r].name : "") + " (" + ALL.rules[r] + ")"];
    }));
    var decs = [["", "any decision"], ["undecided", "undecided"], ["accepted", "accepted"], ["rejected", "rejected"]];
    return el("header", { cls: "top" },
      el("h1", { text: "mtclean review" }),
      el("span", { cls: "muted", id: "summary" },
        el("span", { cls: "count", "data-count": "findings", text: String(ALL.findings) }), ALL.findings === 1 ? " finding, " : " findings, ",
        el("span", { cls: "count", "data-count": "files", text: String(FILES.length) }), FILES.length === 1 ? " article" : " articles"),
      el("div", { cls: "filters" }, sev,
        select("category", cats, state.category, function (v) { state.category = v; }),
        select("rule", rules, state.rule, function (v) { state.rule = v; }),
        select("decision", decs, state.decision, function (v) { state.decision = v; })),
      el("span", { cls: "spacer" }),
      el("span", { cls: "muted count", id: "decided", text: nAcc + " accepted, " + nRej + " rejected" }),
      el("button", { id: "export", type: "button", title: "Save the decisions as JSON for: mtclean fix --decisions FILE PATHS", onclick: exportDecisions }, "Export decisions"));
  }

  // ---- index: every article with its counts, sortable -------------------------------------------------
  var COLUMNS = [
    ["path", "Article", ""], ["shown", "Findings", "num"], ["error", "Errors", "num"], ["warning", "Warnings", "num"],
    ["info", "Info", "num"], ["safe", "Safe fixes", "num"], ["decided", "Decided", "num"], ["rules", "Rules", ""]
  ];
  function indexView(main) {
    var rows = FILES.map(function (file, i) { return { i: i, file: file, s: stats(file) }; });
    var nShown = 0, nChanged = 0, nFailed = 0;
    rows.forEach(function (r) { nShown += r.s.shown; if (r.s.safe) nChanged++; if (r.file.error) nFailed++; });
    add(main, el("div", { cls: "cards" },
      card(FILES.length, "articles"), card(nShown, "findings shown", "shown"), card(ALL.severity.error || 0, "errors"),
      card(ALL.severity.warning || 0, "warnings"), card(ALL.severity.info || 0, "info"),
      card(nChanged, "changed by safe fixes"), nFailed ? card(nFailed, "could not be read") : null));
    var key = state.sort.key, dir = state.sort.dir;
    rows.sort(function (a, b) {
      var x, y;
      if (key === "path") { x = a.file.path; y = b.file.path; return dir * (x < y ? -1 : x > y ? 1 : 0); }
      if (key === "rules") { x = Object.keys(a.s.rules).length; y = Object.keys(b.s.rules).length; }
      else { x = a.s[key] || 0; y = b.s[key] || 0; }
      return dir * (x - y) || (a.i - b.i);
    });
    // A grid of rows, not a <table>: rows out of view are skipped by layout (content-visibility), which a
    // table's rows cannot be; with 2,000 articles that is the difference between ~350 ms and ~30 ms.
    var head = el("div", { cls: "tr head", role: "row" }, COLUMNS.map(function (c) {
      return el("div", {
        cls: "th " + c[2], role: "columnheader", "data-sort": c[0], tabindex: "0",
        "aria-sort": key === c[0] ? (dir > 0 ? "ascending" : "descending") : "none",
        onclick: function () { sortBy(c[0]); },
        onkeydown: function (ev) { if (ev.key === "Enter") sortBy(c[0]); }
      }, c[1]);
    }));
    var body = el("div", { role: "rowgroup" });
    rows.forEach(function (r) {
      var s = r.s, file = r.file;
      var ruleText = Object.keys(s.rules).sort(function (a, b) { return s.rules[b] - s.rules[a] || (a < b ? -1 : 1); })
        .map(function (id) { return id + "\u00d7" + s.rules[id]; }).join(" ");
      var link = el("a", { href: "#f=" + r.i, text: file.path });
      body.appendChild(el("div", { cls: "tr" + (file.error ? " failed" : ""), role: "row", "data-file": String(r.i) },
        el("div", { cls: "td path", role: "cell" }, link, file.error ? el("div", { cls: "error-text", text: file.error }) : null),
        el("div", { cls: "td num", role: "cell", "data-col": "shown", text: String(s.shown) }),
        el("div", { cls: "td num", role: "cell", text: String(s.error) }),
        el("div", { cls: "td num", role: "cell", text: String(s.warning) }),
        el("div", { cls: "td num", role: "cell", text: String(s.info) }),
        el("div", { cls: "td num", role: "cell", text: s.safe ? String(s.safe) : "\u2014" }),
        el("div", { cls: "td num", role: "cell", text: s.decided + "/" + s.total }),
        el("div", { cls: "td", role: "cell", text: ruleText })));
    });
    add(main, el("div", { id: "articles", role: "table", "aria-label": "articles" }, head, body));
  }
  function card(n, label, key) { return el("div", { cls: "card" }, el("b", { cls: "count", "data-count": key || null, text: String(n) }), label); }
  function sortBy(key) {
    if (state.sort.key === key) state.sort.dir = -state.sort.dir;
    else state.sort = { key: key, dir: key === "path" ? 1 : -1 };
    render();
  }

  // ---- one article --------------------------------------------------------------------------------
  function articleView(main, file) {
    prepare(file);
    var s = stats(file);
    var nav = [];
    if (FILES.length > 1) {
      nav.push(el("a", { href: "#", text: "\u2190 All articles" }));
      if (state.file > 0) nav.push(el("a", { href: "#f=" + (state.file - 1), text: "previous" }));
      if (state.file < FILES.length - 1) nav.push(el("a", { href: "#f=" + (state.file + 1), text: "next" }));
    }
    var tabs = el("div", { cls: "tabs", role: "tablist" }, [["text", "Findings"], ["diff", "Changes"], ["side", "Side by side"]].map(function (t) {
      return el("button", { type: "button", role: "tab", "data-mode": t[0], "aria-selected": String(state.mode === t[0]),
        onclick: function () { state.mode = t[0]; render(); } }, t[1]);
    }));
    // The article's own bar joins the sticky header, so the views and the navigation stay at hand.
    add(app.querySelector("header.top"), el("div", { cls: "articlehead" }, nav, el("h2", { text: file.path }),
      el("span", { cls: "muted" }, el("span", { cls: "count", "data-count": "shown", text: String(s.shown) }), " of ",
        el("span", { cls: "count", "data-count": "article", text: String(s.total) }), " findings shown"),
      SEVERITIES.map(function (k) { return s[k] ? el("span", { cls: "badge " + k, text: s[k] + " " + k }) : null; }),
      tabs));
    if (file.error) { add(main, el("p", { cls: "error-text", text: file.error })); return; }
    var left = el("div", { cls: "doc", id: "doc" });
    if (state.mode === "diff") drawInlineDiff(left, file);
    else if (state.mode === "side") drawSideBySide(left, file);
    else drawText(left, file);
    add(main, el("div", { cls: "two" }, left, panel(file)));
  }

  // The text, one row a line, each finding highlighted where it is. A finding with nothing visible to mark
  // (an insertion point, or only a line break) is a caret at its start.
  function isPoint(file, f) { return f.s === f.e || /^[\r\n]+$/.test(file.text.slice(f.s, f.e)); }
  function drawText(box, file) {
    var text = file.text, n = file.lineStarts.length;
    var order = file.findings.slice().sort(function (a, b) { return a.s - b.s || a.e - b.e; });
    var k = 0, active = [];
    for (var li = 0; li < n; li++) {
      var ls = file.lineStarts[li], le = lineEnd(file, li), next = li + 1 < n ? file.lineStarts[li + 1] : text.length + 1;
      var points = [];
      while (k < order.length && order[k].s < next) {
        var f = order[k++];
        if (isPoint(file, f)) points.push(f); else active.push(f);
      }
      active = active.filter(function (x) { return x.e > ls; });
      var here = active.filter(function (x) { return x.s < le; });  // sorted by start, as `order` is
      var cutSet = new Set([ls, le]), at = new Map();
      here.forEach(function (x) { if (x.s > ls && x.s < le) cutSet.add(x.s); if (x.e > ls && x.e < le) cutSet.add(x.e); });
      points.forEach(function (x) {
        var p = Math.min(Math.max(x.s, ls), le);
        cutSet.add(p);
        if (!at.has(p)) at.set(p, []);
        at.get(p).push(x);
      });
      var cuts = Array.from(cutSet).sort(function (x, y) { return x - y; });
      // One sweep along the line: `open` holds the findings that cover the segment starting at each cut
      // (every start and end inside the line is a cut, so a finding open at a cut covers the whole segment).
      var line = el("div", { cls: "line", dir: "auto" }), open = [], h = 0;
      for (var c = 0; c < cuts.length; c++) {
        var a = cuts[c];
        (at.get(a) || []).forEach(function (x) { line.appendChild(markFor(file, [x], "", true)); });
        if (c + 1 === cuts.length) break;
        var b = cuts[c + 1];
        while (h < here.length && here[h].s <= a) open.push(here[h++]);
        open = open.filter(function (x) { return x.e > a; });
        var seg = text.slice(a, b);
        line.appendChild(open.length ? markFor(file, open.slice(), seg, false) : document.createTextNode(seg));
      }
      box.appendChild(el("div", { cls: "row", "data-line": String(li + 1) }, el("span", { cls: "ln", text: String(li + 1) }), line));
    }
  }
  function markFor(file, cover, seg, point) {
    var vis = cover.filter(function (f) { return shown(file, f); });
    var top = vis.slice().sort(function (a, b) { return RANK[b.severity] - RANK[a.severity]; })[0];
    var cls = "f" + (point ? " point" : "") + (top ? " " + top.severity : " off");
    if (top) {
      var d = decisionOf(file, top);
      if (d !== "undecided") cls += " " + d;
      if (vis.some(function (f) { return f.i === state.selected; })) cls += " selected";
    }
    var m = el("mark", { cls: cls, "data-ids": cover.map(function (f) { return f.i; }).join(" ") }, seg);
    if (top) {
      m.setAttribute("tabindex", "0");
      m.title = vis.map(function (f) { return f.rule + " " + f.name + ": " + f.message + editSummary(file, f); }).join("\n");
      var pick = function () { select(file, top.i, true); };
      m.addEventListener("click", pick);
      m.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); pick(); } });
    }
    return m;
  }
  function editSummary(file, f) {
    if (!f.fix) return "";
    var g = groups(file.text, f.fix.units.map(function (e) { return { s: e.s, e: e.e, r: e.r, f: f }; }));
    return "\nProposed (" + f.fix.applicability + "): " + g.map(function (x) { return "\u201c" + x.old + "\u201d \u2192 \u201c" + x.now + "\u201d"; }).join(", ");
  }

  function safeGroups(file) {
    var safe = file.findings.filter(function (f) { return f.fix && f.fix.applicability === "safe"; });
    return groups(file.text, fixEdits(file, safe));
  }
  // The safe fixes (what `mtclean fix` applies first), word by word, in the running text.
  function drawInlineDiff(box, file) {
    var gs = safeGroups(file), text = file.text;
    if (!gs.length) { add(box, el("div", { cls: "empty", text: "No safe fixes in this article: `mtclean fix` leaves it as it is." })); return; }
    // Rows follow the original lines; a change that removes a line break keeps both lines in one row.
    var pos = 0, lineNo = 1, line = el("div", { cls: "line", dir: "auto" }), rows = [[1, line]];
    function plain(str) {
      var parts = str.split(/(\r\n|\r|\n)/);
      for (var i = 0; i < parts.length; i++) {
        if (i % 2 === 1) { lineNo++; line = el("div", { cls: "line", dir: "auto" }); rows.push([lineNo, line]); }
        else if (parts[i]) line.appendChild(document.createTextNode(parts[i]));
      }
    }
    gs.forEach(function (g) {
      plain(text.slice(pos, g.a));
      line.appendChild(changeNode(file, g, "both"));
      lineNo += (g.old.match(/\r\n|\r|\n/g) || []).length;
      pos = g.b;
    });
    plain(text.slice(pos));
    rows.forEach(function (r) { box.appendChild(el("div", { cls: "row" }, el("span", { cls: "ln", text: String(r[0]) }), r[1])); });
  }
  // The lines the safe fixes change: before on the left, after on the right.
  function drawSideBySide(box, file) {
    var gs = safeGroups(file), text = file.text;
    if (!gs.length) { add(box, el("div", { cls: "empty", text: "No safe fixes in this article: `mtclean fix` leaves it as it is." })); return; }
    var blocks = [];
    gs.forEach(function (g) {
      var la = lineIndexOf(file, g.a), lb = lineIndexOf(file, Math.max(g.a, g.b - 1));
      var last = blocks[blocks.length - 1];
      if (last && la <= last.lb) { last.lb = Math.max(last.lb, lb); last.gs.push(g); }
      else blocks.push({ la: la, lb: lb, gs: [g] });
    });
    var body = el("tbody");
    blocks.forEach(function (bk) {
      var a = file.lineStarts[bk.la], b = lineEnd(file, bk.lb);
      var left = el("td", { dir: "auto" }), right = el("td", { dir: "auto" }), pos = a;
      bk.gs.forEach(function (g) {
        var same = text.slice(pos, g.a);
        add(left, same); add(right, same);
        left.appendChild(changeNode(file, g, "old"));
        right.appendChild(changeNode(file, g, "new"));
        pos = g.b;
      });
      var tail = text.slice(pos, Math.max(pos, b));
      add(left, tail); add(right, tail);
      body.appendChild(el("tr", null, el("td", { cls: "ln", text: bk.la === bk.lb ? String(bk.la + 1) : (bk.la + 1) + "\u2013" + (bk.lb + 1) }), left, right));
    });
    add(box, el("table", { cls: "side" }, el("thead", null, el("tr", null, el("th", { text: "line" }), el("th", { text: "before" }), el("th", { text: "after the safe fixes" }))), body));
  }

  // ---- the findings panel ----------------------------------------------------------------------------
  function panel(file) {
    var list = file.findings.filter(function (f) { return shown(file, f); });
    var box = el("aside", { cls: "panel", id: "findings", "aria-label": "findings" });
    var safeShown = list.filter(function (f) { return f.fix && f.fix.applicability === "safe"; });
    add(box, el("div", { cls: "tools" },
      el("button", { type: "button", id: "accept-safe", disabled: safeShown.length ? null : "disabled",
        onclick: function () { safeShown.forEach(function (f) { setDecision(file, f, "accepted", true); }); state.notice = ""; commit(); } },
        "Accept the " + safeShown.length + (safeShown.length === 1 ? " safe fix" : " safe fixes") + " shown"),
      el("button", { type: "button", id: "clear", onclick: function () { list.forEach(function (f) { delete decisions[keyOf(file, f)]; }); commit(); } }, "Clear decisions")));
    if (!list.length) { add(box, el("div", { cls: "empty", text: file.findings.length ? "No finding passes the filters." : "No findings in this article." })); return box; }
    list.forEach(function (f) { box.appendChild(item(file, f)); });
    return box;
  }
  function item(file, f) {
    var rule = RULES[f.rule] || { name: f.name, description: f.message, examples: [] };
    var d = decisionOf(file, f);
    var node = el("div", { cls: "item" + (f.i === state.selected ? " selected" : ""), "data-id": String(f.i), "data-decision": d },
      el("div", { cls: "head", onclick: function () { select(file, f.i, true); } },
        el("span", { cls: "badge " + f.severity, text: f.severity }), el("span", { cls: "rule", text: f.rule }),
        el("span", { text: f.name }), el("span", { cls: "muted", text: f.category }),
        el("span", { cls: "muted count", text: f.line + ":" + f.column })),
      el("div", { cls: "msg", text: f.message }));
    if (f.fix) {
      var gs = groups(file.text, f.fix.units.map(function (e) { return { s: e.s, e: e.e, r: e.r, f: f }; }));
      add(node, el("div", { cls: "edit" }, el("span", { cls: "muted", text: "Proposed edit (" + f.fix.applicability + "): " }),
        gs.map(function (g) { return changeNode(file, g, "both"); })));
    } else {
      add(node, el("div", { cls: "edit muted", text: "No edit proposed: an editor decides." }));
    }
    add(node, el("div", { cls: "actions" },
      el("button", { type: "button", cls: "accept", "aria-pressed": String(d === "accepted"), onclick: function () { toggle(file, f, "accepted"); } }, "Accept"),
      el("button", { type: "button", cls: "reject", "aria-pressed": String(d === "rejected"), onclick: function () { toggle(file, f, "rejected"); } }, "Reject")));
    // The explanation is built when first opened: a long article has thousands of findings.
    var details = el("details", null, el("summary", { text: "What " + f.rule + " does" }));
    var filled = false;
    function fill() {
      if (filled) return;
      filled = true;
      add(details, String(rule.description || "").split(/\n\s*\n/).map(function (p) { return el("p", { text: p.replace(/\n/g, " ") }); }));
      if (rule.fix_safety) add(details, el("p", { text: "Fix safety: " + rule.fix_safety.replace(/\n/g, " ") }));
      if (rule.examples && rule.examples.length) {
        add(details, el("ul", null, rule.examples.map(function (ex) {
          if ("good" in ex) return el("li", null, "ok: ", ex.good);
          return el("li", null, "bad: ", ex.bad, "fixed" in ex ? el("div", { text: (ex.unsafe ? "fixed (--unsafe-fixes): " : "fixed: ") + ex.fixed }) : null);
        })));
      }
    }
    details.addEventListener("toggle", fill);
    if (f.i === state.selected) { fill(); details.open = true; }
    add(node, details);
    return node;
  }
  function select(file, i, scroll) {
    state.selected = i;
    var y = render();
    window.scrollTo(0, y);
    if (!scroll) return;
    var it = document.querySelector('.item[data-id="' + i + '"]');
    if (it) it.scrollIntoView({ block: "nearest" });
    var marks = document.querySelectorAll("mark.f.selected");
    if (marks.length) marks[0].scrollIntoView({ block: "nearest" });
  }

  // ---- decisions -------------------------------------------------------------------------------------
  function toggle(file, f, what) {
    state.notice = "";
    setDecision(file, f, decisionOf(file, f) === what ? "undecided" : what, false);
    state.selected = f.i;
    commit();
  }
  function setDecision(file, f, what, quiet) {
    var k = keyOf(file, f);
    if (what === "undecided") { delete decisions[k]; return; }
    if (what === "accepted" && f.fix) {
      // Two accepted fixes may not edit the same text: accepting this one withdraws the other.
      file.findings.forEach(function (o) {
        if (o === f || !o.fix || decisionOf(file, o) !== "accepted") return;
        if (overlaps(f, o)) {
          delete decisions[keyOf(file, o)];
          if (!quiet) state.notice = "Accepting " + f.rule + " at " + f.line + ":" + f.column + " withdrew " + o.rule + " at " + o.line + ":" + o.column + ": their edits overlap.";
        }
      });
    }
    decisions[k] = what;
  }
  function overlaps(f, o) {
    return f.fix.units.some(function (a) {
      return o.fix.units.some(function (b) { return (a.s < b.e && b.s < a.e) || (a.s === a.e && b.s === b.e && a.s === b.s) || (a.s === b.s && a.e === b.e); });
    });
  }
  function commit() { saveDecisions(); var y = render(); window.scrollTo(0, y); }

  function exportDecisions() {
    var files = FILES.filter(function (f) { return !f.error && f.sha256; }).map(function (file) {
      return { path: file.path, sha256: file.sha256, findings: file.findings.map(function (f) {
        var out = {};
        ["rule", "name", "category", "severity", "message", "start", "end", "line", "column", "end_line", "end_column"].forEach(function (k) { out[k] = f[k]; });
        out.fix = f.fix ? { applicability: f.fix.applicability, edits: f.fix.edits } : null;
        out.decision = decisionOf(file, f);
        return out;
      }) };
    });
    var doc = { format: "mtclean-decisions", version: 1, report: DATA.report, tool: DATA.tool, report_created: DATA.created,
      exported: new Date().toISOString(), files: files };
    var json = JSON.stringify(doc, null, 2) + "\n";
    var url = URL.createObjectURL(new Blob([json], { type: "application/json" }));
    var a = el("a", { href: url, download: "mtclean-decisions.json" });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    window.mtcleanLastExport = json;
  }

  // ---- navigation: #f=N opens article N, # the index ---------------------------------------------------
  function route() {
    var m = /^#f=(\d+)$/.exec(window.location.hash);
    var f = m ? Number(m[1]) : (FILES.length === 1 ? 0 : -1);
    if (f !== state.file) { state.file = f < FILES.length ? f : -1; state.selected = -1; state.notice = ""; }
    render();
    window.scrollTo(0, 0);
  }
  window.addEventListener("hashchange", route);
  document.addEventListener("keydown", function (ev) {
    if (state.file < 0 || ev.target.tagName === "SELECT" || ev.target.tagName === "INPUT" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var file = FILES[state.file], list = file.findings.filter(function (f) { return shown(file, f); });
    var at = list.findIndex(function (f) { return f.i === state.selected; });
    if (ev.key === "j" || ev.key === "k") {
      var next = list[ev.key === "j" ? Math.min(list.length - 1, at + 1) : Math.max(0, at - 1)];
      if (next) select(file, next.i, true);
    } else if ((ev.key === "a" || ev.key === "r") && at >= 0) {
      toggle(file, list[at], ev.key === "a" ? "accepted" : "rejected");
    }
  });
  route();
  document.documentElement.setAttribute("data-ready", "1");
  document.documentElement.setAttribute("data-ready-ms", String(Math.round(performance.now())));  // bench/report.py
})();
