// Parcours: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // A rich-text editor for job descriptions: bold, italic and lists on a
  // contenteditable area that writes back into the plain textarea on submit.
  function enhanceRichText(textarea) {
    if (textarea.dataset.enhanced) return;
    textarea.dataset.enhanced = "1";
    var toolbar = document.createElement("div");
    toolbar.className = "rich-editor-toolbar";
    var editor = document.createElement("div");
    editor.className = "rich-editor";
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    if (label) editor.setAttribute("aria-label", label.textContent.trim());
    editor.innerHTML = textarea.value;
    [["bold", "B"], ["italic", "I"], ["insertUnorderedList", "• —"], ["insertOrderedList", "1."]].forEach(function (cmd) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary outline";
      button.textContent = cmd[1];
      button.setAttribute("aria-label", cmd[0]);
      button.addEventListener("click", function () { editor.focus(); document.execCommand(cmd[0]); });
      toolbar.appendChild(button);
    });
    textarea.hidden = true;
    textarea.parentNode.insertBefore(toolbar, textarea);
    textarea.parentNode.insertBefore(editor, textarea);
    textarea.form.addEventListener("submit", function () { textarea.value = editor.innerHTML; });
  }

  // On a wide screen the menu is a plain row of links: keep its <details> open.
  function openMenuOnWideScreens() {
    var menu = document.querySelector("details.menu");
    if (menu && window.matchMedia("(min-width: 1024px)").matches) menu.open = true;
  }
  document.addEventListener("DOMContentLoaded", openMenuOnWideScreens);

  function init(root) {
    root.querySelectorAll("textarea[data-rich-text]").forEach(enhanceRichText);
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
