/* 我的工会 service worker: keeps the member pages' static files (and the icons) so /me/ opens quickly on a
   weak intranet; pages themselves always come from the server (a member's data is never kept here), and
   when the server cannot be reached the member sees a short notice instead of the browser's error. */
"use strict";
var CACHE = "gonghui-me-v1";
var FILES = __FILES__;  // filled in by me/pwa.py: the static files and icons to keep

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(FILES); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin === self.location.origin && FILES.indexOf(url.pathname) !== -1) {
    // static files: from the cache at once, refreshed in the background
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return cache.match(request).then(function (hit) {
        var fresh = fetch(request).then(function (response) {
          if (response.ok) { cache.put(request, response.clone()); }
          return response;
        });
        return hit || fresh;
      });
    }));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(function () {
      return new Response("<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>" +
        "<title>我的工会</title><p style='font:18px sans-serif;padding:1rem'>暂时连不上工会系统，请检查网络后下拉刷新。</p>",
        {headers: {"Content-Type": "text/html; charset=utf-8"}});
    }));
  }
});
