/* Normalise what the reader types into the search field the same way the search index
   was normalised at build time (chronicle/search.py): Arabic ي/ك -> Persian ی/ک, Persian and
   Arabic digits -> Latin digits, zero-width non-joiner -> space, tatweel and diacritics
   removed. Runs before Material's own handlers (capture phase). */
(function () {
  "use strict";
  var map = { "\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u0629": "\u0647", "\u06c0": "\u0647" };
  function normalise(text) {
    return text
      .replace(/[\u064a\u0649\u0643\u0629\u06c0]/g, function (c) { return map[c]; })
      .replace(/[\u06f0-\u06f9]/g, function (c) { return String(c.charCodeAt(0) - 0x06f0); })
      .replace(/[\u0660-\u0669]/g, function (c) { return String(c.charCodeAt(0) - 0x0660); })
      .replace(/\u0640/g, "")
      .replace(/[\u064b-\u065f\u0670]/g, "")
      .replace(/\u200c/g, " ");
  }
  window.chronicleNormalise = normalise;
  function isQuery(el) {
    return !!(el && el.matches && el.matches("[data-md-component=search-query]"));
  }
  function fix(event) {
    var el = event.target;
    if (!isQuery(el)) return;
    var value = normalise(el.value);
    if (value !== el.value) {
      var end = el.selectionEnd;
      el.value = value;
      try { el.setSelectionRange(end, end); } catch (e) { /* not focused */ }
    }
  }
  ["keydown", "keyup", "input", "change", "focus"].forEach(function (type) {
    document.addEventListener(type, fix, true);
  });
  /* Material starts a search on every key release. Two things go wrong: text that arrives
     without a key release (pasted with the mouse, dictated, chosen from an input method or
     an on-screen keyboard's suggestion) waits for the next key; and every key starts a full
     search, the first letters of a word matching most of the index, so typing a name
     queued a dozen searches and the results lagged seconds behind on slow devices. So the
     reader's key releases are held back, and one release is announced to Material when the
     text changes and typing pauses. */
  var pending = null;
  function announce(el) {
    clearTimeout(pending);
    pending = setTimeout(function () {
      el.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    }, 100);
  }
  document.addEventListener("keyup", function (event) {
    if (event.isTrusted && isQuery(event.target)) event.stopPropagation();
  }, true);
  document.addEventListener("input", function (event) {
    if (isQuery(event.target)) announce(event.target);
  });
})();
