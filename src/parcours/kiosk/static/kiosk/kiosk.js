// Kiosk and self-service pages. Every page works without this file: the server ends an
// idle session by itself. Here: the visible idle countdown, "still here" pings, cleaning
// the browser's storage at sign-out, and "read aloud" with the browser's speech synthesis.
(function () {
  "use strict";
  var PREFIX = "parcours:";

  // Nothing of the person stays in this browser after sign-out.
  function wipeStorage() {
    [window.localStorage, window.sessionStorage].forEach(function (store) {
      try {
        for (var i = store.length - 1; i >= 0; i--) {
          var key = store.key(i);
          if (key && key.indexOf(PREFIX) === 0) store.removeItem(key);
        }
      } catch (e) { /* storage disabled */ }
    });
  }

  function idleTimer() {
    var body = document.body;
    var idle = parseInt(body.getAttribute("data-idle") || "0", 10);
    if (!idle) return;
    var aliveUrl = body.getAttribute("data-alive-url");
    var doneForm = document.getElementById("kiosk-done");
    var warning = document.getElementById("idle-warning");
    var warnAt = Math.min(15, Math.max(5, Math.floor(idle / 3)));
    var last = Date.now();
    var lastPing = Date.now();
    var finished = false;

    function csrf() {
      var input = document.querySelector("input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    }

    function signOut() {
      if (finished) return;
      finished = true;
      wipeStorage();
      if (doneForm) doneForm.submit();
    }

    function activity() {
      if (finished) return;
      last = Date.now();
      if (warning) warning.hidden = true;
      // Tell the server at most every third of the idle time that someone is here.
      if (aliveUrl && Date.now() - lastPing > (idle * 1000) / 3) {
        lastPing = Date.now();
        var xhr = new XMLHttpRequest();
        xhr.open("POST", aliveUrl);
        xhr.setRequestHeader("X-CSRFToken", csrf());
        xhr.send();
      }
    }

    ["pointerdown", "keydown", "input", "touchstart", "scroll"].forEach(function (name) {
      document.addEventListener(name, activity, { passive: true, capture: true });
    });

    setInterval(function () {
      var left = Math.ceil(idle - (Date.now() - last) / 1000);
      if (left <= 0) { signOut(); return; }
      if (warning && left <= warnAt) {
        warning.hidden = false;
        warning.textContent = (warning.getAttribute("data-text") || "").replace("%(seconds)s", left);
      }
    }, 500);
    if (doneForm) doneForm.addEventListener("submit", function () { finished = true; wipeStorage(); });
  }

  function readAloud() {
    var synth = window.speechSynthesis;
    if (!synth || typeof window.SpeechSynthesisUtterance !== "function") return;
    document.querySelectorAll("[data-read]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = [];
        button.getAttribute("data-read").split(",").forEach(function (selector) {
          var element = document.querySelector(selector.trim());
          if (element) text.push(element.textContent.trim());
        });
        var utterance = new SpeechSynthesisUtterance(text.join(". "));
        utterance.lang = document.documentElement.lang;
        synth.cancel();
        synth.speak(utterance);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (document.body.hasAttribute("data-signed-out")) wipeStorage();
    idleTimer();
    readAloud();
  });
})();
