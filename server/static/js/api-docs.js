// The web API's documentation: Swagger UI on /openapi.json, served from this server (no CDN).
(function () {
  "use strict";
  const root = document.getElementById("swagger-ui");
  if (!root || !window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({
    url: root.dataset.url || "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    defaultModelsExpandDepth: -1,
    docExpansion: "list",
    tryItOutEnabled: true,
    presets: [window.SwaggerUIBundle.presets.apis],
  });
})();
