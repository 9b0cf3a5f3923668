/* The import job page while the job runs: ask roster-job-progress every second and move the bar; reload the
   page when the job has finished (it then shows the preview, the result or the failure). */
(function () {
  "use strict";

  var box = document.querySelector("[data-job-progress]");
  if (!box) { return; }
  var url = box.getAttribute("data-job-progress");
  var bar = box.querySelector("progress");

  function field(name) { return box.querySelector('[data-field="' + name + '"]'); }

  function show(state) {
    bar.value = state.percent;
    bar.textContent = state.percent + "%";
    field("status_label").textContent = state.status_label;
    field("message").textContent = state.message;
    field("counter").textContent = state.total
      ? "已处理 " + state.done + " / " + state.total + " 行（" + state.percent + "%）"
      : "准备中…";
  }

  function later() { window.setTimeout(tick, 1000); }

  function tick() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) {
        if (!state) { later(); return; }
        show(state);
        if (state.finished) { window.location.reload(); } else { later(); }
      })
      .catch(later);
  }

  later();
})();
