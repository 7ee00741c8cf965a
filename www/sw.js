// The calculator's service worker: after one visit the page works with no
// network at all. www/boot.js registers it as ./sw.js, so its scope is the
// page's own folder, wherever dist/ is served.
//
// Only the calculator's own files are ever cached. Nothing the user types or
// opens goes into a cache: the figures are read from the text box or from a
// file on this device and analysed in this browser, so no request carries
// them, and a cache holds nothing but responses to requests.
//
// - The page itself and the exact-test worker's three files, whose names
//   never change: network first, so that a new build is picked up at once,
//   and the cache when the network fails. The worker's files are not
//   fetched at install: the page starts the worker only for a table it
//   cannot finish at once, so most visits never need them, and they are
//   stored the first time the page does. Offline, a page whose worker was
//   never stored works such a table out on its own thread.
// - The files Trunk names by their content hash: cache first, as a file of
//   that name never changes.
// - Every GET in the scope that succeeds is stored. The cache's name holds
//   the scope, so that two copies of the calculator on one host keep apart,
//   and the version below, so that a new version of this file starts clean.
// - The page asked for with presets in its query string (`?embed=1`,
//   `?example=tiny-numbers&reference=Black`) is the same page: it is stored
//   once, under its address without the query, so the cache keeps no
//   preset. Share links put their settings and figures after `#`, which is
//   never part of a request.

const VERSION = 2;
const SCOPE = self.registration.scope;
const PREFIX = `ips-equity ${SCOPE} `;
const CACHE = `${PREFIX}v${VERSION}`;

// Trunk's content hash: 8 to 16 hex digits (a u64 without its leading
// zeros) after the name's last hyphen, then "_bg" for a wasm.
const HASHED = /-[0-9a-f]{8,16}(?:_bg)?\.[a-z]+$/;

// The page's links to its own files, as Trunk writes them: "./name".
const LINKED = /\s(?:href|src)="\.\/([^"?#]+)"/g;

function linkedNames(html) {
  return Array.from(html.matchAll(LINKED), (match) => match[1]);
}

function fileName(url) {
  return new URL(url).pathname.split("/").pop();
}

// The first visit's files were loaded before this worker existed, so they
// are fetched again here: the page and what it links to (not the
// exact-test worker, see above). A failed fetch fails the install, and the
// browser tries again on the next visit; a half-filled cache would be no
// offline page.
async function storeEverything() {
  const cache = await caches.open(CACHE);
  const page = await fetch(SCOPE);
  if (page.status !== 200) {
    throw new Error(`the page answered ${page.status}`);
  }
  const names = linkedNames(await page.clone().text());
  await cache.addAll(names.map((name) => new URL(name, SCOPE).href));
  await cache.put(SCOPE, page);
}

// A new build's page names new hashed files: those of older builds are
// dropped, so that the cache holds one build.
async function keepOnlyFilesOf(html) {
  const named = new Set(linkedNames(html));
  const cache = await caches.open(CACHE);
  const stale = (await cache.keys()).filter((request) => {
    const name = fileName(request.url);
    return HASHED.test(name) && !named.has(name);
  });
  await Promise.all(stale.map((request) => cache.delete(request)));
}

function withoutQuery(url) {
  const address = new URL(url);
  address.search = "";
  return address.href;
}

async function store(request, response) {
  const cache = await caches.open(CACHE);
  const isPage =
    request.mode === "navigate" &&
    (response.headers.get("Content-Type") || "").startsWith("text/html");
  const html = isPage ? await response.clone().text() : "";
  await cache.put(isPage ? withoutQuery(request.url) : request, response);
  if (isPage) {
    await keepOnlyFilesOf(html);
  }
}

// A page from the cache: the one asked for, else the calculator itself
// (the scope's folder), whatever the query string.
async function cachedPage(request) {
  const cache = await caches.open(CACHE);
  return (
    (await cache.match(request, { ignoreSearch: true })) ||
    (await cache.match(SCOPE))
  );
}

// Only a whole, same-origin answer is kept: not an error, a redirect or a
// part of a file.
function keepable(response) {
  return response.status === 200 && response.type === "basic";
}

async function networkFirst(event) {
  const { request } = event;
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const cached =
      request.mode === "navigate"
        ? await cachedPage(request)
        : await (await caches.open(CACHE)).match(request);
    if (cached) {
      return cached;
    }
    throw error;
  }
  if (keepable(response)) {
    event.waitUntil(store(request, response.clone()));
    return response;
  }
  // A page from the cache beats the host's error page.
  if (request.mode === "navigate") {
    return (await cachedPage(request)) || response;
  }
  return response;
}

async function cacheFirst(event) {
  const { request } = event;
  const cached = await (await caches.open(CACHE)).match(request);
  if (cached) {
    return cached;
  }
  const response = await fetch(request);
  if (keepable(response)) {
    event.waitUntil(store(request, response.clone()));
  }
  return response;
}

self.addEventListener("install", (event) => {
  event.waitUntil(storeEverything().then(() => self.skipWaiting()));
});

// Old versions' caches go, and the page that registered this worker comes
// under it at once, so that the rest of a first visit is served from here.
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((name) => name.startsWith(PREFIX) && name !== CACHE)
          .map((name) => caches.delete(name)),
      );
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  // Anything but a GET of the calculator's own files is left to the
  // browser: there is nothing else, and nothing else is this worker's.
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) {
    return;
  }
  if (request.mode !== "navigate" && HASHED.test(fileName(request.url))) {
    event.respondWith(cacheFirst(event));
  } else {
    event.respondWith(networkFirst(event));
  }
});
