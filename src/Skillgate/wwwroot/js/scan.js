// Scans the session's QR code with the phone's camera (BarcodeDetector) and opens the check-in it names. Where the browser
// cannot read QR codes (no detector, no QR support, no camera, or detection failing), the camera is stopped and the page
// says to scan with the phone's own camera app instead.
(function () {
    'use strict';
    var video = document.getElementById('scan-video');
    var fallback = document.getElementById('scan-fallback');
    var wrong = document.getElementById('scan-wrong');
    var stream = null;
    var stop = function () {
        if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
        video.hidden = true;
    };
    var giveUp = function () { stop(); fallback.hidden = false; };
    if (!('BarcodeDetector' in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        giveUp();
        return;
    }
    window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        if (formats.indexOf('qr_code') < 0) { throw new Error('no qr_code'); }
        var detector = new window.BarcodeDetector({ formats: ['qr_code'] });
        return navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).then(function (s) {
            stream = s;
            video.srcObject = s;
            video.hidden = false;
            return video.play();
        }).then(function () {
            var tick = function () {
                detector.detect(video).then(function (codes) {
                    for (var i = 0; i < codes.length; i++) {
                        var target;
                        try { target = new URL(codes[i].rawValue, window.location.href); } catch (e) { continue; }
                        var token = target.searchParams.get('t');
                        if (target.pathname === '/Training/CheckIn' && token) {
                            stop();
                            window.location.href = '/Training/CheckIn?t=' + encodeURIComponent(token);
                            return;
                        }
                        wrong.hidden = false;
                    }
                    window.setTimeout(tick, 250);
                }, giveUp);
            };
            tick();
        });
    }).catch(giveUp);
    window.addEventListener('pagehide', stop);
})();
