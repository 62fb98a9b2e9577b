// Starts Swagger UI on /api/v1/docs from our own files: no inline script, nothing from elsewhere.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  var csrf = root.getAttribute("data-csrf-token");
  window.SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    domNode: root,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: false,
    validatorUrl: null, // the default sends the schema to a third party
    requestInterceptor: function (request) {
      if (csrf) {
        request.headers["X-CSRFToken"] = csrf;
      }
      return request;
    },
  });
})();
