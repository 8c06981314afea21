/* Timeline filters: tag, status and place. Without JavaScript the tag and place pages are
   the filtered views; with it the timeline filters instantly and keeps the filter in the
   address (?tag=…&status=…&place=…) so a filtered view can be shared and reloaded. */
(function () {
  "use strict";
  function setup() {
    var form = document.querySelector("form.ch-filters");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var items = Array.prototype.slice.call(document.querySelectorAll("span.ch-ev")).map(function (span) {
      return { span: span, li: span.closest("li") };
    });
    var output = form.querySelector(".ch-filters__count");
    var names = ["tag", "status", "place"];
    function apply(push) {
      var want = {};
      names.forEach(function (n) { want[n] = form.elements[n].value; });
      var shown = 0;
      items.forEach(function (it) {
        var d = it.span.dataset;
        var ok = (!want.tag || (" " + d.tags + " ").indexOf(" " + want.tag + " ") >= 0) &&
                 (!want.status || d.status === want.status) &&
                 (!want.place || d.place === want.place);
        if (it.li) it.li.hidden = !ok;
        if (ok) shown++;
      });
      document.querySelectorAll(".md-content h2[id^=year-]").forEach(function (h) {
        var list = h.nextElementSibling;
        var any = list && list.querySelector("li:not([hidden])");
        h.hidden = !any;
        if (list) list.hidden = !any;
      });
      if (output) {
        output.textContent = output.dataset.template
          .replace("{n}", shown.toLocaleString(document.documentElement.lang))
          .replace("{total}", items.length.toLocaleString(document.documentElement.lang));
      }
      if (push) {
        var params = new URLSearchParams(location.search);
        names.forEach(function (n) { if (want[n]) params.set(n, want[n]); else params.delete(n); });
        var q = params.toString();
        history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
      }
    }
    var params = new URLSearchParams(location.search);
    names.forEach(function (n) {
      var value = params.get(n);
      if (value && form.elements[n].querySelector("option[value='" + CSS.escape(value) + "']")) {
        form.elements[n].value = value;
      }
    });
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
    apply(false);
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(setup); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setup); }
  else { setup(); }
})();
