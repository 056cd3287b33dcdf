// Skills matrix: record a level from a cell, and title the cells on hover.
// Without JavaScript each person's name leads to their page, where levels are recorded.
(function () {
  "use strict";

  function texts() {
    var node = document.getElementById("matrix-texts");
    return node ? JSON.parse(node.textContent) : null;
  }

  function skillHeader(td) {
    var table = td.closest("table");
    var row = table.querySelector("thead tr.skills");
    return row ? row.children[td.cellIndex] : null;
  }

  function describe(td) {
    var t = texts();
    var header = skillHeader(td);
    if (!t || !header) return "";
    var name = td.parentElement.querySelector("th a, th").firstChild.textContent.trim();
    var level = null;
    td.classList.forEach(function (c) { if (/^l\d+$/.test(c)) level = c.slice(1); });
    var parts = [name + " · " + header.title, level !== null && t.levels[level] ? t.levels[level] : t.none];
    if (td.dataset.r && t.levels[td.dataset.r]) parts.push(t.required + ": " + t.levels[td.dataset.r]);
    if (td.dataset.p && t.levels[td.dataset.p]) parts.push(t.proposed + ": " + t.levels[td.dataset.p]);
    return parts.join(" — ");
  }

  document.addEventListener("mouseover", function (event) {
    var td = event.target.closest && event.target.closest("table.matrix tbody td");
    if (td && !td.title) td.title = describe(td);
  });

  function dialog() { return document.getElementById("assess-dialog"); }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("table.matrix tbody td button");
    if (button) {
      var td = button.parentElement;
      var table = td.closest("table");
      var header = skillHeader(td);
      var url = table.dataset.assessUrl.replace("/0/", "/" + td.parentElement.dataset.e + "/") +
        "?skill=" + header.dataset.s + "&next=" + encodeURIComponent(location.pathname + location.search);
      if (!window.htmx || !dialog()) { location.href = url; return; }
      window.htmx.ajax("GET", url, { target: "#assess-dialog-body", swap: "innerHTML" }).then(function () {
        if (!dialog().open) dialog().showModal();
        var checked = dialog().querySelector("input[type=radio]:checked") || dialog().querySelector("input[type=radio]");
        if (checked) checked.focus();
      });
      return;
    }
    var close = event.target.closest && event.target.closest("#assess-dialog [data-close-dialog]");
    if (close) { event.preventDefault(); dialog().close(); }
  });

  document.addEventListener("skillsChanged", function () {
    if (dialog() && dialog().open) dialog().close();
  });
})();
