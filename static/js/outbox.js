// The phone's outbox: a day or check-in saved without a connection waits here (IndexedDB),
// is shown as "saved on this phone, will sync", and is sent when the connection returns (the
// online event) and on the next visit. Each entry carries its own idempotency key, so the
// server carries it out once however often it is sent. Loaded on every signed-in page.
const DB_NAME = "gutmind-outbox";
const STORE = "entries";
const HEADER = "X-GutMind-Outbox";

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore(mode, work) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = work(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); resolve(result && "result" in result ? result.result : undefined); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  });
}

const allEntries = () => withStore("readonly", (store) => store.getAll());
const putEntry = (entry) => withStore("readwrite", (store) => store.put(entry));
const deleteEntry = (key) => withStore("readwrite", (store) => store.delete(key));

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const person = document.body.dataset.person || "";
const status = document.getElementById("outbox");

function currentToken() {
  const input = document.querySelector('input[name="csrfmiddlewaretoken"]');
  return input ? input.value : "";
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function timeOf(iso) {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function describe(entry) {
  const when = `saved ${timeOf(entry.savedAt)}`;
  if (entry.state === "signin") return `${entry.label}: kept on this phone (${when}). Sign in again to send it.`;
  if (entry.state === "invalid") return `${entry.label}: could not be saved (${entry.reason}). Open it, fix it and save again.`;
  if (entry.state === "gone") return `${entry.label}: no longer exists on the server.`;
  return `${entry.label}: saved on this phone, will sync (${when}).`;
}

function conflictChooser(entry) {
  const box = el("div", "outbox-conflict");
  box.appendChild(el("p", "fw-semibold mb-1", `${entry.label} was changed elsewhere after this phone saved it. Choose which to keep:`));
  const list = el("ul", "list-unstyled mb-2");
  entry.conflict.conflicts.forEach((conflict, index) => {
    const item = el("li", "mb-2");
    const group = el("fieldset", "");
    group.appendChild(el("legend", "habit-label mb-1", conflict.label));
    [["here", `This phone: ${conflict.here}`], ["elsewhere", `Saved elsewhere: ${conflict.elsewhere}`]].forEach(([value, text]) => {
      const id = `conflict-${entry.key}-${index}-${value}`;
      const wrap = el("div", "form-check");
      const input = el("input", "form-check-input");
      Object.assign(input, { type: "radio", name: `conflict-${entry.key}-${index}`, id, value, checked: value === "here" });
      const label = el("label", "form-check-label", text);
      label.htmlFor = id;
      wrap.append(input, label);
      group.appendChild(wrap);
    });
    item.appendChild(group);
    list.appendChild(item);
  });
  box.appendChild(list);
  const send = el("button", "btn btn-success btn-touch me-2", "Save my choices");
  send.type = "button";
  send.addEventListener("click", () => resolveConflict(entry, box));
  const drop = el("button", "btn btn-outline-secondary btn-touch", "Keep everything saved elsewhere");
  drop.type = "button";
  drop.addEventListener("click", async () => { await deleteEntry(entry.key); render(); });
  box.append(send, drop);
  return box;
}

async function resolveConflict(entry, box) {
  let pairs = entry.pairs;
  entry.conflict.conflicts.forEach((conflict, index) => {
    const chosen = box.querySelector(`input[name="conflict-${entry.key}-${index}"]:checked`);
    if (chosen && chosen.value === "elsewhere") {
      pairs = pairs.filter(([name]) => name !== conflict.name);
      conflict.elsewhere_raw.forEach((value) => pairs.push([conflict.name, value]));
    }
  });
  pairs = pairs.filter(([name]) => name !== "base_version");
  pairs.push(["base_version", entry.conflict.base_version]);
  Object.assign(entry, { pairs, state: "pending", conflict: null });
  await putEntry(entry);
  await sync();
}

async function render() {
  if (!status) return;
  const mine = (await allEntries()).filter((entry) => entry.person === person);
  status.hidden = mine.length === 0;
  const list = el("ul", "list-unstyled mb-0");
  mine.sort((a, b) => a.savedAt.localeCompare(b.savedAt)).forEach((entry) => {
    const item = el("li", "outbox-entry");
    item.dataset.state = entry.state;
    if (entry.state === "conflict") item.appendChild(conflictChooser(entry));
    else item.appendChild(el("span", "", describe(entry)));
    if (entry.state === "invalid" || entry.state === "gone") {
      const drop = el("button", "btn btn-link btn-sm", "Discard");
      drop.type = "button";
      drop.addEventListener("click", async () => { await deleteEntry(entry.key); render(); });
      item.appendChild(drop);
    }
    list.appendChild(item);
  });
  status.replaceChildren(list);
}

function reasonOf(body) {
  const errors = body && body.errors ? Object.values(body.errors).flat() : [];
  return errors.join(" ") || (body && body.reason) || "the server refused it";
}

async function send(entry, token) {
  const body = new URLSearchParams();
  entry.pairs.forEach(([name, value]) => {
    if (name !== "csrfmiddlewaretoken") body.append(name, value);
  });
  body.append("csrfmiddlewaretoken", token);
  let response;
  try {
    response = await fetch(entry.url, {
      method: "POST", body, credentials: "same-origin", redirect: "manual",
      headers: { [HEADER]: "1", Accept: "application/json" },
    });
  } catch (error) {
    return "offline";
  }
  if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
    return "signin";  // signed out, an expired session or a stale CSRF token: keep it
  }
  const data = await response.json().catch(() => null);
  if (response.ok && data && data.outcome === "saved") return "saved";
  if (response.status === 409 && data) return { state: "conflict", conflict: data };
  if (response.status === 404) return "gone";
  if (response.status === 400) return { state: "invalid", reason: reasonOf(data) };
  return "offline";  // a server error: try again later
}

let syncing = null;

async function syncOnce() {
  const token = currentToken();
  if (!person || !token || !navigator.onLine) return;
  const mine = (await allEntries()).filter((e) => e.person === person && (e.state === "pending" || e.state === "signin"));
  let sent = 0;
  for (const entry of mine) {
    const result = await send(entry, token);
    if (result === "offline") break;
    if (result === "saved") { await deleteEntry(entry.key); sent += 1; continue; }
    if (result === "signin") { entry.state = "signin"; await putEntry(entry); break; }
    Object.assign(entry, typeof result === "string" ? { state: result } : result);
    await putEntry(entry);
  }
  if (sent) document.dispatchEvent(new CustomEvent("gutmind:synced", { detail: { sent } }));
}

async function sync() {
  // One sync at a time: the online event and a page load can arrive together.
  if (!syncing) syncing = syncOnce().finally(() => { syncing = null; });
  await syncing;
  await render();
}

async function queue(form) {
  const moment = form.querySelector('input[name="checkin-moment"]');
  if (moment) moment.value = new Date().toISOString();
  const pairs = [];
  new FormData(form).forEach((value, name) => { if (typeof value === "string") pairs.push([name, value]); });
  const key = form.querySelector('input[name="idempotency_key"]').value;
  await putEntry({
    key, person, pairs, url: form.action, state: "pending",
    label: form.dataset.outboxLabel || "Your entry", savedAt: new Date().toISOString(),
  });
  form.querySelector('input[name="idempotency_key"]').value = newKey();
  await render();
  if (status) status.focus();
}

document.querySelectorAll("form[data-outbox]").forEach((form) => {
  // A page served from the phone's cache carries the key it was drawn with: never reuse it.
  const keyInput = form.querySelector('input[name="idempotency_key"]');
  if (keyInput) keyInput.value = newKey();
  form.addEventListener("submit", (event) => {
    if (navigator.onLine) return;  // online: the ordinary POST, with its key
    event.preventDefault();
    queue(form);
  });
});

// Signing out leaves the outbox for the next sign-in, but the cached pages go.
document.querySelectorAll('form[action$="/accounts/logout/"]').forEach((form) => {
  form.addEventListener("submit", () => {
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "signed-out" });
    }
  });
});

