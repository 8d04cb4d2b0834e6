/* aigraph graph view: draws a Cytoscape JSON export into #graph; click a node to open it.
   Colours, class names and the symmetric properties come from the page (data-config), so a
   class has the same colour on every page and the legend speaks the page's language. The
   layout (fcose) keeps node labels apart; a label that would still cover another is shown
   on hover only. */
(function () {
  "use strict";
  var box = document.getElementById("graph");
  if (!box || typeof cytoscape === "undefined") { return; }
  if (typeof cytoscapeFcose !== "undefined") { cytoscape.use(cytoscapeFcose); }
  var config = JSON.parse(box.dataset.config || "{}");
  var lang = box.dataset.lang || config.lang || "ko";
  var base = box.dataset.base || "https://w3id.org/aigraph/";
  var colours = config.colours || {};
  var symmetric = config.symmetric || [];

  function local(iri) {
    if (iri && iri.indexOf(base + "ontology#") === 0) {
      return "/ontology?lang=" + lang + "#" + iri.split("#")[1];
    }
    if (iri && iri.indexOf(base) === 0) { return "/" + iri.slice(base.length) + "?lang=" + lang; }
    return null;
  }
  function tail(text) { return String(text).replace(/[#/]+$/, "").split(/[#/]/).pop(); }
  function pick(d) {
    var mine = lang === "en" ? d.label_en : d.label_ko;
    var other = lang === "en" ? d.label_ko : d.label_en;
    var shown = mine || other || d.label || d.name || d.id;
    return /^https?:\/\//.test(shown) ? tail(shown) : shown;
  }
  /* Links that say where a thing is written about rather than what it is: drawn faint and
     dashed, without labels, so that an article's neighbourhood shows the facts it states. */
  var BACKGROUND = ["https://schema.org/mentions", "https://schema.org/about"];
  function colour(cls) { return colours[cls] || colours[""] || "#9A9A9A"; }
  /* A seeded random source, so that a page draws the same picture every time. */
  function seeded(seed) {
    return function () {
      seed = (seed * 1664525 + 1013904223) % 4294967296;
      return seed / 4294967296;
    };
  }

  box.classList.add("loading");
  fetch(box.dataset.source, {headers: {"Accept": "application/json"}})
    .then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    })
    .then(function (data) { draw(data.elements || data); })
    .catch(function (err) {
      box.classList.remove("loading");
      box.textContent = (lang === "ko" ? "그래프를 그리지 못했습니다: " : "The graph could not be drawn: ") +
        err.message;
      window.aigraphGraphError = String(err);
    });

  function draw(els) {
    var nodes = els.nodes || [];
    var edges = els.edges || [];
    nodes.forEach(function (n) {
      n.data.shown = pick(n.data);
      n.data.colour = colour(n.data["class"] || "");
      if (box.dataset.focus && n.data.id === box.dataset.focus) { n.classes = "focus"; }
    });
    edges.forEach(function (e) {
      e.data.shown = (lang === "en" ? e.data.label_en : e.data.label) || e.data.label || "";
      if (/^https?:\/\//.test(e.data.shown)) { e.data.shown = tail(e.data.shown); }
      var cls = [];
      if (symmetric.indexOf(e.data.predicate) >= 0) { cls.push("symmetric"); }
      if (BACKGROUND.indexOf(e.data.predicate) >= 0) { cls.push("background"); }
      e.classes = cls.join(" ");
    });
    /* Edge labels only where they tell something: not when every edge says the same
       thing (the organisation network) and not in a crowd (hover shows them). */
    var kinds = {};
    edges.forEach(function (e) { kinds[e.data.shown] = true; });
    var edgeLabels = edges.length <= 60 && Object.keys(kinds).length > 1;
    /* Hubs are drawn larger, with larger labels, so that a zoomed-out overview still names
       them; a label smaller than 8 screen pixels is left out until one zooms in. */
    var degree = {};
    edges.forEach(function (e) {
      degree[e.data.source] = (degree[e.data.source] || 0) + 1;
      degree[e.data.target] = (degree[e.data.target] || 0) + 1;
    });
    nodes.forEach(function (n) {
      var d = Math.sqrt(degree[n.data.id] || 0);
      n.data.size = Math.min(14 + 3 * d, 40);
      n.data.font = Math.min(11 + 1.6 * d, 26);
    });
    var cy = cytoscape({
      container: box,
      elements: {nodes: nodes, edges: edges},
      minZoom: 0.2,
      maxZoom: 3,
      style: [
        {selector: "node", style: {"background-color": "data(colour)", "label": "data(shown)",
          "font-size": "data(font)", "font-family": "NanumGothic, sans-serif",
          "min-zoomed-font-size": 8,
          "text-valign": "bottom", "text-margin-y": 3, "width": "data(size)",
          "height": "data(size)",
          "text-wrap": "ellipsis", "text-max-width": 120, "color": "#1d2330",
          "text-background-color": "#ffffff", "text-background-opacity": 0.8,
          "text-background-padding": 1}},
        {selector: "node.focus", style: {"width": 28, "height": 28, "border-width": 3,
          "border-color": "#13315c", "font-weight": "bold", "font-size": 15,
          "min-zoomed-font-size": 0}},
        {selector: "node.quiet", style: {"text-opacity": 0, "text-background-opacity": 0}},
        {selector: "node.quiet:selected, node.quiet.hover", style: {"text-opacity": 1,
          "text-background-opacity": 0.9, "z-index": 10}},
        {selector: "edge", style: {"width": 1.2, "line-color": "#b8bfcc",
          "target-arrow-color": "#b8bfcc", "target-arrow-shape": "triangle",
          "arrow-scale": 0.8, "curve-style": "bezier", "label": edgeLabels ? "data(shown)" : "",
          "font-size": 9, "color": "#556", "text-rotation": "autorotate",
          "text-background-color": "#ffffff", "text-background-opacity": 0.7}},
        {selector: "edge.symmetric", style: {"target-arrow-shape": "none"}},
        {selector: "edge.background", style: {"line-style": "dashed", "line-color": "#dfe3ea",
          "target-arrow-shape": "none", "label": "", "width": 0.8}},
        {selector: "edge.hover", style: {"label": "data(shown)", "line-color": "#13315c",
          "width": 2}}
      ]
    });
    var focus = box.dataset.focus ? cy.getElementById(box.dataset.focus) : null;
    var random = Math.random;
    Math.random = seeded(7);
    try {
      cy.layout(layoutFor(cy, focus)).run();
    } finally {
      Math.random = random;
    }
    declutter(cy, focus);
    cy.on("tap", "node", function (evt) {
      var target = local(evt.target.data("iri") || evt.target.id());
      if (target) { window.location.href = target; }
    });
    cy.on("mouseover", "node, edge", function (evt) {
      evt.target.addClass("hover");
      evt.target.connectedEdges().addClass("hover");
    });
    cy.on("mouseout", "node, edge", function (evt) {
      evt.target.removeClass("hover");
      evt.target.connectedEdges().removeClass("hover");
    });
    box.classList.remove("loading");
    window.aigraphCy = cy;
    if (box.dataset.layout !== "breadthfirst") { legend(cy); }
  }

  function layoutFor(cy, focus) {
    if (box.dataset.layout === "breadthfirst") {
      return {name: "breadthfirst", directed: true, animate: false, spacingFactor: 1.4,
              padding: 30, roots: cy.nodes().roots()};
    }
    if (typeof cytoscapeFcose === "undefined") {
      return {name: "cose", animate: false, nodeDimensionsIncludeLabels: true, padding: 30};
    }
    var n = cy.nodes().length;
    var options = {name: "fcose", quality: "proof", animate: false, randomize: true,
                   nodeDimensionsIncludeLabels: true, padding: 30, packComponents: true,
                   nodeRepulsion: function () { return n > 40 ? 12000 : 8000; },
                   idealEdgeLength: function () { return n > 40 ? 110 : 80; },
                   nodeSeparation: 90, numIter: 4000};
    if (focus && focus.length) {
      options.fixedNodeConstraint = [{nodeId: focus.id(), position: {x: 0, y: 0}}];
    }
    return options;
  }

  /* Show the labels of the most connected nodes first; a label that would cover more than a
     tenth of one already shown waits for the mouse. */
  function declutter(cy, focus) {
    var shown = [];
    var order = cy.nodes().sort(function (a, b) {
      if (focus && a.same(focus)) { return -1; }
      if (focus && b.same(focus)) { return 1; }
      return b.degree() - a.degree();
    });
    order.forEach(function (node) {
      var box2 = labelBox(node);
      if (!box2) { return; }
      var area = box2.w * box2.h;
      var clash = shown.some(function (other) {
        var w = Math.min(box2.x2, other.x2) - Math.max(box2.x1, other.x1);
        var h = Math.min(box2.y2, other.y2) - Math.max(box2.y1, other.y1);
        if (w <= 0 || h <= 0) { return false; }
        return w * h > 0.1 * Math.min(area, other.w * other.h);
      });
      if (clash) { node.addClass("quiet"); } else { shown.push(box2); }
    });
  }
  function labelBox(node) {
    var bb = node.boundingBox({includeLabels: true, includeNodes: false, includeEdges: false,
                               includeOverlays: false});
    if (!bb || !isFinite(bb.w) || bb.w <= 0 || bb.h <= 0) { return null; }
    return bb;
  }
  window.aigraphLabelBox = labelBox;

  function legend(cy) {
    var present = {};
    cy.nodes().forEach(function (n) { present[n.data("class") || ""] = true; });
    var ul = document.createElement("ul");
    ul.className = "legend";
    ul.setAttribute("aria-label", lang === "ko" ? "범례" : "Legend");
    Object.keys(present).sort().forEach(function (cls) {
      var li = document.createElement("li");
      var dot = document.createElement("span");
      dot.className = "dot";
      dot.style.background = colour(cls);
      li.appendChild(dot);
      var names = config.classes || {};
      li.appendChild(document.createTextNode(names[cls] || cls || (lang === "ko" ? "기타" : "other")));
      ul.appendChild(li);
    });
    box.parentNode.insertBefore(ul, box.nextSibling);
  }
})();
