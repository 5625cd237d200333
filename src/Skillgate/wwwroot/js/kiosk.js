// The shop-floor kiosk: checks people in by badge number (with a PIN when given) or face, queues check-ins in IndexedDB while offline and syncs them
// later; every check-in carries its own idempotency key and the device's time, so repeated or out-of-order syncs are safe.
(function () {
  var root = document.getElementById('kiosk');
  if (!root) { return; }
  var texts = JSON.parse(root.dataset.texts);
  var $ = function (id) { return document.getElementById(id); };
  var tokenKey = 'skillgate.kiosk.token', sessionsKey = 'skillgate.kiosk.sessions';
  var token = localStorage.getItem(tokenKey);
  var sessions = JSON.parse(localStorage.getItem(sessionsKey) || '[]');
  var dbPromise = new Promise(function (resolve, reject) {
    var open = indexedDB.open('skillgate-kiosk', 1);
    open.onupgradeneeded = function () { open.result.createObjectStore('checkins', { keyPath: 'idempotencyKey' }); };
    open.onsuccess = function () { resolve(open.result); };
    open.onerror = function () { reject(open.error); };
  });
  function store(mode, work) {
    return dbPromise.then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction('checkins', mode);
        var result = work(tx.objectStore('checkins'));
        tx.oncomplete = function () { resolve(result && result.result !== undefined ? result.result : result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  function all() { return store('readonly', function (s) { return s.getAll(); }); }
  function put(item) { return store('readwrite', function (s) { s.put(item); }); }

  function message(text) { var m = $('kiosk-main').querySelector('[data-testid=kiosk-message]'); m.textContent = text; m.hidden = false; }
  function network() { root.querySelector('[data-testid=kiosk-network]').textContent = navigator.onLine ? texts.online : texts.offline; }
  function render() {
    var select = $('kiosk-session'), current = select.value;
    select.innerHTML = '';
    sessions.forEach(function (s) {
      var option = document.createElement('option');
      option.value = s.id;
      option.textContent = s.title + ' ' + new Date(s.startsAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      select.appendChild(option);
    });
    if (current) { select.value = current; }
    return all().then(function (items) {
      var pending = items.filter(function (i) { return !i.synced; }).length;
      root.querySelector('[data-testid=kiosk-pending]').textContent = texts.pending.replace('{0}', pending);
      root.dataset.pending = pending;
      var log = root.querySelector('[data-testid=kiosk-log]');
      log.innerHTML = '';
      items.sort(function (a, b) { return a.at < b.at ? 1 : -1; }).slice(0, 20).forEach(function (i) {
        var li = document.createElement('li');
        li.className = 'list-group-item d-flex justify-content-between';
        li.textContent = (i.employeeNo || texts.by_face) + ' ' + (i.name || '') + ' · ' + new Date(i.at).toLocaleTimeString();
        var state = document.createElement('span');
        state.className = 'small text-body-secondary';
        state.textContent = i.synced ? (i.outcome || '') + (i.reason ? ': ' + i.reason : '') : texts.queued;
        li.appendChild(state);
        log.appendChild(li);
      });
    });
  }

  function headers() { return { 'Content-Type': 'application/json', 'X-Kiosk-Token': token }; }
  function loadSessions() {
    return fetch('/api/v1/kiosk/sessions', { headers: headers() }).then(function (r) {
      if (r.status === 401) { localStorage.removeItem(tokenKey); token = null; start(); throw new Error(texts.token_invalid); }
      return r.json();
    }).then(function (list) {
      sessions = list;
      localStorage.setItem(sessionsKey, JSON.stringify(list));
    }).catch(function () { /* offline: the cached roster is used */ }).then(render);
  }
  // In slices, so a long offline queue (face stills make items large) never exceeds the server's request size.
  function send(items) {
    if (items.length === 0) { return Promise.resolve(); }
    if (items.length > 50) { return sendSlice(items.slice(0, 50)).then(function () { return send(items.slice(50)); }); }
    return sendSlice(items);
  }
  function sendSlice(items) {
    var payload = items.map(function (i) {
      return {
        idempotencyKey: i.idempotencyKey, sessionId: i.sessionId, employeeNo: i.employeeNo, kind: i.kind, at: i.at, pin: i.pin || null,
        face: i.face ? { descriptor: i.face.descriptor, real: i.face.real, live: i.face.live } : null, photo: i.face ? i.face.photo : null
      };
    });
    return fetch('/api/v1/kiosk/check-ins', { method: 'POST', headers: headers(), body: JSON.stringify({ checkIns: payload }) })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (result) {
        var byKey = {};
        items.forEach(function (i) { byKey[i.idempotencyKey] = i; });
        return Promise.all(result.items.map(function (outcome) {
          var item = byKey[outcome.idempotencyKey];
          if (!item) { return null; }
          item.synced = true;
          item.outcome = outcome.outcome;
          item.reason = outcome.reason;
          delete item.pin;
          delete item.face;
          return put(item);
        }));
      });
  }
  var syncing = null;
  function sync() {
    if (!token || syncing) { return syncing || Promise.resolve(); }
    syncing = all().then(function (items) {
      var pending = items.filter(function (i) { return !i.synced; });
      return pending.length === 0 ? null : send(pending).catch(function () { /* stays queued until the next attempt */ }).then(render);
    }).then(function () { syncing = null; });
    return syncing;
  }

  function start() {
    $('kiosk-setup').hidden = !!token;
    $('kiosk-main').hidden = !token;
    network();
    if (token) { loadSessions().then(sync); }
  }
  $('kiosk-setup').addEventListener('submit', function (e) {
    e.preventDefault();
    token = $('kiosk-token').value.trim();
    localStorage.setItem(tokenKey, token);
    start();
  });
  $('kiosk-badge').addEventListener('submit', function (e) {
    e.preventDefault();
    var no = $('kiosk-no').value.trim();
    var session = sessions.find(function (s) { return s.id === $('kiosk-session').value; });
    if (!no || !session) { return; }
    var person = session.roster.find(function (p) { return p.employeeNo.toLowerCase() === no.toLowerCase(); });
    var item = {
      idempotencyKey: crypto.randomUUID(), sessionId: session.id, employeeNo: person ? person.employeeNo : no, name: person ? person.name : '', kind: 'in',
      at: new Date().toISOString(), pin: $('kiosk-pin').value.trim() || null, synced: false
    };
    // Cleared before the queue write, so the next person's number typed meanwhile is never wiped.
    $('kiosk-no').value = '';
    $('kiosk-pin').value = '';
    $('kiosk-no').focus();
    put(item).then(function () {
      // Someone typed in by mobile number with a PIN is not in the roster the kiosk holds; the server finds them.
      message((person ? person.name + ' ' : no + ' ') + (person || item.pin ? texts.recorded : texts.unknown));
      return render();
    }).then(sync);
  });
  // Face: the capture is queued like any check-in (the person is matched among the session's roster when it reaches the server).
  import('/js/face.js').then(function (face) {
    face.wireFaceCapture(root.querySelector('[data-face-capture]'), function (capture) {
      var session = sessions.find(function (s) { return s.id === $('kiosk-session').value; });
      if (!session) { return Promise.resolve(); }
      var item = { idempotencyKey: crypto.randomUUID(), sessionId: session.id, employeeNo: null, name: '', kind: 'in', at: new Date().toISOString(), face: capture, synced: false };
      return put(item).then(function () { message(texts.face_queued); return render(); }).then(sync);
    });
  });
  window.addEventListener('online', function () { network(); sync(); });
  window.addEventListener('offline', network);
  setInterval(sync, 5000);
  // Support and tests: send every check-in this kiosk ever took again (the server answers "duplicate" for the known ones).
  window.skillgateKiosk = { sync: sync, replayAll: function () { return all().then(send).then(render); } };
  if ('serviceWorker' in navigator) { navigator.serviceWorker.register('/kiosk-sw.js', { scope: '/Training/Kiosk' }); }
  start();
})();
