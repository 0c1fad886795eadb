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
// A refused save: the message area says "Niet opgeslagen" and why; move the focus there so a
// keyboard or screen-reader user hears it at once (after a page load or an htmx swap).
function focusRefusal(root) {
  var box = (root || document).querySelector("#flash .flash-error, .error-box");
  if (box) {
    box.setAttribute("tabindex", "-1");
    box.focus();
  }
}
document.addEventListener("DOMContentLoaded", function () { focusRefusal(document); });
document.addEventListener("htmx:afterSettle", function (event) {
  var status = event.detail.xhr && event.detail.xhr.status;
  if (status === 422 || status === 409) { focusRefusal(document); }
});
// A live character counter on long text fields, instead of a silent cut at the maximum.
function addCounters(root) {
  (root || document).querySelectorAll("textarea[maxlength]").forEach(function (field) {
    if (field.dataset.counted) { return; }
    field.dataset.counted = "1";
    var max = parseInt(field.getAttribute("maxlength"), 10);
    var counter = document.createElement("small");
    counter.className = "counter";
    counter.setAttribute("aria-live", "polite");
    counter.id = (field.id || field.name) + "-counter";
    var update = function () {
      var left = max - field.value.length;
      counter.textContent = field.value.length + " / " + max + " tekens" +
        (left <= 50 ? " (nog " + left + ")" : "");
      counter.classList.toggle("counter-near", left <= 50);
    };
    field.insertAdjacentElement("afterend", counter);
    field.addEventListener("input", update);
    update();
  });
}
document.addEventListener("DOMContentLoaded", function () { addCounters(document); });
document.addEventListener("htmx:afterSettle", function (event) { addCounters(event.detail.elt); });
