// Keyboard shortcuts and small behaviours of the review workbench. A static file: the CSP
// forbids inline script. Every control also works without it (plain links and forms).
(function () {
  "use strict";

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  // texts shown by this script come translated from the page ([data-ui-strings], articles/claim_panel.html#ui_strings);
  // the English fallback serves pages without it
  function uiText(name, fallback, values) {
    var el = $("[data-ui-strings]"), text = (el && el.dataset[name]) || fallback;
    return text.replace(/%\((\w+)\)s/g, function (m, k) { return values && k in values ? String(values[k]) : m; });
  }
  function typing(el) { return !!(el && el.closest && el.closest("input, textarea, select, [contenteditable]")); }

  // ------------------------------------------------------------ rating buttons
  // Without JavaScript a rating button submits the form (saving that rating). Here it only
  // selects the rating; "Save" (s / Ctrl+Enter) submits.
  function pickRating(button) {
    var form = button.form;
    var input = $("[data-rating-input]", form);
    if (!input) return;
    showRating(form, button.value);
    markDirty(form);
  }

  document.addEventListener("click", function (event) {
    var rating = event.target.closest("[data-rating]");
    if (rating) { event.preventDefault(); pickRating(rating); return; }
    var discard = event.target.closest("[data-discard-draft]");
    if (discard) { event.preventDefault(); discardDraft(discard.form); return; }
    var add = event.target.closest("[data-add-source]");
    if (add) { event.preventDefault(); addSource(add.form); return; }
    var help = event.target.closest("[data-shortcuts]");
    if (help && $("#shortcuts-dialog")) { event.preventDefault(); $("#shortcuts-dialog").showModal(); }
  });

  // ------------------------------------------------------------ sources: one more blank row
  function addSource(form, quiet) {
    var template = $("[data-source-template]", form);
    var total = $("input[name=sources-TOTAL_FORMS]", form);
    var list = $("[data-source-forms]", form);
    if (!template || !total || !list) return;
    var index = parseInt(total.value, 10) || 0;
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    list.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var rows = $$("[data-source-form]", list);
    var url = $("input[type=url]", rows[rows.length - 1]);
    if (url && !quiet) url.focus();
  }

  // `a`: a source row left empty (the form shows "Source URL 1" blank) is filled first; a new
  // row only when every row has something in it
  function emptySourceRow(form) {
    return $$("[data-source-forms] [data-source-form]", form).filter(function (row) {
      return $$("input:not([type=hidden]):not([type=checkbox]), textarea", row).every(function (el) { return !el.value.trim(); });
    })[0] || null;
  }
  function addOrFocusSource(form) {
    var row = emptySourceRow(form), url = row && $("input[type=url]", row);
    if (url) { url.focus(); return; }
    addSource(form);
  }

  // ------------------------------------------------------------ a refused save (422): say so, go to the first problem
  // The answer is the panel again with the errors inline, possibly below the fold: the sticky
  // bar's status says "Not saved: N problems — see below" and the first invalid field gets the
  // focus (scrolled into view), so a keyboard user knows what happened and where.
  function reportErrors(form) {
    var errors = $$(".errors", form).filter(function (el) { return el.textContent.trim() && !el.closest("template"); });
    if (!errors.length) return;
    var n = errors.length, status = $("[data-save-status]", form);
    var text = n === 1 ? form.getAttribute("data-not-saved-one") || "Not saved: 1 problem — see below."
      : (form.getAttribute("data-not-saved-many") || "Not saved: %(count)s problems — see below.").replace("%(count)s", String(n));
    if (status) { status.textContent = text; status.classList.remove("ok"); status.classList.add("error"); }
    errors.forEach(function (el) {
      var box = el.closest(".field, fieldset"), field = box && $("input:not([type=hidden]), textarea, select", box);
      if (field) field.setAttribute("aria-invalid", "true");
    });
    var first = errors[0], box = first.closest(".field, fieldset");
    var target = box && $("input:not([type=hidden]), textarea, select, button[data-rating]", box);
    if (!target) { first.setAttribute("tabindex", "-1"); target = first; }
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
  }

  // ------------------------------------------------------------ drafts: never lose typed work
  // Every unsaved change of the verdict form (rating, rationale, sources) is kept in
  // sessionStorage under the claim and the version of the verdict it edits, so moving to another
  // claim (j/k, a click), a reload or a crash loses nothing. A saved verdict (new version) or
  // "Discard" clears it.
  var DRAFT = "fc-draft:";
  function draftKey(form) {
    var p = form.closest("[data-claim]"), v = $("input[name=version]", form);
    return p ? DRAFT + p.getAttribute("data-claim") + ":" + (v ? v.value : "0") : null;
  }
  function fields(form) {
    return $$("input, textarea, select", form).filter(function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.name !== "version" && el.type !== "submit" && !el.closest("template");
    });
  }
  function formState(form) {
    var state = {};
    fields(form).forEach(function (el) { state[el.name] = el.type === "checkbox" ? (el.checked ? "1" : "") : el.value; });
    return state;
  }
  function markDirty(form) {
    form.setAttribute("data-dirty", "1");
    var key = draftKey(form);
    if (!key) return;
    try { sessionStorage.setItem(key, JSON.stringify(formState(form))); } catch (e) { /* storage full or off */ }
  }
  function clearDrafts(claimId) {
    try {
      for (var i = sessionStorage.length - 1; i >= 0; i--) {
        var k = sessionStorage.key(i);
        if (k && k.indexOf(DRAFT + claimId + ":") === 0) sessionStorage.removeItem(k);
      }
    } catch (e) { /* ignore */ }
  }
  document.addEventListener("input", function (event) {
    var form = event.target.closest("#verdict-form");
    if (form) markDirty(form);
  });
  document.addEventListener("change", function (event) {
    var form = event.target.closest("#verdict-form");
    if (form) markDirty(form);
  });
  function showRating(form, slug) {
    var input = $("[data-rating-input]", form);
    if (input) input.value = slug;
    $$("[data-rating]", form).forEach(function (b) { b.setAttribute("aria-pressed", b.value === slug ? "true" : "false"); });
  }
  function restoreDraft(root) {
    var form = $("#verdict-form", root);
    if (!form) return;
    var key = draftKey(form), raw = null, state = null;
    try { raw = key && sessionStorage.getItem(key); state = raw && JSON.parse(raw); } catch (e) { state = null; }
    if (!state) return;
    var current = formState(form), changed = false;
    var total = $("input[name=sources-TOTAL_FORMS]", form);
    var wanted = parseInt(state["sources-TOTAL_FORMS"], 10) || 0;
    while (total && (parseInt(total.value, 10) || 0) < wanted) { addSource(form, true); }
    Object.keys(state).forEach(function (name) {
      if (current[name] === state[name]) return;
      var el = form.elements[name];
      if (!el || el.length > 1 && !el.tagName) el = $("[name='" + name + "']:not(button)", form);
      if (!el) return;
      changed = true;
      if (el.hasAttribute && el.hasAttribute("data-rating-input")) showRating(form, state[name]);
      else if (el.type === "checkbox") el.checked = state[name] === "1";
      else el.value = state[name];
    });
    if (!changed) { try { sessionStorage.removeItem(key); } catch (e) { /* ignore */ } return; }
    form.setAttribute("data-dirty", "1");
    var note = document.createElement("p");
    note.className = "notice draft-note";
    note.setAttribute("role", "status");
    note.setAttribute("data-draft-note", "");
    note.appendChild(document.createTextNode((form.getAttribute("data-draft-restored") || "Unsaved draft restored (not saved yet).") + " "));
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "secondary";
    discard.setAttribute("data-discard-draft", "");
    discard.textContent = form.getAttribute("data-discard-label") || "Discard";
    note.appendChild(discard);
    form.insertBefore(note, form.firstChild);
  }
  function discardDraft(form) {
    var panel = form.closest("[data-claim]");
    if (panel) clearDrafts(panel.getAttribute("data-claim"));
    form.reset();  // back to what the server rendered: the saved verdict
    var input = $("[data-rating-input]", form);
    showRating(form, input ? input.getAttribute("data-initial") || "" : "");
    form.removeAttribute("data-dirty");
    var note = $("[data-draft-note]", form);
    if (note) note.remove();
    if (panel) panel.focus({ preventScroll: true });
  }
  window.addEventListener("beforeunload", function (event) {
    var form = $("#verdict-form[data-dirty]");
    if (form) { event.preventDefault(); event.returnValue = ""; }
  });

  // ------------------------------------------------------------ the claim list: filter and sort (client-side)
  // Filters read what each row shows (status and kind classes, "CW 0.42", speaker, assignee);
  // hidden rows are skipped by j/k. One pass over the rows per change (3,000 rows: a few ms).
  // the machine value (data-cw, "0.42"): the text shows the locale's "0,42"
  function rowCw(li) { var el = li.querySelector(".cw"); var v = el && parseFloat(el.getAttribute("data-cw")); return v > 0 ? v : 0; }
  function rowPos(li) { var el = li.querySelector(".pos"); return el ? parseInt(el.textContent, 10) || 0 : 0; }
  function setupFilters() {
    var form = $("[data-claim-filters]");
    var list = $(".claim-list");
    if (!form || !list || form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "1");
    form.hidden = false;
    var kinds = {};
    $$(".claim-row", list).forEach(function (li) {
      li.className.split(" ").forEach(function (c) { if (c.indexOf("kind-") === 0) kinds[c.slice(5)] = true; });
    });
    var kindSelect = $("[data-kinds]", form), labels = {};
    // the kinds' labels in the UI's language come from the page (data-kind-labels, JSON)
    try { labels = JSON.parse(kindSelect.getAttribute("data-kind-labels") || "{}"); } catch (e) { labels = {}; }
    Object.keys(kinds).sort().forEach(function (k) {
      var o = document.createElement("option"); o.value = k; o.textContent = labels[k] || k; kindSelect.appendChild(o);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("input", function () { applyFilters(form, list); });
    form.addEventListener("change", function () { applyFilters(form, list); });
  }
  function applyFilters(form, list) {
    var text = form.elements.text.value.trim().toLowerCase();
    var status = form.elements.status.value, kind = form.elements.kind.value;
    var cw = parseFloat(form.elements.cw.value); if (isNaN(cw)) cw = -1;
    var me = form.getAttribute("data-me"), mine = form.elements.mine.checked;
    var items = $$(".claim-row", list), shown = 0;
    items.forEach(function (li) {
      var ok = (!status || li.classList.contains("status-" + status)) && (!kind || li.classList.contains("kind-" + kind)) && (cw < 0 || rowCw(li) >= cw);
      if (ok && mine) { var a = li.querySelector(".assignee"); ok = !!a && a.textContent.replace("→", "").trim() === me; }
      if (ok && text) ok = li.textContent.toLowerCase().indexOf(text) >= 0;
      li.hidden = !ok;
      if (ok) shown++;
    });
    var sort = form.elements.sort.value;
    if (sort !== (list.getAttribute("data-sort") || "position")) {
      var key = sort === "cw" ? function (li) { return -rowCw(li) * 1e6 + rowPos(li); } : rowPos;
      var keyed = items.map(function (li) { return [key(li), li]; }).sort(function (x, y) { return x[0] - y[0]; });
      var frag = document.createDocumentFragment();
      keyed.forEach(function (pair) { frag.appendChild(pair[1]); });
      list.appendChild(frag);
      list.setAttribute("data-sort", sort);
    }
    var count = $("[data-claim-count]", form);
    if (count) count.textContent = shown === items.length ? "" : uiText("countShown", "%(shown)s of %(total)s claims shown", {shown: shown, total: items.length});
  }
  document.addEventListener("DOMContentLoaded", setupFilters);
  document.addEventListener("htmx:afterSettle", function () {
    var form = $("[data-claim-filters]");
    if (!form) return;
    if (!form.getAttribute("data-ready")) { setupFilters(); }
  });

  // ------------------------------------------------------------ selection
  function rows() { return $$(".claim-list .claim-row:not([hidden]) [data-claim-link]"); }
  // Whether the panel sits beside the text (or the queue's list) or under it: at a phone's
  // width the columns stack, and bringing the claim's row or highlight into view scrolled the
  // panel away (the reviewer landed mid-text). Stacked, the panel is what is brought into view.
  function stacked() {
    var panel = $("#claim-panel"), other = $(".text-col") || $(".claim-list");
    if (!panel || !other) return false;
    var a = panel.getBoundingClientRect(), b = other.getBoundingClientRect();
    return !(a.right <= b.left + 1 || b.right <= a.left + 1);  // overlapping horizontally: one above the other
  }
  function select(claimId, scroll) {
    $$(".claim-row.selected, .hl.selected").forEach(function (el) { el.classList.remove("selected"); });
    var row = document.getElementById("claim-row-" + claimId);
    var mark = document.getElementById("hl-" + claimId);
    var narrow = scroll && stacked();
    if (row) { row.classList.add("selected"); if (scroll && !narrow) row.scrollIntoView({ block: "nearest" }); }
    if (mark) { mark.classList.add("selected"); if (scroll && !narrow) mark.scrollIntoView({ block: "center" }); }
    if (narrow) { var panel = $("#claim-panel"); if (panel) panel.scrollIntoView({ block: "start" }); }
    return narrow;
  }
  function move(step) {
    var links = rows();
    if (!links.length) return;
    var current = $(".claim-row.selected [data-claim-link]");
    var i = links.indexOf(current);
    var next = links[Math.min(links.length - 1, Math.max(0, i < 0 ? 0 : i + step))];
    if (next && next !== current) { next.click(); next.focus({ preventScroll: true }); }
  }

  // the queue: preload the panel of the claim after the one shown (hx-preload, see queue.html),
  // so that j (or a click) shows it at once
  function preloadAfter(claimId) {
    var row = document.getElementById("claim-row-" + claimId);
    if (!row || !row.closest(".queue-list") || !window.htmx) return;
    var next = row.nextElementSibling;
    var link = next && $("[data-claim-link]", next);
    if (!link || link.hasAttribute("preload")) return;
    link.setAttribute("preload", "preload:init");
    window.htmx.process(link);
  }

  var savedClaim = null;  // the claim whose verdict the last request saved (its drafts go)
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("#verdict-form");
    savedClaim = null;
    if (form) { var p = form.closest("[data-claim]"); savedClaim = p && p.getAttribute("data-claim"); }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var panel = $("#claim-panel");
    // only a swap that brought a panel (not the lazy sections inside it, nor the out-of-band
    // rows: a second restoreDraft would find the form equal to its draft and drop the draft)
    if (!panel || !(event.target === panel || (event.target.contains && event.target.contains(panel)))) return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (savedClaim && status === 200) clearDrafts(savedClaim);
    savedClaim = null;
    var id = panel.getAttribute("data-claim");
    var narrow = id ? select(id, true) : false;
    if (id) preloadAfter(id);
    restoreDraft(panel);
    var conflict = $("[data-conflict]", panel);
    var saved = $("[data-save-status]", panel);
    var refusedForm = status === 422 && !conflict && $("#verdict-form", panel);
    if (refusedForm) { reportErrors(refusedForm); return; }
    if (conflict) { conflict.scrollIntoView({ block: "center" }); conflict.focus({ preventScroll: true }); }
    else if (saved && saved.textContent.trim()) {
      // after a save: focus on the panel (not a text box), so the next key is a shortcut
      panel.focus({ preventScroll: true });
      if (!narrow) saved.scrollIntoView({ block: "nearest" });  // stacked: the panel's top stays in view (the bar is sticky)
    }
  });
  document.addEventListener("submit", function (event) {
    // a plain (non-htmx) save leaves the page: no "unsaved changes" prompt for it
    if (event.target.id === "verdict-form") event.target.removeAttribute("data-dirty");
  });
  document.addEventListener("htmx:responseError", function (event) {
    var toast = $("#toast");
    if (!toast) return;
    var status = event.detail.xhr.status;
    toast.textContent = status === 403 ? uiText("forbidden", "You are not allowed to do that.") : uiText("serverError", "The server could not do that (HTTP %(status)s). Nothing was lost: try again.", {status: status});
    toast.hidden = false;
    setTimeout(function () { toast.hidden = true; }, 6000);
  });
  document.addEventListener("htmx:sendError", function () {
    var toast = $("#toast");
    if (!toast) return;
    toast.textContent = uiText("offline", "No connection to the server: your work is still in the form. Try again.");
    toast.hidden = false;
    setTimeout(function () { toast.hidden = true; }, 6000);
  });

  document.addEventListener("DOMContentLoaded", function () {
    var panel = $("#claim-panel");
    if (panel && panel.getAttribute("data-claim")) {
      select(panel.getAttribute("data-claim"), true);
      restoreDraft(panel);
    }
  });

  // ------------------------------------------------------------ "Checked before" (claim matching)
  // m moves to the next suggestion; c / x / u act on the current one (same claim, not the same,
  // add as source). The current suggestion is remembered across the section's swaps.
  var currentMatch = null;
  function matches() { return $$("#checked-before [data-match]"); }
  function markMatch(item) {
    matches().forEach(function (el) {
      var on = el === item;
      el.classList.toggle("current", on);
      [["[data-match-confirm]", "c"], ["[data-match-reject]", "x"], ["[data-match-source]", "u"]].forEach(function (pair) {
        var b = $(pair[0], el);
        if (!b) return;
        if (on) b.setAttribute("aria-keyshortcuts", pair[1]); else b.removeAttribute("aria-keyshortcuts");
      });
    });
    currentMatch = item ? item.getAttribute("data-match") : null;
  }
  function ensureMatch() {
    var list = matches();
    if (!list.length) { currentMatch = null; return null; }
    var item = currentMatch && $("#checked-before [data-match='" + currentMatch + "']");
    item = item || list[0];
    markMatch(item);
    return item;
  }
  function nextMatch() {
    var list = matches();
    if (!list.length) return;
    var item = ensureMatch();
    var next = list[(list.indexOf(item) + 1) % list.length];
    markMatch(next);
    next.scrollIntoView({ block: "nearest" });
  }
  function matchAction(selector) {
    var item = ensureMatch();
    var button = item && $(selector, item);
    if (!button) return false;
    if (button.hasAttribute("data-match-source")) {
      var form = $("#verdict-form");
      if (form) form.removeAttribute("data-dirty");  // the answer brings the form back, marked unsaved
    }
    button.click();
    return true;
  }
  document.addEventListener("htmx:afterSettle", function () { ensureMatch(); });
  document.addEventListener("DOMContentLoaded", function () { ensureMatch(); });

  // ------------------------------------------------------------ boundaries from a text selection (editors)
  // Select words in the article text, then "Set the boundaries to the selection" or "Split where
  // the selection starts". The offsets sent are code points into the article text (the text
  // column's textContent is the article text), as the server counts them: JavaScript strings
  // are UTF-16, so a character outside the BMP (an emoji) is two units here and one there. The
  // server checks them (claim_set_bounds / claim_split) as it checks typed ones.
  function codePoints(s) { var pairs = s.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g); return s.length - (pairs ? pairs.length : 0); }
  function textOffset(root, node, offset) {
    var r = document.createRange();
    r.setStart(root, 0);
    r.setEnd(node, offset);
    return codePoints(r.toString());
  }
  var lastSelection = null;  // the last selection made in the article text (clicking a button may clear it)
  function textSelection() {
    var root = $("#article-text"), sel = window.getSelection();
    if (!root || !sel || !sel.rangeCount) return null;
    var range = sel.getRangeAt(0);
    if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) return null;
    return range;
  }
  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection(), range = textSelection();
    if (range) lastSelection = range.cloneRange();
    else if (!sel || !sel.rangeCount || !sel.getRangeAt(0).collapsed) lastSelection = null;  // none, or text elsewhere
  });
  document.addEventListener("mousedown", function (event) {
    // links in the text (each claim's highlight) would start a link drag, not a selection
    var link = event.target.closest && event.target.closest("#article-text a");
    if (link) link.draggable = false;
  }, true);
  document.addEventListener("click", function (event) {
    // a click that ends a selection in the text selects words: it does not open the claim
    var range = event.target.closest && event.target.closest("#article-text") && textSelection();
    if (range && !range.collapsed) { event.preventDefault(); event.stopPropagation(); return; }
    var button = event.target.closest && event.target.closest("[data-selection-bounds], [data-selection-split]");
    if (!button) return;
    var form = button.form, root = $("#article-text"), note = $("[data-selection-note]", form);
    var split = button.hasAttribute("data-selection-split");
    range = lastSelection;
    if (!root || !range || !root.contains(range.startContainer) || (!split && range.collapsed)) {
      event.preventDefault(); event.stopPropagation();  // before htmx sends anything
      if (note) note.textContent = form.getAttribute("data-select-first") || "First select words in the article text (for a split, click where the second part starts).";
      return;
    }
    var start = textOffset(root, range.startContainer, range.startOffset);
    var end = textOffset(root, range.endContainer, range.endOffset);
    $("[data-selection-start]", form).value = String(start);
    $("[data-selection-end]", form).value = String(end);
    $("[data-selection-at]", form).value = String(start);
  }, true);
  function setupSelectionForm() {
    if ($("#article-text")) $$("[data-selection-form]").forEach(function (f) { f.hidden = false; });
  }
  document.addEventListener("DOMContentLoaded", setupSelectionForm);
  document.addEventListener("htmx:afterSettle", setupSelectionForm);

  // ------------------------------------------------------------ keys
  function submitWith(selector) {
    var form = $("#verdict-form");
    if (!form) return;
    var button = $(selector, form);
    form.removeAttribute("data-dirty");
    // htmx wires a swapped-in panel up when it settles (20 ms after the swap): a key pressed in
    // between would submit the bare form, a full page load. Processing it now is idempotent.
    if (window.htmx) window.htmx.process(form);
    // a click (not requestSubmit) so that htmx sends the button's name, e.g. next=1
    if (button) button.click(); else form.requestSubmit();
  }

  var pendingG = false;
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      if ($("#verdict-form")) { event.preventDefault(); submitWith(event.shiftKey ? "[data-save-next]" : "[data-save]"); }
      return;
    }
    if (event.key === "Escape" && typing(event.target)) { event.target.blur(); return; }
    if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    var dialog = $("#shortcuts-dialog");
    if (dialog && dialog.open) return;
    if (pendingG) {
      pendingG = false;
      if (event.key === "q") { var q = $("a[aria-keyshortcuts='g q']"); if (q) { event.preventDefault(); window.location.href = q.href; } }
      return;
    }
    var key = event.key;
    if (key === "?") { if (dialog) { event.preventDefault(); dialog.showModal(); } return; }
    if (key === "/") { var search = $("input[type=search], [data-search]"); if (search) { event.preventDefault(); search.focus(); } return; }
    if (key === "g") { pendingG = true; setTimeout(function () { pendingG = false; }, 1500); return; }
    if (key === "j" || key === "k") {
      // timed (window.fcTimings: the key handling, in ms) for bench/review_ui.py
      var t0 = performance.now();
      event.preventDefault();
      move(key === "j" ? 1 : -1);
      (window.fcTimings = window.fcTimings || []).push(performance.now() - t0);
      return;
    }
    if (key === "s") { if ($("#verdict-form")) { event.preventDefault(); submitWith("[data-save]"); } return; }
    if (key === "n") { if ($("#verdict-form")) { event.preventDefault(); submitWith("[data-save-next]"); } return; }
    if (key === "d") { var why = $("[data-defer-reason]"); if (why) { event.preventDefault(); why.focus(); } return; }
    if (key === "r") { var box = $("#verdict-form textarea[name=rationale]"); if (box) { event.preventDefault(); box.focus(); } return; }
    if (key === "a") { var form = $("#verdict-form"); if (form) { event.preventDefault(); addOrFocusSource(form); } return; }
    if (key === "m") { if (matches().length) { event.preventDefault(); nextMatch(); } return; }
    if (key === "c") { if (matchAction("[data-match-confirm]")) event.preventDefault(); return; }
    if (key === "x") { if (matchAction("[data-match-reject]")) event.preventDefault(); return; }
    if (key === "u") { if (matchAction("[data-match-source]")) event.preventDefault(); return; }
    if (/^[1-9]$/.test(key)) {
      var button = $("#verdict-form [data-key='" + key + "']");
      if (button) { event.preventDefault(); pickRating(button); }
    }
  });
})();