window.addEventListener("online", () => sync());
document.addEventListener("gutmind:synced", () => {
  const form = document.querySelector("form[data-outbox]");
  if (form && !form.dataset.dirty) window.location.reload();
});
document.querySelectorAll("form[data-outbox]").forEach((form) => {
  form.addEventListener("input", () => { form.dataset.dirty = "1"; });
});

function recentDays(today) {
  const urls = ["/today/", "/checkins/new/"];
  const day = new Date(`${today}T12:00:00Z`);
  for (let back = 1; back <= 6; back += 1) {
    day.setUTCDate(day.getUTCDate() - 1);
    urls.push(`/log/${day.toISOString().slice(0, 10)}/`);
  }
  return urls;
}

async function startWorker() {
  if (!("serviceWorker" in navigator) || !document.body.dataset.serviceWorker) return;
  await navigator.serviceWorker.register(document.body.dataset.serviceWorker, { scope: "/" });
  const todayForm = document.querySelector("form[data-today]");
  const today = todayForm && todayForm.dataset.today;
  if (!today || !navigator.onLine) return;
  const ready = await navigator.serviceWorker.ready;
  const mark = `gutmind-warmed-${person}`;
  if (localStorage.getItem(mark) === today) return;
  ready.active.postMessage({ type: "warm", urls: recentDays(today) });
  localStorage.setItem(mark, today);
}

// After the page has loaded, so the worker's requests never compete with the page's own.
if (document.readyState === "complete") startWorker().catch(() => {});
else window.addEventListener("load", () => startWorker().catch(() => {}));
sync();
