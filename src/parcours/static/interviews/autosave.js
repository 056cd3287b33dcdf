// Parcours interviews: answers saved as they are typed, never lost.
// Each answer box posts itself through htmx (see _slot.html). Until the server confirms,
// what was typed is also kept in this device's storage: if the tablet sleeps or the
// network drops, the box says so, retries when the connection is back, and puts the
// text back after a reload. A resubmitted answer is harmless: the server keys answers by
// interview, question and side and ignores a value it already has.
(function () {
  "use strict";
  var PREFIX = "parcours:answer:";
  var RETRY_MS = 15000;

  function storageKey(box) { return PREFIX + box.dataset.autosave; }

  function fieldName(box) { return box.dataset.autosave.split(":")[1]; }

  function inputsOf(box) {
    return Array.prototype.filter.call(
      box.querySelectorAll("input, textarea, select"),
      function (input) { return input.name === fieldName(box); }
    );
  }

  function valuesOf(box) {
    var values = [];
    inputsOf(box).forEach(function (input) {
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) values.push(input.value);
      } else {
        values.push(input.value);
      }
    });
    return values;
  }

  function setValues(box, values) {
    inputsOf(box).forEach(function (input) {
      if (input.type === "radio" || input.type === "checkbox") {
        input.checked = values.indexOf(input.value) !== -1;
      } else {
        input.value = values.length ? values[0] : "";
      }
    });
  }

  function remember(box) {
    try { localStorage.setItem(storageKey(box), JSON.stringify(valuesOf(box))); } catch (e) { /* full or private mode */ }
  }

  function forget(box) {
    try { localStorage.removeItem(storageKey(box)); } catch (e) { /* nothing to do */ }
  }

  function say(box, text, state) {
    var status = box.querySelector(".save-state");
    if (!status) return;
    status.textContent = text;
    status.className = "save-state state-" + state;
  }

  // The page gives the messages in the reader's language (data-text-* on the form).
  function text(box, name) {
    var form = box.closest("form");
    return (form && form.getAttribute("data-text-" + name)) || "";
  }

  function boxOf(element) {
    return element && element.closest ? element.closest("[data-autosave]") : null;
  }

  function markPending(box) {
    box.dataset.pending = "1";
    remember(box);
    say(box, text(box, "offline"), "offline");
  }

  function retryPending() {
    if (navigator.onLine === false) return;
    document.querySelectorAll("[data-autosave][data-pending]").forEach(function (box) {
      htmx.trigger(box, "retry");
    });
  }

  document.addEventListener("input", function (event) {
    var box = boxOf(event.target);
    if (box) remember(box);
  });
  document.addEventListener("change", function (event) {
    var box = boxOf(event.target);
    if (box) remember(box);
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var box = boxOf(event.detail.elt);
    if (!box) return;
    box.dataset.sent = JSON.stringify(valuesOf(box));
    if (box === event.detail.elt) say(box, text(box, "saving"), "saving");
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var box = boxOf(event.detail.elt);
    if (!box) return;
    var xhr = event.detail.xhr;
    if (!xhr || xhr.status === 0 || xhr.status >= 500) { markPending(box); return; }
    var state = xhr.getResponseHeader("X-Answer-State");
    if (!event.detail.successful || !state) {
      // Refused, or the session ended (the login page came back): kept on this device.
      delete box.dataset.pending;
      say(box, text(box, "refused"), "error");
      return;
    }
    delete box.dataset.pending;
    // A refused or conflicting answer stays in storage: it is still the person's work;
    // so does an answer typed on while this request was on its way.
    if (state === "saved" && JSON.stringify(valuesOf(box)) === box.dataset.sent) forget(box);
  });

  document.addEventListener("htmx:sendError", function (event) {
    var box = boxOf(event.detail.elt);
    if (box) markPending(box);
  });

  // After a reload: put back what was typed but never confirmed, and send it again.
  function restore() {
    document.querySelectorAll("[data-autosave]").forEach(function (box) {
      var stored;
      try { stored = JSON.parse(localStorage.getItem(storageKey(box)) || "null"); } catch (e) { stored = null; }
      if (!stored) return;
      if (JSON.stringify(stored) === JSON.stringify(valuesOf(box))) { forget(box); return; }
      setValues(box, stored);
      box.dataset.pending = "1";
      say(box, text(box, "restored"), "offline");
    });
    retryPending();
  }

  window.addEventListener("online", retryPending);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) retryPending(); });
  setInterval(retryPending, RETRY_MS);
  document.addEventListener("DOMContentLoaded", restore);
})();
