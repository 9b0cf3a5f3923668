// Forms that ask before they submit: <form data-confirm="确定……吗？">. Kept out of the HTML so the
// Content-Security-Policy can forbid inline script.
document.addEventListener("submit", function (event) {
  var form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.getAttribute("data-confirm"))) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
