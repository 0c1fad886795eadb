// Keep what is typed in a form marked data-keep-draft in this browser until it is saved, so an
// expired login loses nothing (the server stores nothing for a request without a login).
(function () {
  "use strict";
  var PREFIX = "leernetwerk-draft:";
  var storage;
  try { storage = window.localStorage; } catch (e) { return; }
  if (!storage) { return; }

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrf_token" && el.type !== "hidden" &&
        el.type !== "submit" && el.type !== "button" && el.type !== "file";
    });
  }

  function snapshot(form) {
    var values = {};
    fieldsOf(form).forEach(function (el) {
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) { return; }
      (values[el.name] = values[el.name] || []).push(el.value);
    });
    return values;
  }

  function isEmpty(form) {
    return fieldsOf(form).every(function (el) {
      return el.type === "checkbox" || el.type === "radio" || el.tagName === "SELECT" || !el.value;
    });
  }

  function restore(form, values) {
    fieldsOf(form).forEach(function (el) {
      var kept = values[el.name];
      if (!kept) { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = kept.indexOf(el.value) !== -1;
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = kept.indexOf(o.value) !== -1; });
      } else {
        el.value = kept[0];
      }
    });
  }

  function read(key) {
    try { return JSON.parse(storage.getItem(key) || "null"); } catch (e) { return null; }
  }

  // A draft that was submitted and led anywhere but the login page or its own form was saved.
  var here = window.location.pathname;
  var onLogin = document.querySelector("form[data-login]") !== null;
  for (var i = storage.length - 1; i >= 0; i--) {
    var key = storage.key(i);
    if (!key || key.indexOf(PREFIX) !== 0) { continue; }
    var kept = read(key);
    if (kept && kept.submitted && !onLogin && key !== PREFIX + here) { storage.removeItem(key); }
  }

  var form = document.querySelector("form[data-keep-draft]");
  if (!form) { return; }
  var storeKey = PREFIX + form.getAttribute("data-keep-draft");
  var previous = read(storeKey);
  if (previous && previous.values && isEmpty(form)) {
    restore(form, previous.values);
    var note = document.getElementById("draft-restored");
    if (note) { note.hidden = false; }
  }
  function keep(submitted) {
    storage.setItem(storeKey, JSON.stringify({ values: snapshot(form), submitted: submitted }));
  }
  form.addEventListener("input", function () { keep(false); });
  form.addEventListener("change", function () { keep(false); });
  form.addEventListener("submit", function () { keep(true); });
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt === form) { keep(true); }
  });
})();
