// Anti-forgery token on every htmx request, and confirmation before destructive actions.
(function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  document.body.addEventListener('htmx:configRequest', function (e) {
    if (meta) { e.detail.headers['X-CSRF-TOKEN'] = meta.content; }
  });
  document.addEventListener('submit', function (e) {
    var form = e.target;
    // A button may ask for itself (e.g. reject among several outcomes), else the form asks.
    var message = (e.submitter && e.submitter.getAttribute('data-confirm')) || form.getAttribute('data-confirm');
    if (message && !window.confirm(message)) { e.preventDefault(); return; }
    // Long work (an analysis run, a big upload): show that it is running and keep it from being sent twice.
    var busy = form.getAttribute('data-busy');
    var button = e.submitter || form.querySelector('button[type="submit"]');
    if (busy && button) {
      setTimeout(function () { button.disabled = true; button.innerHTML = '<span class="spinner-border spinner-border-sm" aria-hidden="true"></span> ' + busy; }, 0);
    }
  }, true);
  document.querySelectorAll('[data-print]').forEach(function (el) {
    el.addEventListener('click', function () { window.print(); });
  });
  document.querySelectorAll('[data-autosubmit]').forEach(function (el) {
    el.addEventListener('change', function () { el.form.requestSubmit(); });
  });
})();
