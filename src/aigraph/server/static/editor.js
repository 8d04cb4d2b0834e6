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
  var completers = ["prefixes", "variables", "aigraph-class", "aigraph-property"];

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: {endpoint: endpoint, method: "POST"},
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: {getData: function () { return [{endpoint: endpoint}]; }},
    populateFromUrl: false,
    persistenceId: null,
    autofocus: false,
    yasqe: {value: starter, autocompleters: completers,
            createShareableLink: null, resizeable: true},
    yasr: {prefixes: config.prefixes}
  });
  window.aigraphYasgui = yasgui;

  function open(name, text) {
    var tab = yasgui.addTab(true, {name: name,
      yasqe: {value: text}, requestConfig: {endpoint: endpoint, method: "POST"}});
    return tab;
  }
  window.aigraphOpenQuery = open;

  var asked = new URLSearchParams(window.location.search).get("query");
  if (asked) {
    var tab = yasgui.getTab();
    tab.setQuery(asked);
  }

  var byName = {};
  fetch("/queries?format=json", {headers: {"Accept": "application/json"}})
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
      open(q.title[config.lang] || q.name, q.sparql);
    });
  });
})();
