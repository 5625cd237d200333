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

/**
 * RGB pixels of a JPEG or PNG, scaled down so the longer side is at most maxSide and padded to a square: the detector
 * works on a square input, and squeezing a wide group photo into it makes faces too narrow to be found.
 */
function decode(buffer) {
  let width, height, rgba;
  if (buffer[0] === 0xff && buffer[1] === 0xd8) {
    ({ width, height, data: rgba } = jpeg.decode(buffer, { useTArray: true, maxResolutionInMP: maxMegapixels, maxMemoryUsageInMB: 512 }));
  } else {
    // A PNG's size is in its header: refuse decompression bombs before inflating them.
    if (buffer.length < 24 || buffer.readUInt32BE(16) * buffer.readUInt32BE(20) > maxMegapixels * 1e6) throw new Error('image too large');
    ({ width, height, data: rgba } = PNG.sync.read(buffer));
  }
  const step = Math.max(1, Math.ceil(Math.max(width, height) / maxSide));
  const w = Math.floor(width / step), h = Math.floor(height / step), side = Math.max(w, h);
  const rgb = new Int32Array(side * side * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const from = ((y * step) * width + x * step) * 4, to = (y * side + x) * 3;
      rgb[to] = rgba[from]; rgb[to + 1] = rgba[from + 1]; rgb[to + 2] = rgba[from + 2];
    }
  }
  return { side, rgb };
}


/** Human's result for a JPEG or PNG photo. */
export async function detect(human, buffer) {
  const { side, rgb } = decode(buffer);
  const tensor = human.tf.tensor(rgb, [1, side, side, 3], 'int32');
  try {
    return await human.detect(tensor);
  } finally {
    tensor.dispose();
  }
}
