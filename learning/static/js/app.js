// Small progressive enhancements; every page also works without JavaScript.
document.addEventListener("htmx:responseError", function (event) {
  var box = document.getElementById("flash");
  if (box) {
    box.innerHTML = '<p class="flash flash-error" role="alert">' +
      "Er ging iets mis bij het opslaan. Uw invoer staat nog in het formulier; probeer het opnieuw." + "</p>";
  }
});
document.addEventListener("htmx:beforeSwap", function (event) {
  // Validation errors (422) and conflicts (409) carry a page fragment worth showing.
  if (event.detail.xhr.status === 422 || event.detail.xhr.status === 409) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
// Confirmation before a destructive form is sent, and print buttons: no inline handlers, so the
// Content-Security-Policy can forbid inline script.
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});
