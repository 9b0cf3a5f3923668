/* A report job's page while it runs: ask report-job-progress every second, move the bar, reload when done. */
(function () {
  "use strict";

  var box = document.querySelector("[data-job-progress]");
  if (!box) { return; }
  var url = box.getAttribute("data-job-progress");
  var bar = box.querySelector("progress");

  function field(name) { return box.querySelector('[data-field="' + name + '"]'); }

  function later() { window.setTimeout(tick, 1000); }

  function tick() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) {
        if (!state) { later(); return; }
        bar.value = state.percent;
        bar.textContent = state.percent + "%";
        field("status_label").textContent = state.status_label;
        field("message").textContent = state.message;
        field("percent").textContent = state.percent + "%";
        if (state.finished) { window.location.reload(); } else { later(); }
      })
      .catch(later);
  }

  later();
})();
