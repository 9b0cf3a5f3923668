// The QR poster's print button (CSP forbids inline handlers).
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("print-poster");
  if (button) button.addEventListener("click", function () { window.print(); });
});
