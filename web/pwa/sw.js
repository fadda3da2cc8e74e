/* Harborline's service worker: the app shell offline, never the data.
 * - Pages (navigations) go to the network; offline, the cached shell answers and the app says it is offline.
 * - Hashed scripts and styles are kept once fetched (their names change with their content).
 * - /api/ is never cached: what people wrote, and anything about patients, stays on the server.
 * - Push messages carry only a content-free title; tapping one opens the page it names.
 */
const VERSION = '__VERSION__';
const SHELL = `harborline-shell-${VERSION}`;
const PRECACHE = __PRECACHE__;
/** What a notice says on the device, by language: notice titles (written by the server in English) by pattern. */
const WORDING = {
  en: { fallback: 'Something new in Harborline', body: 'Open Harborline to read it.', notices: [] },
  es: { fallback: 'Hay algo nuevo en Harborline', body: 'Abre Harborline para leerlo.', notices: __NOTICES_ES__ },
};

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('harborline-') && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (event.request.mode === 'navigate') {
    event.respondWith(fetch(event.request).catch(() => caches.match('/index.html')));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      caches.match(event.request).then(
        (hit) =>
          hit ||
          fetch(event.request).then((res) => {
            if (res.ok) {
              const copy = res.clone();
              void caches.open(SHELL).then((cache) => cache.put(event.request, copy));
            }
            return res;
          }),
      ),
    );
  }
});

/** The account's language when the push names it, else the device's. */
function wordingFor(locale) {
  const lang = locale || (self.navigator.language || 'en').slice(0, 2);
  return WORDING[lang] || WORDING.en;
}

function titleIn(wording, title) {
  for (const [source, flags, replacement] of wording.notices) {
    const pattern = new RegExp(source, flags);
    if (pattern.test(title)) return title.replace(pattern, replacement);
  }
  return title;
}

self.addEventListener('push', (event) => {
  let data = { link: '/' };
  try {
    data = { ...data, ...event.data.json() };
  } catch {
    /* an empty or unreadable push still says something arrived */
  }
  const wording = wordingFor(data.locale);
  event.waitUntil(
    self.registration.showNotification(data.title ? titleIn(wording, data.title) : wording.fallback, {
      body: wording.body,
      icon: '/icon-192.png',
      tag: data.link,
      data: { link: data.link },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const link = new URL(event.notification.data?.link || '/', self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => w.url.startsWith(self.location.origin));
      return open ? open.navigate(link).then((w) => w && w.focus()) : self.clients.openWindow(link);
    }),
  );
});
