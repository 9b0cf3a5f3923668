/* Camera QR scanning for the officer's phone pages (no library, no app):
   - the browser's BarcodeDetector reads the code where it exists (Chrome/Edge on Android);
   - elsewhere a frame (canvas -> JPEG) goes to the server, which decodes it (zxing-cpp).
   data-scan="checkin": each code (or frame) is POSTed to data-url, which checks the member in and answers
   {"ok", "name", "org"} or {"ok": false, "code", "message"}.
   data-scan="verify": the decoded text fills the token field and the form is submitted (a frame goes to
   data-url first, which answers {"text"}). getUserMedia needs a secure context (https or localhost). */
(function () {
  "use strict";
  var root = document.querySelector("[data-scan]");
  if (!root) { return; }
  var mode = root.getAttribute("data-scan");
  var url = root.getAttribute("data-url");
  var video = root.querySelector("[data-video]");
  var result = root.querySelector("[data-result]");
  var startButton = root.querySelector("[data-start]");
  var csrfInput = document.querySelector("input[name=csrfmiddlewaretoken]");
  var csrf = csrfInput ? csrfInput.value : "";
  var canvas = document.createElement("canvas");
  var detector = null;
  var busy = false;
  var lastText = "";
  var lastAt = 0;
  var holdUntil = 0;
  var lastOk = "";
  var lastOkAt = 0;

  if (!startButton || !video) { return; }
  if (!window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    startButton.hidden = true;
    video.parentNode.hidden = true;
    if (result) { result.hidden = true; }
    var note = root.querySelector("[data-insecure]");
    if (note) { note.hidden = false; }
    return;
  }

  function show(kind, text, sub) {
    result.className = "scan-result" + (kind ? " " + kind : "");
    result.textContent = text;
    if (sub) {
      var small = document.createElement("small");
      small.textContent = sub;
      result.appendChild(small);
    }
  }

  function post(body) {
    return fetch(url, {method: "POST", body: body, credentials: "same-origin",
                       headers: {"X-CSRFToken": csrf, "Accept": "application/json"}})
      .then(function (r) {
        if (!r.ok && r.status !== 409) { throw new Error(String(r.status)); }
        return r.json();
      });
  }

  function answered(data) {
    if (mode === "verify") {
      if (data.text) { submitToken(data.text); }
      return;
    }
    if (data.code === "no_code") { return; }  // a frame without a readable code: keep scanning quietly
    if (data.code === "already" && data.name === lastOk && Date.now() - lastOkAt < 15000) {
      return;  // the member just checked in is still in front of the camera: keep the green
    }
    holdUntil = Date.now() + 2500;
    if (data.ok) {
      lastOk = data.name;
      lastOkAt = Date.now();
      show("good", data.name, data.org + " · 签到成功");
      var count = document.querySelector("[data-count]");
      if (count) { count.textContent = String(parseInt(count.textContent, 10) + 1); }
      if (navigator.vibrate) { navigator.vibrate(120); }
    } else {
      show("bad", data.message || "签到失败");
      if (navigator.vibrate) { navigator.vibrate([60, 80, 60]); }
    }
  }

  function submitToken(text) {
    var field = document.querySelector("[data-token]");
    var form = document.querySelector("[data-form]");
    if (field && form) { field.value = text; form.submit(); }
  }

  function found(text) {
    var now = Date.now();
    if (text === lastText && now - lastAt < 6000) { return Promise.resolve(); }  // the same code still in view
    lastText = text;
    lastAt = now;
    if (mode === "verify") { submitToken(text); return Promise.resolve(); }
    var body = new FormData();
    body.append("code", text);
    return post(body).then(answered);
  }

  function sendFrame() {
    var w = video.videoWidth, h = video.videoHeight;
    if (!w || !h) { return Promise.resolve(); }
    var scale = Math.min(1, 960 / Math.max(w, h));
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
    return new Promise(function (resolve, reject) {
      canvas.toBlob(function (blob) {
        if (!blob) { resolve(); return; }
        var body = new FormData();
        body.append("frame", blob, "frame.jpg");
        post(body).then(answered).then(resolve, reject);
      }, "image/jpeg", 0.8);
    });
  }

  function tick() {
    if (busy || Date.now() < holdUntil || video.readyState < 2) { return; }
    busy = true;
    var step = detector
      ? detector.detect(video).then(function (codes) { return codes.length ? found(codes[0].rawValue) : null; })
      : sendFrame();
    step.catch(function (error) {
      holdUntil = Date.now() + 3000;
      show("bad", error && error.message === "403"
        ? "没有为本活动签到的权限，或登录已过期：请重新登录。"
        : "网络不通或服务器没有响应，请稍后再试。");
    })
      .then(function () { busy = false; });
  }

  startButton.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false})
      .then(function (stream) {
        video.parentNode.hidden = false;
        video.srcObject = stream;
        return video.play();
      })
      .then(function () {
        startButton.hidden = true;
        show("", "请对准签到码……");
        var interval = 1200;
        if ("BarcodeDetector" in window) {
          try {
            detector = new window.BarcodeDetector({formats: ["qr_code"]});
            interval = 300;
          } catch (e) { detector = null; }
        }
        window.setInterval(tick, interval);
      })
      .catch(function () {
        show("bad", "无法打开摄像头：请在浏览器设置中允许本网站使用摄像头，或改用签到名单勾选。");
      });
  });
}());
