/* Harborline's service worker: the app shell offline, never the data.
 * - Pages (navigations) go to the network; offline, the cached shell answers and the app says it is offline.
 * - Hashed scripts and styles are kept once fetched (their names change with their content).
 * - /api/ is never cached: what people wrote, and anything about patients, stays on the server.
 * - Push messages carry only a content-free title; tapping one opens the page it names.
 */
const VERSION = '__VERSION__';
const SHELL = `harborline-shell-${VERSION}`;
const PRECACHE = __PRECACHE__;

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

self.addEventListener('push', (event) => {
  let data = { title: 'Something new in Harborline', link: '/' };
  try {
    data = { ...data, ...event.data.json() };
  } catch {
    /* an empty or unreadable push still says something arrived */
  }
  event.waitUntil(
    self.registration.showNotification(data.title, {
      body: 'Open Harborline to read it.',
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
