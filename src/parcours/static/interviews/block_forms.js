// Parcours interviews: what is typed in a block's own small form is never lost silently.
// Some blocks (a new objective, a training request) have fields that only their own button
// ("Add this objective") records. A block opts in with `data-block-form` on the element
// around its fields and gives, in the reader's language, `data-unsaved-text`: the warning
// shown when the page's general Save (or another button of the page) is pressed while
// those fields hold input. The submit is stopped, the block is shown with the warning and
// its first changed field gets the focus. Leaving the page with such input asks first.
(function () {
  "use strict";

  function changed(field) {
    if (!field.name || field.disabled || field.type === "hidden") return false;
    if (field.type === "checkbox" || field.type === "radio") return field.checked !== field.defaultChecked;
    if (field.tagName === "SELECT") {
      var options = Array.prototype.slice.call(field.options);
      var anyDefault = options.some(function (o) { return o.defaultSelected; });
      if (!anyDefault) return field.selectedIndex > 0;
      return options.some(function (o) { return o.selected !== o.defaultSelected; });
    }
    return field.value !== field.defaultValue;
  }

  function changedFields(block) {
    return Array.prototype.filter.call(block.querySelectorAll("input, textarea, select"), changed);
  }

  function warn(block) {
    var note = block.querySelector(".block-unsaved");
    if (!note) {
      note = document.createElement("p");
      note.className = "block-unsaved message error";
      note.setAttribute("role", "alert");
      var legend = block.querySelector(":scope > legend");
      block.insertBefore(note, legend ? legend.nextSibling : block.firstChild);
    }
    note.textContent = block.getAttribute("data-unsaved-text") || "";
  }

  var leaving = false;

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter || null;
    var own = submitter && submitter.closest ? submitter.closest("[data-block-form]") : null;
    var pending = Array.prototype.filter.call(form.querySelectorAll("[data-block-form]"), function (block) {
      return block !== own && changedFields(block).length > 0;
    });
    if (!pending.length) { leaving = true; return; }
    event.preventDefault();
    pending.forEach(warn);
    var first = changedFields(pending[0])[0];
    pending[0].scrollIntoView({ block: "center" });
    if (first) first.focus({ preventScroll: true });
  }, true);

  window.addEventListener("beforeunload", function (event) {
    if (leaving) return;
    var pending = Array.prototype.some.call(document.querySelectorAll("[data-block-form]"), function (block) {
      return changedFields(block).length > 0;
    });
    if (pending) { event.preventDefault(); event.returnValue = ""; }
  });
})();
