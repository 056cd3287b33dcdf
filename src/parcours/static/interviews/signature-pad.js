// Parcours signature pad: draw with a finger, a stylus or the mouse on a <canvas>; the
// form receives the drawing as a PNG data URL in its "image" field. No dependencies.
(function () {
  "use strict";

  function setUp(wrap) {
    var canvas = wrap.querySelector("canvas");
    var form = wrap.closest("form");
    var image = form.querySelector('input[name="image"]');
    var context = canvas.getContext("2d");
    var drawing = false;
    var drawn = false;
    var last = null;

    function resize() {
      // Draw at the screen's real resolution so the signature stays sharp.
      var ratio = Math.max(window.devicePixelRatio || 1, 1);
      var rect = canvas.getBoundingClientRect();
      var saved = drawn ? canvas.toDataURL("image/png") : null;
      canvas.width = Math.round(rect.width * ratio);
      canvas.height = Math.round(rect.height * ratio);
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.lineWidth = 2.5;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.strokeStyle = "#111";
      if (saved) {
        var picture = new Image();
        picture.onload = function () { context.drawImage(picture, 0, 0, rect.width, rect.height); };
        picture.src = saved;
      }
    }

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      drawing = true;
      last = point(event);
      context.beginPath();
      context.arc(last.x, last.y, 1.2, 0, Math.PI * 2);
      context.fillStyle = "#111";
      context.fill();
      drawn = true;
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      event.preventDefault();
      var next = point(event);
      context.beginPath();
      context.moveTo(last.x, last.y);
      context.lineTo(next.x, next.y);
      context.stroke();
      last = next;
      drawn = true;
    });
    ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
      canvas.addEventListener(name, function () { drawing = false; });
    });

    wrap.querySelector("[data-clear]").addEventListener("click", function () {
      context.clearRect(0, 0, canvas.width, canvas.height);
      drawn = false;
      image.value = "";
    });

    form.addEventListener("submit", function (event) {
      var confirming = event.submitter && event.submitter.hasAttribute("data-confirm-button");
      image.value = drawn && !confirming ? canvas.toDataURL("image/png") : "";
    });

    window.addEventListener("resize", resize);
    resize();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-signature-pad]").forEach(setUp);
  });
})();
