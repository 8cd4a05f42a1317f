// The dashboard: fetches the JSON endpoints and draws the charts with Chart.js. Every chart
// also fills a table or a sentence beside it, so a screen reader gets the same numbers.
(function () {
  "use strict";

  var root = document.getElementById("dashboard");
  if (!root || typeof window.Chart === "undefined") {
    return;
  }
  var config = JSON.parse(document.getElementById("dashboard-config").textContent);
  var Chart = window.Chart;
  var charts = {};
  // Colours are CSS variables (static/css/dashboard.css), resolved when a chart is drawn and
  // again when the colour mode changes, so the charts follow light and dark mode.
  var GREEN = "var(--gm-chart-mood)";
  var DARK = "var(--gm-chart-average)";
  var BLUE = "var(--gm-chart-habit)";
  var BLUE_SOFT = "var(--gm-chart-habit-soft)";
  var AMBER = "var(--gm-chart-unmet)";
  var POINTS = "var(--gm-chart-points)";
  var definitions = {};

  function resolve(value) {
    if (Array.isArray(value)) return value.map(resolve);
    if (typeof value !== "string" || value.indexOf("var(") !== 0) return value;
    var name = value.slice(4, -1);
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#198754";
  }

  function coloured(definition) {
    var copy = Object.assign({}, definition);
    copy.data = Object.assign({}, definition.data, {
      datasets: definition.data.datasets.map(function (dataset) {
        var each = Object.assign({}, dataset);
        ["borderColor", "backgroundColor", "pointBackgroundColor"].forEach(function (key) {
          if (key in each) each[key] = resolve(each[key]);
        });
        return each;
      })
    });
    return copy;
  }

  function chartDefaults() {
    Chart.defaults.color = resolve("var(--bs-body-color)");
    Chart.defaults.borderColor = resolve("var(--bs-border-color)");
  }
  chartDefaults();

  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  function url(name, params) {
    var query = new URLSearchParams(params);
    return config.urls[name] + "?" + query.toString();
  }

  function getJSON(name, params) {
    return fetch(url(name, params), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    });
  }

  function setText(id, text) {
    var element = document.getElementById(id);
    if (element) {
      element.textContent = text;
    }
  }

  function draw(id, definition) {
    if (charts[id]) {
      charts[id].destroy();
    }
    definitions[id] = definition;
    charts[id] = new Chart(document.getElementById(id), coloured(definition));
  }

  document.addEventListener("gutmind:theme", function () {
    chartDefaults();
    Object.keys(definitions).forEach(function (id) { draw(id, definitions[id]); });
  });

  function cell(row, text, header) {
    var element = document.createElement(header ? "th" : "td");
    if (header) {
      element.scope = "row";
    }
    element.textContent = text === null || text === undefined ? "–" : String(text);
    row.appendChild(element);
  }

  function fillTable(id, rows) {
    var body = document.getElementById(id);
    body.replaceChildren();
    rows.forEach(function (values) {
      var row = document.createElement("tr");
      values.forEach(function (value, index) {
        cell(row, value, index === 0);
      });
      body.appendChild(row);
    });
  }

  // " (hours)" or " (1–5)": a habit's unit, or the range of its scale (apps/lifestyle/habits.py).
  function unitNote(habit) {
    if (habit.unit) return " (" + habit.unit + ")";
    return habit.scale ? " (" + habit.scale.low + "–" + habit.scale.high + ")" : "";
  }

  function habitText(habit, value) {
    if (value === null || value === undefined) {
      return null;
    }
    if (habit.kind === "yesno") {
      return value ? "yes" : "no";
    }
    return value + (habit.unit ? " " + habit.unit : "");
  }

  function mean(values) {
    var known = values.filter(function (value) {
      return value !== null;
    });
    if (!known.length) {
      return null;
    }
    return known.reduce(function (a, b) { return a + b; }, 0) / known.length;
  }

  // --- Mood over time ---------------------------------------------------------------
  function drawSeries(data) {
    var habit = data.habit;
    draw("mood-chart", {
      data: {
        labels: data.dates,
        datasets: [
          // clip: false keeps the dots on 1 and 5 whole instead of cut in half by the axis.
          { type: "line", label: "Daily mood", data: rounded(data.mood), showLine: false, pointRadius: 3, clip: false, borderColor: GREEN, backgroundColor: GREEN, yAxisID: "y", order: 0 },
          // spanGaps false: the average is null after a week with no check-in, and the line breaks
          // there instead of running straight across months with nothing logged.
          { type: "line", label: "7-day average", data: rounded(data.rolling), pointRadius: 0, borderColor: DARK, borderWidth: 2, spanGaps: false, yAxisID: "y", order: 1 },
          // Drawn behind the mood and half see-through, so the habit does not hide it.
          { type: "bar", label: habit.label, data: rounded(data.habit_values), backgroundColor: BLUE_SOFT, yAxisID: "y2", order: 2 },
        ],
      },
      options: {
        scales: {
          x: { ticks: { maxTicksLimit: 8 } },
          y: { min: 1, max: 5, title: { display: true, text: "Mood (1–5)" } },
          y2: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: habit.label + unitNote(habit) } },
        },
      },
    });
    var average = mean(data.mood);
    setText(
      "mood-summary",
      data.days_with_mood
        ? data.days_with_mood + " days with a check-in from " + data.start + " to " + data.end +
          "; your mood averaged " + average.toFixed(1) + " out of 5. " +
          habit.label + " was logged on " + data.days_with_habit + " days."
        : "No check-ins in this range yet: check in on your mood to see it here."
    );
    document.getElementById("mood-table-habit").textContent = habit.label;
    var rows = [];
    for (var i = data.dates.length - 1; i >= 0; i -= 1) {
      if (data.mood[i] !== null || data.habit_values[i] !== null) {
        rows.push([data.dates[i], data.mood[i], data.rolling[i], habitText(habit, data.habit_values[i])]);
      }
    }
    fillTable("mood-table", rows);
  }

  // --- Habit against mood -------------------------------------------------------------
  // A line (numbers) or two group means (yes/no) only from as many days as an insight needs;
  // a yes/no habit is two groups side by side, never points on a 0-to-1 axis.
  var GROUPS = ["Days without", "Days with"];

  function drawGroups(id, panel, habit) {
    var dots = panel.x.map(function (x, index) { return { x: GROUPS[x > 0.5 ? 1 : 0], y: panel.y[index] }; });
    var datasets = [{ type: "scatter", label: "Days", data: dots, backgroundColor: "rgba(25, 135, 84, 0.5)" }];
    if (panel.groups) {
      datasets.unshift({ type: "bar", label: "Average", data: [panel.groups.without.mean, panel.groups["with"].mean], backgroundColor: BLUE_SOFT });
    }
    draw(id, {
      data: { labels: GROUPS, datasets: datasets },
      options: { scales: { x: { type: "category", title: { display: true, text: habit.label } }, y: { min: 1, max: 5, title: { display: true, text: "Mood" } } } },
    });
    var summary;
    if (!panel.groups) {
      summary = panel.n + " day" + (panel.n === 1 ? "" : "s") + " to compare: too few to say anything yet (" + panel.needs + ").";
    } else {
      summary = panel.groups["with"].n + " days with " + habit.label + ": mood averaged " + panel.groups["with"].mean.toFixed(1) +
        "; " + panel.groups.without.n + " days without: " + panel.groups.without.mean.toFixed(1) + ". Averages are not a proof: see the insights.";
    }
    setText(id + "-summary", summary);
  }

  function drawScatter(id, panel, habit) {
    if (habit.kind === "yesno") {
      drawGroups(id, panel, habit);
      return;
    }
    var points = panel.x.map(function (x, index) { return { x: x, y: Math.round(panel.y[index] * 10) / 10 }; });
    var datasets = [
      { type: "scatter", label: "Days", data: points, backgroundColor: POINTS },
    ];
    var xs = panel.x;
    if (panel.fit && xs.length) {
      var low = Math.min.apply(null, xs);
      var high = Math.max.apply(null, xs);
      datasets.push({
        type: "line",
        label: "Fitted line",
        data: [
          { x: low, y: panel.fit.intercept + panel.fit.slope * low },
          { x: high, y: panel.fit.intercept + panel.fit.slope * high },
        ],
        borderColor: DARK,
        pointRadius: 0,
      });
    }
    draw(id, {
      data: { datasets: datasets },
      options: {
        scales: {
          x: { type: "linear", title: { display: true, text: habit.label + unitNote(habit) } },
          y: { min: 1, max: 5, title: { display: true, text: "Mood" } },
        },
      },
    });
    var summary;
    if (!panel.fit) {
      summary = panel.n + " day" + (panel.n === 1 ? "" : "s") + " to compare: too few, or too alike, to draw a line (" + panel.needs + ").";
    } else {
      var unit = habit.unit_one || "point";
      summary = panel.n + " days. The fitted line " + (panel.fit.slope >= 0 ? "rises" : "falls") + " by " +
        Math.abs(panel.fit.slope).toFixed(2) + " mood points for each extra " + unit + ". A line is not a proof: see the insights.";
    }
    setText(id + "-summary", summary);
  }

  // --- Calendar -----------------------------------------------------------------------
  function parseDay(text) {
    var parts = text.split("-").map(Number);
    return new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
  }

  var MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];

  // "2026-12" -> "December 2026": people read months, not ISO keys.
  function monthName(key) {
    var parts = key.split("-").map(Number);
    return MONTH_NAMES[parts[1] - 1] + " " + parts[0];
  }

  // Numbers as people read them: one decimal (4.4, not 4.445), none when whole.
  function rounded(values) {
    return values.map(function (value) {
      return value === null || value === undefined ? value : Math.round(value * 10) / 10;
    });
  }

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function monthLabel(day, week) {
    var label = document.createElement("span");
    label.textContent = MONTHS[day.getUTCMonth()];
    label.style.gridColumnStart = String(week + 1);  // CSSOM, which the CSP allows
    return label;
  }

  // Heading and paging buttons: the previous and next years that have a check-in.
  function drawCalendarPager(data) {
    var years = data.years || [];
    var shown = data.year || Number(data.end.slice(0, 4));
    var earlier = years.filter(function (year) { return year < shown; });
    var later = years.filter(function (year) { return year > shown; });
    var thisYear = Number(config.today.slice(0, 4));
    setText("calendar-heading", data.year ? "Mood in " + data.year : "Mood over the last year");
    pagerButton("calendar-previous", earlier.length ? earlier[earlier.length - 1] : null);
    // From a past year, "later" goes on to the next year with data, or back to the last year.
    var next = later.length ? later[0] : null;
    if (next === thisYear || (data.year && next === null)) next = "latest";
    pagerButton("calendar-next", data.year ? next : null);
  }

  function pagerButton(id, year) {
    var button = document.getElementById(id);
    button.hidden = year === null;
    button.dataset.year = year === null ? "" : String(year);
    var previous = id === "calendar-previous";
    button.textContent = year === "latest" ? "The last year ›" : previous ? "‹ " + year : year + " ›";
  }

  function loadCalendar(year) {
    return getJSON("calendar", year && year !== "latest" ? { year: year } : {})
      .then(drawCalendar)
      .catch(failed("calendar-heading"));
  }

  ["calendar-previous", "calendar-next"].forEach(function (id) {
    document.getElementById(id).addEventListener("click", function (event) {
      loadCalendar(event.currentTarget.dataset.year);
    });
  });

  function drawCalendar(data) {
    drawCalendarPager(data);
    var grid = document.getElementById("calendar-grid");
    var moods = {};
    data.days.forEach(function (day) { moods[day.date] = day.mood; });
    var cells = document.createDocumentFragment();
    var day = parseDay(data.start);
    var end = parseDay(data.end);
    // Rows are weekdays, Monday first: pad the first column up to the start's weekday.
    var padding = (day.getUTCDay() + 6) % 7;
    var labels = document.createDocumentFragment();
    for (var pad = padding; pad > 0; pad -= 1) {
      var blank = document.createElement("span");
      blank.className = "day day-pad";
      cells.appendChild(blank);
    }
    for (var index = padding; day <= end; day = new Date(day.getTime() + 86400000), index += 1) {
      var key = day.toISOString().slice(0, 10);
      if (day.getUTCDate() === 1) labels.appendChild(monthLabel(day, Math.floor(index / 7)));
      var square = document.createElement("span");
      var mood = moods[key];
      square.className = "day " + (mood === undefined ? "mood-none" : "mood-" + Math.round(mood));
      square.title = key + (mood === undefined ? ": no check-in" : ": mood " + mood.toFixed(1));
      cells.appendChild(square);
    }
    grid.replaceChildren(cells);
    document.getElementById("calendar-months").replaceChildren(labels);
    // On a phone the year is wider than the screen: show the latest weeks first.
    var scroller = grid.parentElement;
    if (scroller) scroller.scrollLeft = scroller.scrollWidth;
    var months = {};
    data.days.forEach(function (entry) {
      var month = entry.date.slice(0, 7);
      months[month] = months[month] || [];
      months[month].push(entry.mood);
    });
    fillTable(
      "calendar-table",
      Object.keys(months).sort().reverse().map(function (month) {
        return [monthName(month), months[month].length, mean(months[month]).toFixed(1)];
      })
    );
  }

  // --- This week ----------------------------------------------------------------------
  function drawWeek() {
    var source = document.getElementById("week-data");
    if (!source) {
      return;
    }
    var rows = JSON.parse(source.textContent);
    draw("week-chart", {
      type: "bar",
      data: {
        labels: rows.map(function (row) { return row.label; }),
        datasets: [{
          label: "Share of the guideline reached (%)",
          data: rows.map(function (row) { return Math.round(row.progress * 100); }),
          backgroundColor: rows.map(function (row) { return row.met ? GREEN : AMBER; }),
        }],
      },
      options: {
        indexAxis: "y",
        plugins: { legend: { display: false } },
        scales: { x: { min: 0, max: 100, title: { display: true, text: "% of the guideline reached" } } },
      },
    });
  }

  // --- Wiring -------------------------------------------------------------------------
  function failed(id) {
    return function () {
      setText(id, "This part of the dashboard could not be loaded. Reload the page to try again.");
    };
  }

  // One request at a time: the endpoints are quick, and the embedded SQLite set-up is
  // happier without concurrent writes from session tracking.
  function loadHabit() {
    var params = Object.assign({}, config.params, { habit: document.getElementById("habit-select").value });
    return getJSON("series", params).then(drawSeries).catch(failed("mood-summary"))
      .then(function () { return getJSON("scatter", params); })
      .then(function (data) {
        drawScatter("scatter-same", data.same_day, data.habit);
        drawScatter("scatter-next", data.next_day, data.habit);
      })
      .catch(failed("scatter-same-summary"));
  }

  document.getElementById("habit-select").addEventListener("change", loadHabit);
  // The range switch is a normal form (it remembers the choice); changing it submits it, so
  // the Show button, there for browsers without JavaScript, would only post it twice.
  var rangeForm = document.getElementById("range-form");
  rangeForm.querySelector("button[type=submit]").hidden = true;
  document.getElementById("range-select").addEventListener("change", function () {
    rangeForm.requestSubmit();
  });

  loadHabit()
    .then(function () { return loadCalendar(config.calendar_year); });
  drawWeek();
})();
