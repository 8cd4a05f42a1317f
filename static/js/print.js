// The safety plan page: a button that opens the browser's print dialogue.
(function () {
  "use strict";
  var button = document.getElementById("print-plan");
  if (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  }
})();
