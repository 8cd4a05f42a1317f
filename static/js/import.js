// Import progress: polls the JSON status endpoint and reloads the page when the import ends,
// so the server renders the result (or the reason it failed).
(function () {
  "use strict";
  const bar = document.getElementById("import-progress");
  if (!bar) return;
  const url = bar.dataset.statusUrl;
  const message = document.getElementById("import-message");

  async function poll() {
    let status;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) throw new Error(response.statusText);
      status = await response.json();
    } catch (error) {
      message.textContent = "Lost touch with the server; trying again…";
      window.setTimeout(poll, 3000);
      return;
    }
    if (status.total) bar.max = status.total;
    bar.value = status.done || 0;
    bar.textContent = `${bar.value} of ${bar.max}`;
    if (status.state === "done" || status.state === "failed" || status.retryable) {
      window.location.reload();
      return;
    }
    window.setTimeout(poll, 1000);
  }
  poll();
})();
