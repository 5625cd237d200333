// The phone check-in page: sends the screen (with the address and browser it tells one client checking in several people
// apart) and, when the plant has a geofence, the phone's location with its accuracy. The location is asked for as the page
// opens; a denied or failed one is sent as none, which the server flags (or refuses, as configured).
(function () {
  var form = document.getElementById('checkin-form');
  if (!form) { return; }
  form.elements.screen.value = screen.width + 'x' + screen.height + 'x' + (window.devicePixelRatio || 1);
  if (form.dataset.askLocation !== 'true' || !navigator.geolocation) { return; }
  var settled = false, pending = null;
  function settle() {
    settled = true;
    if (pending) { pending(); }
  }
  navigator.geolocation.getCurrentPosition(function (position) {
    form.elements.latitude.value = position.coords.latitude;
    form.elements.longitude.value = position.coords.longitude;
    form.elements.accuracy.value = Math.round(position.coords.accuracy);
    settle();
  }, settle, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
  form.addEventListener('submit', function (e) {
    if (settled) { return; }
    e.preventDefault();
    if (e.submitter) { e.submitter.disabled = true; e.submitter.textContent = form.dataset.locating; }
    pending = function () { form.submit(); };
  });
})();
