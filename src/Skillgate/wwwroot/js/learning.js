// Exams: countdown to the server's deadline, answers saved as they change, submission when time is up.
// Videos: the share of the video actually played is reported, so skipping ahead does not count.
(function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  function send(url, method, body) {
    return fetch(url, {
      method: method, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': meta ? meta.content : '' },
      body: JSON.stringify(body)
    });
  }

  var form = document.getElementById('exam-form');
  var countdown = document.querySelector('[data-deadline]');
  if (form && countdown) {
    var offset = Number(countdown.dataset.serverNow) - Date.now();
    var deadline = Number(countdown.dataset.deadline);
    var state = document.querySelector('[data-save-state]');
    var submitted = false;
    var tick = function () {
      var left = Math.max(0, deadline - (Date.now() + offset));
      var m = Math.floor(left / 60000), s = Math.floor(left % 60000 / 1000);
      countdown.textContent = m + ':' + (s < 10 ? '0' : '') + s;
      if (left <= 0 && !submitted) {
        submitted = true;
        form.removeAttribute('data-confirm');
        form.requestSubmit();
      }
    };
    tick();
    setInterval(tick, 1000);
    var answers = function () {
      var result = {};
      new FormData(form).forEach(function (value, key) {
        if (key.indexOf('a.') !== 0 || value === '') { return; }
        var k = key.substring(2);
        (result[k] = result[k] || []).push(value);
      });
      return result;
    };
    var timer = null;
    form.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        send('/api/v1/attempts/' + form.dataset.attempt + '/answers', 'PUT', { answers: answers() })
          .then(function (r) { if (state) { state.textContent = r.ok ? state.dataset.savedText : state.dataset.failedText; } })
          .catch(function () { if (state) { state.textContent = state.dataset.failedText; } });
      }, 600);
    });
    form.addEventListener('submit', function () { submitted = true; clearTimeout(timer); });
  }

  document.querySelectorAll('video[data-progress-url]').forEach(function (video) {
    var reported = Number(video.dataset.percent || 0);
    var resumed = 0;
    video.addEventListener('loadedmetadata', function () {
      var resume = Number(video.dataset.position || 0);
      if (resume > 0 && resume < video.duration) { video.currentTime = resume; resumed = resume; }
    });
    var report = function () {
      if (!video.duration) { return; }
      var played = resumed; // the part before the resume point was watched in an earlier session
      for (var i = 0; i < video.played.length; i++) { played += video.played.end(i) - video.played.start(i); }
      var percent = Math.min(100, Math.round(played * 100 / video.duration));
      if (percent > reported || video.paused) {
        reported = Math.max(reported, percent);
        send(video.dataset.progressUrl, 'PUT', { materialId: video.dataset.material, percent: reported, position: Math.floor(video.currentTime) });
      }
    };
    video.addEventListener('pause', report);
    video.addEventListener('ended', report);
    setInterval(function () { if (!video.paused) { report(); } }, 15000);
  });
})();
