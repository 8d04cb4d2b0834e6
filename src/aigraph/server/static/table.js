/* aigraph result tables: click a column to sort by it (again to reverse), 25 rows a page. */
(function () {
  "use strict";
  var ko = (document.documentElement.lang || "ko") === "ko";
  function key(td) {
    var el = td.querySelector("[data-sort]");
    var text = el ? el.getAttribute("data-sort") : td.textContent.trim();
    var num = td.querySelector(".num") ? parseFloat(text) : NaN;
    return isNaN(num) ? {text: text} : {num: num};
  }
  function compare(a, b) {
    if (a.num !== undefined && b.num !== undefined) { return a.num - b.num; }
    return String(a.text !== undefined ? a.text : a.num).localeCompare(
      String(b.text !== undefined ? b.text : b.num), ko ? "ko" : "en", {numeric: true});
  }
  function setup(table) {
    var size = parseInt(table.dataset.pageSize || "25", 10);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var page = 0;
    var pager = document.createElement("nav");
    pager.className = "pager";
    pager.setAttribute("aria-label", ko ? "결과 쪽" : "Result pages");
    table.parentNode.insertBefore(pager, table.nextSibling);
    function show() {
      var pages = Math.max(1, Math.ceil(rows.length / size));
      page = Math.min(page, pages - 1);
      rows.forEach(function (r, i) {
        r.hidden = i < page * size || i >= (page + 1) * size;
        body.appendChild(r);
      });
      pager.textContent = "";
      if (pages < 2) { return; }
      for (var n = 0; n < pages; n++) {
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = String(n + 1);
        b.className = n === page ? "current" : "";
        if (n === page) { b.setAttribute("aria-current", "page"); }
        b.addEventListener("click", (function (m) { return function () { page = m; show(); }; })(n));
        pager.appendChild(b);
      }
    }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var button = th.querySelector("button.sort");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var down = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) {
          c.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", down ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var c = compare(key(a.cells[col]), key(b.cells[col]));
          return down ? c : -c;
        });
        page = 0;
        show();
      });
    });
    show();
    table.classList.add("ready");
  }
  document.querySelectorAll("table.results").forEach(setup);
})();
