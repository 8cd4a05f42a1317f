{% autoescape off %}// GutMind's service worker. The shell (styles, scripts, the offline page) is cached on
// install; Today, the day pages and the check-in form are fetched from the network first
// and kept for when there is none. POSTs are never touched here: static/js/outbox.js keeps
// a save made offline and sends it later.
const SHELL = {{ shell_json }};
const SHELL_CACHE = `gutmind-shell-${VERSION}`;
const PAGE_CACHE = "gutmind-pages";
const OFFLINE_URL = SHELL[SHELL.length - 1];
// /help/ too: someone in crisis on a train must still see their emergency number and lines.
const HELP_PATH = "/help/";
const PAGE_PATHS = [/^\/today\/$/, /^\/log\/\d{4}-\d{2}-\d{2}\/$/, /^\/checkins\/new\/$/, /^\/checkins\/\d+\/edit\/$/, /^\/help\/$/];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name.startsWith("gutmind-shell-") && name !== SHELL_CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()));
});

function isPage(url) {
  return url.origin === self.location.origin && PAGE_PATHS.some((pattern) => pattern.test(url.pathname));
}

async function keep(request, response) {
  // Only a signed-in page as drawn: never a redirect to sign-in or an error.
  if (response.ok && !response.redirected && response.type === "basic") {
    const cache = await caches.open(PAGE_CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

async function networkFirst(request) {
  try {
    return await keep(request, await fetch(request));
  } catch (error) {
    const cached = await caches.match(request, { ignoreSearch: true });
    return cached || (await caches.match(OFFLINE_URL)) || Response.error();
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(SHELL_CACHE)).put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (isPage(url)) {
    event.respondWith(networkFirst(request));
  } else if (url.pathname.startsWith("{{ static_prefix }}")) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(async () => (await caches.match(OFFLINE_URL)) || Response.error()));
  }
});

async function warm(paths) {
  // One at a time: a small server (SQLite under `make run`) should not feel a burst.
  for (const path of paths) {
    try {
      await keep(new Request(path), await fetch(path, { credentials: "same-origin" }));
    } catch (error) {
      return;  // offline again: the rest can wait for the next day's visit
    }
  }
}

// Whose pages the page cache holds. A session can end without the sign-out button (it
// expires, cookies are cleared), so every signed-in page says who it is drawn for, and a
// different person's first page empties the cache before anything of theirs is kept.
const OWNER_CACHE = "gutmind-owner";
const OWNER_KEY = "/__gutmind-owner__";
let ownerChecked = Promise.resolve();

async function claimFor(person) {
  const cache = await caches.open(OWNER_CACHE);
  const stored = await cache.match(OWNER_KEY);
  const previous = stored ? await stored.text() : null;
  // The first owner recorded keeps what is cached (pages kept before this check existed).
  if (previous !== null && previous !== person) {
    await caches.delete(PAGE_CACHE);
  }
  if (previous !== person) {
    await cache.put(OWNER_KEY, new Response(person));
  }
  // The help page as drawn for this person (their country's numbers), kept before it is
  // ever needed: nobody should have to have opened it once, online, for it to work offline.
  if (!(await (await caches.open(PAGE_CACHE)).match(HELP_PATH, { ignoreSearch: true }))) {
    await warm([HELP_PATH]);
  }
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "signed-out") {
    // The cached pages hold this person's entries: they go with the sign-out.
    ownerChecked = ownerChecked.then(() => caches.delete(PAGE_CACHE)).catch(() => {});
    event.waitUntil(ownerChecked);
  } else if (data.type === "owner" && typeof data.person === "string" && data.person) {
    ownerChecked = ownerChecked.then(() => claimFor(data.person)).catch(() => {});
    event.waitUntil(ownerChecked);
  } else if (data.type === "warm" && Array.isArray(data.urls)) {
    // Recent days, so that yesterday can be filled in offline without opening it first.
    const paths = data.urls.filter((path) => isPage(new URL(path, self.location.origin)));
    event.waitUntil(ownerChecked.then(() => warm(paths)));
  }
});
{% endautoescape %}
