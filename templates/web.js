/* The web edition's only script (written inline by base.html.j2 and allowed by the page's
   Content-Security-Policy by its digest). A citation shows its note in a preview: on
   hover or keyboard focus it appears beside the call; on a touch screen the first tap
   opens it, with a link to the note in the notes list (which links back), and a second
   tap, or the link, goes there. Without the script the calls are plain links. The
   contents mark the part of the briefing on the screen. A chart opens full size. */
(function () {
  "use strict";
  var preview = document.createElement("div");
  preview.className = "note-preview";
  preview.id = "note-preview";
  preview.setAttribute("role", "tooltip");
  preview.hidden = true;
  document.body.appendChild(preview);

  var shown = null;       // the call whose note is shown
  var touched = false;    // the last pointer down was a finger or a pen
  var shownAtDown = null; // the call previewed when it went down (focus may show it since)
  var showTimer = 0, hideTimer = 0;

  function noteOf(call) {
    return document.getElementById(call.getAttribute("href").slice(1));
  }

  function show(call) {
    var note = noteOf(call);
    if (!note) { return; }
    clearTimeout(hideTimer);
    var copy = note.cloneNode(true);
    var back = copy.querySelector(".backref");
    if (back) { back.remove(); }
    copy.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    preview.replaceChildren.apply(preview, Array.prototype.slice.call(copy.childNodes));
    var go = document.createElement("a");
    go.className = "to-note";
    go.href = call.getAttribute("href");
    go.textContent = "Go to note " + call.textContent.trim();
    preview.appendChild(go);
    if (shown && shown !== call) { shown.removeAttribute("aria-describedby"); }
    shown = call;
    call.setAttribute("aria-describedby", preview.id);
    preview.hidden = false;
    place(call);
  }

  function place(call) {
    var box = call.getBoundingClientRect();
    var width = Math.min(448, document.documentElement.clientWidth - 16);
    preview.style.setProperty("width", width + "px");
    var left = Math.max(8, Math.min(box.left - 24, document.documentElement.clientWidth - width - 8));
    var below = box.bottom + 6;
    var height = preview.offsetHeight;
    var top = (below + height > window.innerHeight && box.top - 6 - height > 0)
      ? box.top - 6 - height : below;
    preview.style.setProperty("left", (left + window.scrollX) + "px");
    preview.style.setProperty("top", (top + window.scrollY) + "px");
  }

  function hide() {
    clearTimeout(showTimer);
    if (shown) { shown.removeAttribute("aria-describedby"); }
    shown = null;
    preview.hidden = true;
  }

  function hideSoon() {
    clearTimeout(showTimer);
    hideTimer = setTimeout(hide, 250);
  }

  function callAt(target) {
    return target instanceof Element ? target.closest("a.fnref") : null;
  }

  document.addEventListener("pointerdown", function (event) {
    touched = event.pointerType !== "mouse";
    shownAtDown = shown;
    if (!preview.contains(event.target) && !callAt(event.target)) { hide(); }
  });
  document.addEventListener("click", function (event) {
    var call = callAt(event.target);
    if (call && touched && shownAtDown !== call) {
      shownAtDown = call;
      event.preventDefault();  // the first tap previews; a second one follows the link
      show(call);
    } else if (call || preview.contains(event.target)) {
      hide();
    }
  });
  document.addEventListener("pointerover", function (event) {
    var call = callAt(event.target);
    if (event.pointerType !== "mouse") { return; }
    if (call) {
      clearTimeout(hideTimer);
      clearTimeout(showTimer);
      showTimer = setTimeout(function () { show(call); }, 150);
    } else if (preview.contains(event.target)) {
      clearTimeout(hideTimer);
    }
  });
  document.addEventListener("pointerout", function (event) {
    if (event.pointerType === "mouse" && (callAt(event.target) || preview.contains(event.target))) {
      hideSoon();
    }
  });
  document.addEventListener("focusin", function (event) {
    var call = callAt(event.target);
    if (call) { show(call); } else if (!preview.contains(event.target)) { hide(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hide(); }
  });
  window.addEventListener("hashchange", hide);
  window.addEventListener("resize", function () { if (shown) { place(shown); } });

  // The contents mark the section being read (aria-current), so the column says where one is.
  var entries = Array.prototype.slice.call(
    document.querySelectorAll(".contents .toc:not(.lof) a[href^='#']"));
  var parts = entries.map(function (a) { return document.getElementById(a.hash.slice(1)); });
  function markCurrent() {
    var current = -1;
    parts.forEach(function (part, i) {
      if (part && part.getBoundingClientRect().top <= window.innerHeight / 3) { current = i; }
    });
    entries.forEach(function (a, i) {
      if (i === current) { a.setAttribute("aria-current", "location"); }
      else { a.removeAttribute("aria-current"); }
    });
  }
  // The "Contents" link of a phone keeps off the text: out of the way when the page opens,
  // while one reads on (scrolls down) and while the contents are on the screen; back when
  // one scrolls up to look for something, and at the end of the page, in the room body's
  // padding leaves it. Keyboard focus shows it too (screen.css).
  var toContents = document.querySelector("a.to-contents");
  var contents = document.getElementById("contents");
  var lastY = window.scrollY;
  function tuckContents() {
    if (!toContents) { return; }
    var y = window.scrollY, root = document.documentElement;
    var box = contents ? contents.getBoundingClientRect() : null;
    var atEnd = y + window.innerHeight >= root.scrollHeight - 2;
    var tucked = (box && box.bottom > 0 && box.top < window.innerHeight) ? true
      : atEnd ? false : y > lastY ? true : y < lastY ? false
      : toContents.classList.contains("tucked");
    toContents.classList.toggle("tucked", tucked);
    lastY = y;
  }
  var pending = false;
  window.addEventListener("scroll", function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () { pending = false; markCurrent(); tuckContents(); });
    }
  }, { passive: true });
  markCurrent();
  if (toContents) { toContents.classList.add("tucked"); }  // until one looks for something
  tuckContents();

  // A chart opens full size: on a phone its text is a few pixels high. A tap on the chart,
  // or its button (the keyboard's way), shows it in a dialog at least as wide as makes its
  // smallest text MIN_CHART_TEXT px, scrolled where it is wider than the screen. The chart
  // itself moves into the dialog and back, so its ids stay the page's only ones.
  var MIN_CHART_TEXT = 11;
  var dialog = null, full = null, words = null, opened = null;

  function chartDialog() {
    if (dialog) { return dialog; }
    dialog = document.createElement("dialog");
    dialog.className = "chart-dialog";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "chart-close";
    close.textContent = "Close";
    close.addEventListener("click", function () { dialog.close(); });
    full = document.createElement("div");
    full.className = "chart-full";
    full.tabIndex = 0;  // it scrolls: the keyboard scrolls it too
    words = document.createElement("p");
    words.className = "chart-caption";
    dialog.append(close, full, words);
    dialog.addEventListener("close", function () {
      var chart = full.querySelector("svg.chart");
      if (chart && opened) {
        chart.style.removeProperty("width");
        opened.appendChild(chart);
        opened.style.removeProperty("min-height");
      }
      opened = null;
    });
    document.body.appendChild(dialog);
    return dialog;
  }

  function openChart(view) {
    var chart = view.querySelector("svg.chart");
    if (!chart) { return; }
    var caption = view.closest("figure").querySelector("figcaption");
    chartDialog();
    opened = view;
    view.style.setProperty("min-height", view.offsetHeight + "px");  // the page keeps its place
    words.textContent = caption ? caption.textContent : "";
    dialog.setAttribute("aria-label", caption ? caption.querySelector(".label").textContent : "Chart");
    full.appendChild(chart);
    dialog.showModal();
    var sizes = Array.prototype.map.call(chart.querySelectorAll("text"), function (t) {
      return parseFloat(t.getAttribute("font-size")) || 10;
    });
    var box = chart.viewBox.baseVal;
    var legible = box.width * MIN_CHART_TEXT / Math.min.apply(Math, sizes.concat([10]));
    var fits = Math.min(full.clientWidth, full.clientHeight * box.width / box.height);
    chart.style.setProperty("width", Math.ceil(Math.max(legible, fits)) + "px");
  }

  document.querySelectorAll("figure .chart-view").forEach(function (view) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "chart-open";
    button.textContent = "Open full size";
    var label = view.closest("figure").querySelector("figcaption .label");
    if (label) {  // the name begins with the words shown
      button.setAttribute("aria-label", "Open full size: " + label.textContent.replace(/\.$/, ""));
    }
    button.addEventListener("click", function () { openChart(view); });
    view.addEventListener("click", function () { openChart(view); });
    view.classList.add("opens");
    view.after(button);
  });
})();
