/* 我的工会: register the service worker (static files kept for a weak intranet). */
(function () {
  "use strict";
  var link = document.querySelector("link[rel=manifest]");
  if (!("serviceWorker" in navigator) || !window.isSecureContext || !link) { return; }
  var sw = link.getAttribute("data-sw");
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(sw, {scope: link.getAttribute("data-scope")}).catch(function () {});
  });
}());
