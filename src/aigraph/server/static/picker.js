/* aigraph parameter pickers: an IRI parameter is chosen by typing part of a name; the
   matching entities (from /search) are offered, and the one chosen fills in its IRI. */
(function () {
  "use strict";
  var lang = document.documentElement.lang || "ko";
  document.querySelectorAll("input.iri-picker").forEach(function (input, n) {
    var list = document.createElement("datalist");
    list.id = "picker-" + n;
    input.setAttribute("list", list.id);
    input.parentNode.appendChild(list);
    var shown = document.createElement("span");
    shown.className = "picked";
    shown.textContent = input.dataset.shown || "";
    input.parentNode.insertBefore(shown, list);
    var timer = null;
    input.addEventListener("input", function () {
      var text = input.value.trim();
      var hit = Array.prototype.find.call(list.options, function (o) { return o.value === text; });
      if (hit) { shown.textContent = hit.label; return; }
      shown.textContent = "";
      if (text.indexOf("://") > 0 || text.length < 1) { return; }
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch("/search?format=json&q=" + encodeURIComponent(text) + "&lang=" + lang,
              {headers: {"Accept": "application/json"}})
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (hits) {
            list.textContent = "";
            hits.slice(0, 20).forEach(function (h) {
              var o = document.createElement("option");
              o.value = h.iri;
              o.label = (lang === "en" ? (h.label_en || h.label_ko) : (h.label_ko || h.label_en)) +
                " · " + h["class"];
              list.appendChild(o);
            });
          });
      }, 150);
    });
  });
})();
