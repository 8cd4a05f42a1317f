// Light or dark before the first paint: the person's choice on this device ("auto" follows
// the system). Loaded in <head> without defer, so the page never flashes the wrong colours.
// The settings page's switch (inputs named "theme") is wired up here too.
(function () {
  "use strict";
  var KEY = "gutmind-theme";
  var system = window.matchMedia("(prefers-color-scheme: dark)");

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return value === "light" || value === "dark" ? value : "auto";
    } catch (error) {
      return "auto";
    }
  }

  function apply() {
    var choice = stored();
    var mode = choice === "auto" ? (system.matches ? "dark" : "light") : choice;
    document.documentElement.setAttribute("data-bs-theme", mode);
    document.dispatchEvent(new CustomEvent("gutmind:theme", { detail: { mode: mode } }));
  }

  apply();
  system.addEventListener("change", apply);

  document.addEventListener("DOMContentLoaded", function () {
    var inputs = document.querySelectorAll('input[name="theme"]');
    inputs.forEach(function (input) {
      input.checked = input.value === stored();
      input.addEventListener("change", function () {
        try {
          if (input.value === "auto") window.localStorage.removeItem(KEY);
          else window.localStorage.setItem(KEY, input.value);
        } catch (error) { /* private mode: this page only */ }
        apply();
      });
    });
    var switcher = document.getElementById("theme-switch");
    if (switcher) switcher.hidden = false;
  });
})();
