/* 数据看板: "下载图片（PNG）" under each chart. The inline SVG is drawn onto a canvas at twice its size (sharp on
   slides) and saved. Ours, no library; without JS (or canvas) the button stays hidden and the SVG link remains. */
(function () {
  "use strict";

  function savePng(figure) {
    var svg = figure.querySelector("svg");
    if (!svg) return;
    var box = svg.viewBox && svg.viewBox.baseVal;
    var w = (box && box.width) || svg.clientWidth, h = (box && box.height) || svg.clientHeight;
    var copy = svg.cloneNode(true);
    copy.setAttribute("width", w);
    copy.setAttribute("height", h);
    var xml = new XMLSerializer().serializeToString(copy);
    var img = new Image();
    img.onload = function () {
      var scale = 2, canvas = document.createElement("canvas");
      canvas.width = w * scale;
      canvas.height = h * scale;
      var ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) {
        if (!blob) return;
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = (figure.getAttribute("data-filename") || "chart") + ".png";
        document.body.appendChild(a);
        a.click();
        setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      }, "image/png");
    };
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(xml);
  }

  function init() {
    var canvas = document.createElement("canvas");
    if (!canvas.getContext || !canvas.toBlob || !window.XMLSerializer) return;
    document.querySelectorAll("figure.dash-chart").forEach(function (figure) {
      var button = figure.querySelector("button.dash-png");
      if (!button) return;
      button.hidden = false;
      button.addEventListener("click", function () { savePng(figure); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
