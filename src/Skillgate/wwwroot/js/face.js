// Live face capture for check-in and enrolment, in the browser with Human (@vladmandic/human) on TensorFlow.js's WebAssembly
// backend: camera only (there is no file input), exactly one face, and the anti-spoofing ("real") and liveness scores must pass
// on several frames in a row before the face descriptor is handed to the server, which compares it with the enrolled template.
import { Human } from '/lib/human/human.esm.js';

const config = {
  backend: 'wasm',
  wasmPath: '/lib/human/',
  wasmPlatformFetch: false,
  modelBasePath: '/lib/human/models/',
  debug: false,
  cacheSensitivity: 0,
  face: {
    enabled: true,
    detector: { rotation: false, maxDetected: 2, minConfidence: 0.5, return: false },
    mesh: { enabled: true }, iris: { enabled: false }, emotion: { enabled: false },
    description: { enabled: true }, antispoof: { enabled: true }, liveness: { enabled: true },
  },
  body: { enabled: false }, hand: { enabled: false }, object: { enabled: false }, gesture: { enabled: false },
  segmentation: { enabled: false }, filter: { enabled: false },
};
const minReal = 0.5, minLive = 0.5, framesNeeded = 3, giveUpAfterMs = 30000;
let human = null;

/** The current camera frame as a base64 JPEG (kept by the kiosk as evidence of the check-in). */
function still(video) {
  const canvas = document.createElement('canvas');
  const scale = Math.min(1, 640 / video.videoWidth);
  canvas.width = Math.round(video.videoWidth * scale);
  canvas.height = Math.round(video.videoHeight * scale);
  canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/jpeg', 0.85).split(',')[1];
}

/**
 * Starts the front camera in the video element and resolves with { descriptor, real, live, photo } once a live face is held.
 */
export async function captureFace(video, status) {
  human = human || new Human(config);
  status('loading');
  await human.load();
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user', width: { ideal: 640 } }, audio: false });
  video.srcObject = stream;
  await video.play();
  status('looking');
  const started = Date.now();
  let good = 0;
  try {
    while (Date.now() - started < giveUpAfterMs) {
      const result = await human.detect(video);
      const faces = result.face;
      if (faces.length === 1 && faces[0].embedding && faces[0].embedding.length > 0) {
        const face = faces[0];
        if ((face.real ?? 0) >= minReal && (face.live ?? 0) >= minLive) {
          good++;
          if (good >= framesNeeded) {
            return { descriptor: Array.from(face.embedding), real: face.real, live: face.live, photo: still(video) };
          }
        } else {
          good = 0;
          status('not_live');
        }
      } else {
        good = 0;
        status(faces.length > 1 ? 'several' : 'looking');
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    throw new Error('timeout');
  } finally {
    stream.getTracks().forEach((track) => track.stop());
    video.srcObject = null;
  }
}

/**
 * Wires a face-capture block: a button starts the camera, the status line shows progress in the page's language
 * (data-texts on the block), and onFace gets the capture.
 */
export function wireFaceCapture(block, onFace) {
  const texts = JSON.parse(block.dataset.texts);
  const video = block.querySelector('video');
  const line = block.querySelector('[data-face-status]');
  const button = block.querySelector('[data-face-start]');
  const status = (key) => { line.textContent = texts[key] || key; line.dataset.state = key; };
  button.addEventListener('click', async () => {
    button.disabled = true;
    video.hidden = false;
    try {
      const face = await captureFace(video, status);
      status('captured');
      await onFace(face);
    } catch (e) {
      status(e && e.message === 'timeout' ? 'timeout' : (e && e.name === 'NotAllowedError' ? 'no_camera' : 'failed'));
    } finally {
      video.hidden = true;
      button.disabled = false;
    }
  });
}
