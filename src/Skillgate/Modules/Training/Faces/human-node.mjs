// Human (@vladmandic/human) in Node.js on TensorFlow.js's WebAssembly backend, with the models from its npm package, and
// detection on JPEG/PNG photos. Used by faces.mjs (the server's face counter) and by the tests' photo fixtures.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

const require = createRequire(import.meta.url);
// Human's package "exports" map does not name its WebAssembly build in a form Node resolves, so it is found and loaded by path.
function packageRoot(name) {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(name + ' is not installed (npm ci in src/Skillgate)');
}
const humanRoot = packageRoot('@vladmandic/human');
const wasmRoot = path.join(packageRoot('@tensorflow/tfjs-backend-wasm'), 'dist');

// TensorFlow.js loads models with fetch, which in Node cannot read file: URLs.
const networkFetch = globalThis.fetch;
globalThis.fetch = async (url, options) => {
  const address = String(url);
  return address.startsWith('file://') ? new Response(fs.readFileSync(new URL(address))) : networkFetch(url, options);
};

const { Human } = require(path.join(humanRoot, 'dist/human.node-wasm.js'));

/** Human on the WebAssembly backend with the package's own models; `face` overrides the face settings (all else off). */
export function createHuman(face) {
  return new Human({
    backend: 'wasm',
    wasmPath: wasmRoot + '/',
    wasmPlatformFetch: false,
    modelBasePath: 'file://' + path.join(humanRoot, 'models') + '/',
    debug: false,
    face: { enabled: true, iris: { enabled: false }, emotion: { enabled: false }, ...face },
    body: { enabled: false }, hand: { enabled: false }, object: { enabled: false }, gesture: { enabled: false },
    segmentation: { enabled: false }, filter: { enabled: false },
  });
}

const maxSide = 1600;
const maxMegapixels = 100;

/** The RGBA pixels of a JPEG or PNG, refusing images beyond maxMegapixels before decoding them. */
function decodeRgba(buffer) {
  if (buffer[0] === 0xff && buffer[1] === 0xd8) {
    return jpeg.decode(buffer, { useTArray: true, maxResolutionInMP: maxMegapixels, maxMemoryUsageInMB: 512 });
  }
  // A PNG's size is in its header: refuse decompression bombs before inflating them.
  if (buffer.length < 24 || buffer.readUInt32BE(16) * buffer.readUInt32BE(20) > maxMegapixels * 1e6) throw new Error('image too large');
  return PNG.sync.read(buffer);
}

/** Scaled down (by a whole step) so the longer side is at most `limit`. */
function shrink({ width, height, data }, limit) {
  const step = Math.max(1, Math.ceil(Math.max(width, height) / limit));
  if (step === 1) return { width, height, data };
  const w = Math.floor(width / step), h = Math.floor(height / step), out = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const from = ((y * step) * width + x * step) * 4, to = (y * w + x) * 4;
      out[to] = data[from]; out[to + 1] = data[from + 1]; out[to + 2] = data[from + 2];
    }
  }
  return { width: w, height: h, data: out };
}

/** A square region (padded with black beyond the picture) as the detector's input tensor. */
function square(human, image, x0, y0, side) {
  const rgb = new Int32Array(side * side * 3);
  for (let y = 0; y < side && y0 + y < image.height; y++) {
    for (let x = 0; x < side && x0 + x < image.width; x++) {
      const from = ((y0 + y) * image.width + x0 + x) * 4, to = (y * side + x) * 3;
      rgb[to] = image.data[from]; rgb[to + 1] = image.data[from + 1]; rgb[to + 2] = image.data[from + 2];
    }
  }
  return human.tf.tensor(rgb, [1, side, side, 3], 'int32');
}

/**
 * Human's result for a JPEG or PNG photo, scaled down so the longer side is at most maxSide and padded to a square: the
 * detector works on a square input, and squeezing a wide group photo into it makes faces too narrow to be found.
 */
export async function detect(human, buffer) {
  const image = shrink(decodeRgba(buffer), maxSide);
  const tensor = square(human, image, 0, 0, Math.max(image.width, image.height));
  try {
    return await human.detect(tensor);
  } finally {
    tensor.dispose();
  }
}

/**
 * The faces in a photo, counted at several scales: BlazeFace sees its input at 256 × 256, so in a group photo of 10–30
 * people each face is only a few pixels there and none is found. The photo is also cut into n × n overlapping tiles
 * (n = 2 … maxTiles, tiles not smaller than minTile pixels), each seen at the detector's full resolution; a face found in
 * several tiles or scales counts once (boxes overlapping by more than a third of the smaller one are one face).
 */
export async function countFaces(human, buffer, maxTiles = 4, minTile = 192) {
  const image = shrink(decodeRgba(buffer), 2400);
  const long = Math.max(image.width, image.height);
  const boxes = [];
  for (let n = 1; n <= maxTiles; n++) {
    const side = n === 1 ? long : Math.ceil((long / n) * 1.3);
    if (n > 1 && side < minTile) break;
    const stride = n === 1 ? 0 : Math.floor((long - side) / (n - 1));
    for (let ty = 0; ty < n; ty++) {
      for (let tx = 0; tx < n; tx++) {
        const x0 = Math.min(tx * stride, Math.max(0, image.width - side)), y0 = Math.min(ty * stride, Math.max(0, image.height - side));
        if ((tx > 0 && x0 === 0) || (ty > 0 && y0 === 0)) continue;
        const tensor = square(human, image, x0, y0, side);
        try {
          for (const face of (await human.detect(tensor)).face) {
            boxes.push({ x: face.box[0] + x0, y: face.box[1] + y0, w: face.box[2], h: face.box[3], score: face.boxScore ?? face.score });
          }
        } finally {
          tensor.dispose();
        }
      }
    }
  }
  boxes.sort((a, b) => b.score - a.score);
  const faces = [];
  for (const box of boxes) {
    if (!faces.some((f) => overlap(f, box) > 1 / 3)) faces.push(box);
  }
  return faces.length;
}

/** The intersection of two boxes as a share of the smaller one. */
function overlap(a, b) {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x), h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w <= 0 || h <= 0 ? 0 : (w * h) / Math.min(a.w * a.h, b.w * b.h);
}
