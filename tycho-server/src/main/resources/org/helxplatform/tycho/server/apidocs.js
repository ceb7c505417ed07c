// Starts Swagger UI on this server's OpenAPI document (served from the same origin; no CDN).
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: window.location.origin + "/openapi.json", // without user info, which fetch refuses
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "StandaloneLayout",
    validatorUrl: null
  });
};
