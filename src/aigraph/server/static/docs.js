/* aigraph API documentation: the vendored Swagger UI on our own OpenAPI document. */
(function () {
  "use strict";
  var box = document.getElementById("swagger-ui");
  if (!box || typeof SwaggerUIBundle === "undefined") { return; }
  window.aigraphDocs = SwaggerUIBundle({
    url: box.dataset.url,
    domNode: box,
    deepLinking: true,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis]
  });
})();
