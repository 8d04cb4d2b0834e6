/* aigraph query editor: YASGUI on our /sparql, our prefixes, our saved queries, our vocabulary.
   The LOV autocompleters (an outside service) are replaced by completers over our ontology. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("editor-config").textContent);
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var prefixLines = Object.keys(config.prefixes).map(function (p) {
    return "PREFIX " + p + ": <" + config.prefixes[p] + ">";
  }).join("\n");
  var starter = prefixLines + "\n\nSELECT ?thing ?label WHERE {\n  ?thing a aig:Organization ;\n" +
    "         rdfs:label ?label .\n  FILTER(lang(?label) = \"" + config.lang + "\")\n} LIMIT 20\n";
  var Yasqe = Yasgui.Yasqe;

  function fork(from, name, list) {
    Yasqe.forkAutocompleter(from, {
      name: name,
      bulk: true,
      persistenceId: null,
      get: function () { return list; }
    });
  }
  fork("class", "aigraph-class", config.classes);
  fork("property", "aigraph-property", config.properties);
  /* Prefixes complete to the namespaces our data uses (schema: is https://schema.org/), not
     to YASQE's built-in list of prefix.cc, which says http://schema.org/. */
  fork("prefixes", "aigraph-prefixes", Object.keys(config.prefixes).map(function (p) {
    return p + ": <" + config.prefixes[p] + ">";
  }));
  var completers = ["aigraph-prefixes", "variables", "aigraph-class", "aigraph-property"];

  /* A shared link opens the editor with the query and runs it: ?query= (ours) or the
     #query= of a YASGUI share link. */
  function linkFor(text) {
    return window.location.origin + "/editor?" + new URLSearchParams({query: text, lang: config.lang});
  }
  var asked = new URLSearchParams(window.location.search).get("query") ||
    new URLSearchParams(window.location.hash.replace(/^#/, "")).get("query");

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: {endpoint: endpoint, method: "POST"},
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: {getData: function () { return [{endpoint: endpoint}]; }},
    populateFromUrl: false,
    persistenceId: null,
    autofocus: false,
    yasqe: {value: asked || starter, autocompleters: completers,
            createShareableLink: function (yasqe) { return linkFor(yasqe.getValue()); },
            resizeable: true},
    yasr: {prefixes: config.prefixes}
  });
  window.aigraphYasgui = yasgui;

  function open(name, text) {
    var tab = yasgui.addTab(true, {name: name,
      yasqe: {value: text}, requestConfig: {endpoint: endpoint, method: "POST"}});
    return tab;
  }
  window.aigraphOpenQuery = open;

  if (asked) {
    var first = yasgui.getTab();
    first.setQuery(asked);
    setTimeout(function () { first.getYasqe().query(); }, 0);
  }
  /* The address bar follows the query that ran, so a reload or a bookmark keeps it. */
  yasgui.on("query", function (y, tab) {
    var text = tab.getQuery();
    window.history.replaceState(null, "", linkFor(text));
  });
  window.aigraphShareLink = function () { return linkFor(yasgui.getTab().getQuery()); };

  var byName = {};
  fetch("/queries?format=json&lang=" + encodeURIComponent(config.lang || "ko"),
        {headers: {"Accept": "application/json"}})
    .then(function (r) { return r.json(); })
    .then(function (list) {
      list.forEach(function (q) { byName[q.name] = q; });
      document.getElementById("saved-queries").classList.add("ready");
    });
  document.querySelectorAll("a.saved-query").forEach(function (a) {
    a.addEventListener("click", function (evt) {
      var q = byName[a.dataset.name];
      if (!q) { return; } /* not loaded yet: follow the link to the saved query's page */
      evt.preventDefault();
      open(q.title[config.lang] || q.name, q.bound_sparql || q.sparql);
    });
  });
  /* --- results: a clear message on a timeout, an error or a truncated answer --- */
  var lang = config.lang || document.documentElement.lang || "ko";
  var ko = lang === "ko";
  function notice(tab, kind, text) {
    var yasr = tab.getYasr && tab.getYasr();
    var root = yasr && yasr.rootEl;
    if (!root || !root.parentNode) { return; }
    var box = root.parentNode.querySelector(":scope > .result-message");
    if (!text) { if (box) { box.remove(); } return; }
    if (!box) {
      box = document.createElement("p");
      root.parentNode.insertBefore(box, root);
    }
    box.className = "result-message " + kind;
    box.setAttribute("role", kind === "error" ? "alert" : "status");
    box.textContent = text;
  }
  function describe(response) {
    if (response instanceof Error) {
      var body = null;
      try { body = JSON.parse(response.message); } catch (e) { body = null; }
      var why = body && body.error ? body.error : response.message;
      if (body && body.status === 503) {
        return ["error", (ko ? "질의 시간이 초과되었습니다: " : "The query timed out: ") + why];
      }
      return ["error", (ko ? "질의가 실패했습니다: " : "The query failed: ") + why];
    }
    var headers = response && response.headers;
    if (headers && typeof headers.get === "function" &&
        headers.get("X-Result-Truncated") === "true") {
      var limit = headers.get("X-Result-Limit") || "?";
      return ["notice", ko ? "결과가 잘렸습니다: 처음 " + limit + "행만 보입니다. LIMIT를 쓰거나 질의를 좁히세요."
                           : "The answer was truncated to the first " + limit +
                             " rows; add a LIMIT or narrow the query."];
    }
    return [null, null];
  }
  function watch(tab) {
    var yasqe = tab.getYasqe && tab.getYasqe();
    if (!yasqe || yasqe.aigraphWatched) { return; }
    yasqe.aigraphWatched = true;
    yasqe.on("query", function () { notice(tab, null, null); });
    yasqe.on("queryResponse", function () {
      var response = null;
      for (var i = 0; i < arguments.length; i++) {
        var a = arguments[i];
        if (a instanceof Error || (a && a.headers && typeof a.headers.get === "function")) {
          response = a;
        }
      }
      if (!response) { return; }
      var said = describe(response);
      notice(tab, said[0], said[1]);
      window.aigraphLastNotice = said[1];
    });
  }
  yasgui.on("tabSelect", function () { setTimeout(function () { watch(yasgui.getTab()); }, 0); });
  yasgui.on("tabAdd", function () { setTimeout(function () { watch(yasgui.getTab()); }, 0); });
  yasgui.on("query", function (y, tab) { watch(tab); });
  watch(yasgui.getTab());

  /* --- results: our entities shown by label, linked to their local pages --- */
  var ours = (config.base || "https://w3id.org/aigraph/") + "id/";
  var known = {};
  var pending = false;
  function relabel() {
    pending = false;
    var links = Array.prototype.slice.call(
      document.querySelectorAll("#yasgui .yasr a[href^='" + ours + "']"));
    if (!links.length) { return; }
    var wanted = [];
    links.forEach(function (a) {
      var iri = a.getAttribute("href");
      if (!(iri in known) && wanted.indexOf(iri) < 0) { wanted.push(iri); }
    });
    var ready = wanted.length ? fetch("/labels?lang=" + encodeURIComponent(lang), {
      method: "POST", headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify(wanted)
    }).then(function (r) { return r.ok ? r.json() : {}; }).then(function (found) {
      wanted.forEach(function (iri) { known[iri] = found[iri] || null; });
    }) : Promise.resolve();
    ready.then(function () {
      links.forEach(function (a) {
        var iri = a.getAttribute("href");
        var hit = known[iri];
        if (!hit || a.getAttribute("href") !== iri) { return; }
        a.setAttribute("href", hit.url);
        a.removeAttribute("target");
        a.title = iri;
        a.dataset.iri = iri;
        a.classList.add("aigraph-entity");
        a.textContent = hit.label;
        /* the table wraps an IRI in <…>; a label needs no brackets */
        var before = a.previousSibling, after = a.nextSibling;
        if (before && before.nodeType === 3 && /<\s*$/.test(before.nodeValue) &&
            after && after.nodeType === 3 && /^\s*>/.test(after.nodeValue)) {
          before.nodeValue = before.nodeValue.replace(/<\s*$/, "");
          after.nodeValue = after.nodeValue.replace(/^\s*>/, "");
        }
      });
      window.aigraphLabelled = (window.aigraphLabelled || 0) + 1;
    }).catch(function (err) { window.aigraphLabelError = String(err); });
  }
  /* the results table handles clicks on its links itself; ours open the local page */
  document.getElementById("yasgui").addEventListener("click", function (evt) {
    var a = evt.target.closest && evt.target.closest("a.aigraph-entity");
    if (!a || evt.button !== 0 || evt.ctrlKey || evt.metaKey || evt.shiftKey) { return; }
    evt.preventDefault();
    evt.stopPropagation();
    window.location.href = a.getAttribute("href");
  }, true);
  new MutationObserver(function () {
    if (!pending) { pending = true; setTimeout(relabel, 50); }
  }).observe(document.getElementById("yasgui"), {childList: true, subtree: true});
})();
