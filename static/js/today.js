// The Today and day pages: +/- buttons around the number inputs and live progress toward
// each guideline. Without this file the page still works: the inputs are plain numbers.
(function () {
  "use strict";

  // Where a first tap on an empty field starts: most nights are near 7 hours, not 0.
  var FIRST_TAP = { sleep_hours: 7 };

  function decimals(step) {
    var dot = String(step).indexOf(".");
    return dot === -1 ? 0 : String(step).length - dot - 1;
  }

  // One glass in ml, from apps/lifestyle/habits.py through the water row's data-glass-ml.
  function glassMl(row) {
    var units = row.querySelector(".water-unit");
    return units ? parseFloat(units.dataset.glassMl) : NaN;
  }

  // In ml a tap adds a glass; in glasses, one.
  function waterStep(row) {
    var ml = row.querySelector('input[name="water_unit"][value="ml"]');
    return ml && ml.checked ? glassMl(row) : 1;
  }

  function stepFor(row, stepper) {
    return row.dataset.habit === "water_ml" ? waterStep(row) : parseFloat(stepper.dataset.step || "1");
  }

  function nudge(row, stepper, input, direction) {
    var step = stepFor(row, stepper);
    var current = parseFloat(input.value);
    if (isNaN(current) && FIRST_TAP[row.dataset.habit] !== undefined) {
      input.value = FIRST_TAP[row.dataset.habit];
      input.dispatchEvent(new Event("input", { bubbles: true }));
      return;
    }
    var next = (isNaN(current) ? 0 : current) + direction * step;
    next = Math.max(0, next);
    input.value = next.toFixed(decimals(step)).replace(/\.0+$/, "");
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function makeButton(text, label) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-success stepper-button";
    button.textContent = text;
    button.setAttribute("aria-label", label);
    return button;
  }

  function addButtons(row) {
    var stepper = row.querySelector(".stepper");
    if (!stepper) return;
    var input = stepper.querySelector("input");
    var name = (row.querySelector(".habit-label") || {}).textContent || "";
    name = name.replace(/\s+/g, " ").trim();
    var minus = makeButton("−", "Less " + name);
    var plus = makeButton("+", "More " + name);
    minus.addEventListener("click", function () { nudge(row, stepper, input, -1); });
    plus.addEventListener("click", function () { nudge(row, stepper, input, 1); });
    stepper.insertBefore(minus, input);
    stepper.appendChild(plus);
  }

  function amountOf(row) {
    var input = row.querySelector(".stepper input");
    var value = input ? parseFloat(input.value) : NaN;
    if (isNaN(value)) return NaN;
    return row.dataset.habit === "water_ml" && waterStep(row) === 1 ? value * glassMl(row) : value;
  }

  function updateProgress(row) {
    var target = parseFloat(row.dataset.target);
    var bar = row.querySelector(".habit-progress");
    var text = row.querySelector(".habit-progress-text");
    if (!bar || !text || isNaN(target)) return;
    var amount = amountOf(row);
    if (isNaN(amount)) {
      bar.value = 0;
      text.textContent = "Not logged yet";
      return;
    }
    bar.value = Math.max(0, Math.min(100, Math.floor((amount * 100) / target)));
    text.textContent = (Math.round(amount * 100) / 100) + " of " + (row.dataset.targetText || target) + " " + row.dataset.unit;
  }

  document.querySelectorAll(".habit-row").forEach(function (row) {
    addButtons(row);
    row.addEventListener("input", function () { updateProgress(row); });
    row.addEventListener("change", function () { updateProgress(row); });
  });

  // "Fill in habits as on <last logged day>": one tap instead of twenty, then adjust.
  function setField(form, name, value) {
    form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
      if (input.type === "radio") {
        input.checked = String(input.value) === String(value);
      } else if (input.type === "checkbox") {
        input.checked = Boolean(value);
      } else {
        input.value = value;
      }
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  var previousData = document.getElementById("previous-day-values");
  var copyButton = document.getElementById("copy-previous");
  if (previousData && copyButton) {
    var previous = JSON.parse(previousData.textContent);
    copyButton.parentElement.hidden = false;
    copyButton.addEventListener("click", function () {
      var form = document.getElementById("day-form");
      Object.keys(previous.values).forEach(function (name) {
        setField(form, name, previous.values[name]);
      });
      var withTags = document.getElementById("copy-tags");
      if (withTags && withTags.checked) {
        form.querySelectorAll('input[name="tags"]').forEach(function (box) {
          box.checked = previous.tags.indexOf(box.value) !== -1;
        });
      }
      document.getElementById("copy-previous-status").textContent =
        "Filled in from " + previous.label + (withTags && withTags.checked ? ", tags too" : "") +
        ". Change what was different, then save.";
    });
  }

  // "Hide" and "Show first" move a habit or tag between the top and "More" without leaving
  // the page (what is typed stays); without this file they are plain POST buttons.
  function moveItem(button) {
    var item = button.closest("[data-item]");
    var hiding = button.dataset.layout === "hide";
    var isTag = item.classList.contains("tag-chip");
    var target = document.getElementById(
      (hiding ? "more-" : "shown-") + (isTag ? "tags" : "habits"));
    if (!target) { window.location.reload(); return; }
    // A grouped tag goes to its group's place in the other list (_tag_chips.html).
    var from = item.closest("[data-tag-group]");
    var place = item.dataset.group &&
      target.querySelector('[data-tag-group="' + item.dataset.group + '"]');
    if (place) {
      place.querySelector(".tag-list").appendChild(item);
      place.hidden = false;
    } else {
      target.appendChild(item);
    }
    if (from && !from.querySelector(".tag-chip")) from.hidden = true;
    if (target.parentElement.hidden) target.parentElement.hidden = false;
    button.dataset.layout = hiding ? "show" : "hide";
    button.setAttribute("form", hiding ? "show-form" : "hide-form");
    if (!isTag) {
      var name = item.querySelector(".habit-label").textContent.replace(/\s+/g, " ").trim();
      button.textContent = hiding ? "Show first" : "Hide";
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = hiding ? ": " + name : " " + name + " under More";
      button.appendChild(hidden);
    } else {
      var tagName = item.querySelector("label").textContent.trim();
      button.firstElementChild.textContent = hiding ? "↑" : "×";
      button.setAttribute("aria-label", hiding ? "Show the tag " + tagName + " first" :
        "Hide the tag " + tagName + " under More");
    }
    if (hiding) document.getElementById("more").open = true;
  }

  document.querySelectorAll(".layout-button").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var form = document.getElementById(button.dataset.layout === "hide" ? "hide-form" : "show-form");
      var body = new FormData(form);
      body.set("item", button.value);
      fetch(form.action, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-GutMind-Outbox": "1" }
      }).then(function (response) {
        if (response.ok) moveItem(button);
      }).catch(function () { /* offline: the layout is not worth queueing */ });
    });
  });

  // After a failed save the message is at the top but the field may be far below: go to it.
  var firstInvalid = document.querySelector("input.is-invalid, select.is-invalid, textarea.is-invalid");
  if (firstInvalid) {
    firstInvalid.focus();
  }
})();
