/* The 工作总结 editor: one form for every section. Warn before leaving with unsaved changes, show that there
   are some, and give a section back its generated text in place (no request, the other sections untouched).
   Without this script the form still works: 恢复自动生成 then posts the whole form with action=reset:<key>. */
(function () {
  "use strict";

  var form = document.querySelector("form.draft-form");
  if (!form) { return; }
  var note = form.querySelector("[data-unsaved-note]");
  var dirty = form.getAttribute("data-unsaved") === "1";
  var submitting = false;

  function show() {
    if (note) { note.hidden = !dirty; }
  }

  function changed() {
    dirty = true;
    show();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-reset]");
    if (!button) { return; }
    var area = document.getElementById(button.getAttribute("data-reset"));
    var auto = form.querySelector('textarea[data-auto-for="' + button.getAttribute("data-reset") + '"]');
    if (!area || !auto) { return; }  // let the button post the form
    event.preventDefault();
    if (area.value !== auto.value) {
      area.value = auto.value;
      changed();
    }
    area.focus();
  });

  form.addEventListener("submit", function () { submitting = true; });

  window.addEventListener("beforeunload", function (event) {
    if (!dirty || submitting) { return undefined; }
    event.preventDefault();
    event.returnValue = "";  // the browser shows its own "leave this page?" question
    return "";
  });

  show();
})();
