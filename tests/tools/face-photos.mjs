// Test photographs with a known number of faces, cut from the sample pictures that ship (MIT licence) in the npm package
// @vladmandic/human (installed for the app in src/Skillgate/node_modules): single portraits, and side-by-side groups of them.
// Usage: node face-photos.mjs <output folder>. Writes one.jpg (1 face), three.jpg (3 faces), other.jpg (1 face, another
// person), noface.jpg (a caption, no face), portrait.jpg and face.mjpeg (the same portrait as a camera stream for Chromium's fake video capture), and
// captures.json: what the browser's live capture sends for portrait.jpg and other.jpg (descriptor, real, live), computed by
// the app's own Human setup in Node, so API tests send real descriptors of real faces.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const here = path.dirname(new URL(import.meta.url).pathname);
const app = path.resolve(here, '../../src/Skillgate');
const require = createRequire(path.join(app, 'package.json'));
const jpeg = require('jpeg-js');
const assets = path.join(app, 'node_modules/@vladmandic/human/assets');
const out = process.argv[2];
fs.mkdirSync(out, { recursive: true });

const read = (name) => jpeg.decode(fs.readFileSync(path.join(assets, name)), { useTArray: true });
function crop(image, x, y, w, h) {
  const data = Buffer.alloc(w * h * 4);
  for (let row = 0; row < h; row++) {
    Buffer.from(image.data.buffer, image.data.byteOffset + ((y + row) * image.width + x) * 4, w * 4).copy(data, row * w * 4);
  }
  return { width: w, height: h, data };
}
function sideBySide(parts) {
  const width = parts.reduce((s, p) => s + p.width, 0), height = Math.max(...parts.map((p) => p.height));
  const data = Buffer.alloc(width * height * 4, 255);
  let left = 0;
  for (const p of parts) {
    for (let row = 0; row < p.height; row++) p.data.copy(data, (row * width + left) * 4, row * p.width * 4, (row + 1) * p.width * 4);
    left += p.width;
  }
  return { width, height, data };
}
const write = (name, image) => fs.writeFileSync(path.join(out, name), jpeg.encode(image, 92).data);

// screenshot-faceid.jpg: the author's portrait; screenshot-facedetect.jpg: five face crops of different people in a row.
const portrait = crop(read('screenshot-faceid.jpg'), 15, 140, 140, 142);
const strip = read('screenshot-facedetect.jpg');
const faces = [0, 1, 2, 3, 4].map((i) => crop(strip, 8 + i * 157, 345, 150, 152));
write('one.jpg', faces[0]);
write('three.jpg', sideBySide([faces[1], faces[2], faces[3]]));
write('other.jpg', faces[4]);
write('portrait.jpg', portrait);
write('noface.jpg', crop(strip, 250, 520, 310, 180));
fs.copyFileSync(path.join(out, 'portrait.jpg'), path.join(out, 'face.mjpeg'));

const { createHuman, detect } = await import(path.join(app, 'Modules/Training/Faces/human-node.mjs'));
const human = createHuman({
  detector: { rotation: false, maxDetected: 2, minConfidence: 0.5, return: false },
  mesh: { enabled: true }, description: { enabled: true }, antispoof: { enabled: true }, liveness: { enabled: true },
});
await human.load();
const captures = {};
for (const name of ['portrait.jpg', 'other.jpg']) {
  const [face] = (await detect(human, fs.readFileSync(path.join(out, name)))).face;
  captures[name] = { descriptor: Array.from(face.embedding), real: face.real, live: face.live };
}
fs.writeFileSync(path.join(out, 'captures.json'), JSON.stringify(captures));
