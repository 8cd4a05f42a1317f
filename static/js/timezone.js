// Sets any time zone select marked data-browser-timezone to the browser's own zone,
// unless the form is being re-shown with a value the person chose.
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone) return;
  document.querySelectorAll("select[data-browser-timezone]").forEach(function (select) {
    if (select.dataset.keepValue === "true") return;
    var known = Array.prototype.some.call(select.options, function (o) { return o.value === zone; });
    if (known && select.value === "UTC") select.value = zone;
  });
})();
