/* aigraph graph view: draws a Cytoscape JSON export into #graph; click a node to open it. */
(function () {
  "use strict";
  var box = document.getElementById("graph");
  if (!box || typeof cytoscape === "undefined") { return; }
  var lang = box.dataset.lang || "ko";
  var base = box.dataset.base || "https://w3id.org/aigraph/";
  var palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                 "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939"];
  var colours = {};
  function colour(cls) {
    if (!(cls in colours)) { colours[cls] = palette[Object.keys(colours).length % palette.length]; }
    return colours[cls];
  }
  function local(iri) {
    if (iri && iri.indexOf(base + "ontology#") === 0) {
      return "/ontology?lang=" + lang + "#" + iri.split("#")[1];
    }
    if (iri && iri.indexOf(base) === 0) { return "/" + iri.slice(base.length) + "?lang=" + lang; }
    return null;
  }
  function pick(d) {
    var mine = lang === "en" ? d.label_en : d.label_ko;
    var other = lang === "en" ? d.label_ko : d.label_en;
    return mine || other || d.label || d.id;
  }
  box.classList.add("loading");
  fetch(box.dataset.source, {headers: {"Accept": "application/json"}})
    .then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    })
    .then(function (data) {
      var els = data.elements || data;
      (els.nodes || []).forEach(function (n) {
        n.data.shown = pick(n.data);
        n.data.colour = colour(n.data["class"] || "");
        if (box.dataset.focus && n.data.id === box.dataset.focus) { n.classes = "focus"; }
      });
      (els.edges || []).forEach(function (e) {
        e.data.shown = (lang === "en" ? e.data.label_en : e.data.label) || e.data.label || "";
      });
      var cy = cytoscape({
        container: box,
        elements: els,
        wheelSensitivity: 0.3,
        style: [
          {selector: "node", style: {"background-color": "data(colour)", "label": "data(shown)",
            "font-size": 11, "font-family": "NanumGothic, 'Noto Sans KR', sans-serif",
            "text-valign": "bottom", "text-margin-y": 3, "width": 18, "height": 18,
            "text-wrap": "ellipsis", "text-max-width": 140}},
          {selector: "node.focus", style: {"width": 30, "height": 30, "border-width": 3,
            "border-color": "#13315c", "font-weight": "bold"}},
          {selector: "edge", style: {"width": 1.2, "line-color": "#b8bfcc",
            "target-arrow-color": "#b8bfcc", "target-arrow-shape": "triangle",
            "curve-style": "bezier", "label": "data(shown)", "font-size": 8, "color": "#667",
            "text-rotation": "autorotate"}}
        ],
        layout: box.dataset.layout === "breadthfirst" ?
          {name: "breadthfirst", directed: true, animate: false, spacingFactor: 1.1, padding: 20,
           roots: els.nodes.filter(function (n) {
             return !(els.edges || []).some(function (e) { return e.data.source === n.data.id; });
           }).map(function (n) { return n.data.id; })} :
          box.dataset.focus ?
          {name: "concentric", animate: false, minNodeSpacing: 50, levelWidth: function () { return 1; },
           concentric: function (n) { return n.hasClass("focus") ? 2 : 1; }} :
          {name: "cose", animate: false, randomize: true, nodeRepulsion: 12000,
           idealEdgeLength: 100, padding: 20}
      });
      cy.on("tap", "node", function (evt) {
        var target = local(evt.target.data("iri") || evt.target.id());
        if (target) { window.location.href = target; }
      });
      box.classList.remove("loading");
      window.aigraphCy = cy;
      legend(box);
    })
    .catch(function (err) {
      box.classList.remove("loading");
      box.textContent = "graph: " + err.message;
      window.aigraphGraphError = String(err);
    });
  function legend(el) {
    var ul = document.createElement("ul");
    ul.className = "legend";
    Object.keys(colours).forEach(function (cls) {
      var li = document.createElement("li");
      var dot = document.createElement("span");
      dot.className = "dot";
      dot.style.background = colours[cls];
      li.appendChild(dot);
      li.appendChild(document.createTextNode(cls || "?"));
      ul.appendChild(li);
    });
    el.parentNode.insertBefore(ul, el.nextSibling);
  }
})();
