// The clinician report: a Print button that opens the browser's print dialogue.
(function () {
  "use strict";
  var button = document.getElementById("print-report");
  if (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  }
})();
