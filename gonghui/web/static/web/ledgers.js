/* The participant picker: a search result ticked becomes a chip in the form; a chip tapped goes away.
   With several people the search stays open (its other results too) for the next pick.
   Whole groups arrive as ticked chips (htmx); duplicates are dropped. Enter in the search box never submits
   the form: it picks the only result, if there is exactly one. */
(function () {
  "use strict";

  function pickerOf(el) { return el.closest("[data-picker]"); }

  function chipsOf(picker) { return picker.querySelector(".chips"); }

  function dedupe(picker) {
    var seen = {};
    chipsOf(picker).querySelectorAll("input[type=checkbox]").forEach(function (input) {
      if (seen[input.value]) { input.closest("label").remove(); } else { seen[input.value] = true; }
    });
    picker.querySelectorAll("[data-transient]").forEach(function (el) {
      if (el.closest(".chips")) {
        var results = picker.querySelector(".results");
        results.innerHTML = "";
        results.appendChild(el);
      }
    });
    count(picker);
  }

  function count(picker) {
    var label = picker.querySelector("[data-count]");
    if (label && picker.dataset.several === "1") {
      label.textContent = "已选 " + chipsOf(picker).querySelectorAll("input:checked").length + " 人";
    }
  }

  function pick(label) {
    var picker = pickerOf(label);
    var chips = chipsOf(picker);
    var input = label.querySelector("input");
    var several = picker.dataset.several === "1";
    if (!several) { chips.innerHTML = ""; }
    if (chips.querySelector('input[value="' + input.value + '"]')) {
      label.remove();
    } else {
      input.checked = true;
      label.classList.add("chip");
      chips.appendChild(label);
    }
    var search = picker.querySelector("input[type=search]");
    if (!several) {
      // One person: done, the search closes.
      search.value = "";
      picker.querySelector(".results").innerHTML = "";
    }
    // Several: the search and its other results stay open for the next pick.
    count(picker);
    search.focus();
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-picker] input[type=checkbox]")) { return; }
    var label = input.closest("label");
    if (label.parentElement.classList.contains("results") && input.checked) {
      pick(label);
    } else if (label.parentElement.classList.contains("chips") && !input.checked) {
      var picker = pickerOf(label);
      label.remove();
      count(picker);
    }
  });

  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if (event.key !== "Enter" || !el.matches || !el.matches("[data-picker] input[type=search]")) { return; }
    event.preventDefault();
    var options = pickerOf(el).querySelectorAll(".results label.pick");
    if (options.length === 1) { pick(options[0]); }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var picker = pickerOf(event.target);
    if (!picker) { return; }
    if (event.target.classList.contains("chips")) { dedupe(picker); return; }
    // Search results: people already chosen are not offered again.
    event.target.querySelectorAll("label.pick input").forEach(function (input) {
      if (chipsOf(picker).querySelector('input[value="' + input.value + '"]')) { input.closest("label").remove(); }
    });
  });
})();
