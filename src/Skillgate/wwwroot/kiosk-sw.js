// Keeps the kiosk page and its scripts available offline; API calls always go to the network (check-ins queue in IndexedDB).
var CACHE = 'skillgate-kiosk-v2';
var SHELL = ['/Training/Kiosk', '/js/kiosk.js', '/js/site.js', '/css/site.css', '/lib/bootstrap.min.css', '/lib/bootstrap.bundle.min.js', '/lib/htmx.min.js',
  '/js/face.js', '/lib/human/human.esm.js', '/lib/human/tfjs-backend-wasm-simd.wasm'].concat(
  ['blazeface', 'facemesh', 'faceres', 'antispoof', 'liveness'].flatMap(function (m) { return ['/lib/human/models/' + m + '.json', '/lib/human/models/' + m + '.bin']; }));
self.addEventListener('install', function (e) {
  e.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(SHELL); }).then(function () { return self.skipWaiting(); }));
});
self.addEventListener('activate', function (e) { e.waitUntil(self.clients.claim()); });
self.addEventListener('fetch', function (e) {
  var url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== location.origin || url.pathname.indexOf('/api/') === 0) { return; }
  e.respondWith(fetch(e.request).then(function (response) {
    var copy = response.clone();
    caches.open(CACHE).then(function (c) { c.put(e.request, copy); });
    return response;
  }).catch(function () { return caches.match(e.request, { ignoreSearch: true }); }));
});
