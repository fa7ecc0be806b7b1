/* The live preview's script (python -m briefing preview adds it to the page as it serves
   it; the built editions never contain it). When the server says that what the page shows
   has changed, the page reloads itself and returns to where the reader was. */
(function () {
  "use strict";
  var version = document.currentScript.getAttribute("data-version");
  var key = "briefing-preview-scroll " + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var position = JSON.parse(saved);
    if ("scrollRestoration" in history) { history.scrollRestoration = "manual"; }
    var restore = function () { window.scrollTo(position.x, position.y); };
    restore();
    window.addEventListener("load", restore);
  }
  var events = new EventSource("/__preview/events?version=" + encodeURIComponent(version));
  events.addEventListener("reload", function () {
    sessionStorage.setItem(key, JSON.stringify({ x: window.scrollX, y: window.scrollY }));
    events.close();
    location.reload();
  });
})();
