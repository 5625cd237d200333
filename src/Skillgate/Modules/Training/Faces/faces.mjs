// Counts the faces in session photos for the server (FaceCounter.cs starts this once and keeps it running).
// One JSON request per line on stdin: {"id": 1, "data": "<base64 JPEG or PNG>"}; one answer per line on stdout:
// {"id": 1, "faces": 3} or {"id": 1, "error": "..."}. The detector is Human's BlazeFace model, the same models the browser uses
// for face check-in, run on the whole photo and on overlapping tiles so the small faces of a group photo are found.
import readline from 'node:readline';
import { countFaces, createHuman } from './human-node.mjs';

const minConfidence = Number(process.env.SKILLGATE_FACE_MIN_CONFIDENCE || 0.6);
const maxTiles = Number(process.env.SKILLGATE_FACE_MAX_TILES || 4);
const human = createHuman({
  detector: { rotation: false, maxDetected: 100, minConfidence, return: false },
  mesh: { enabled: false }, description: { enabled: false }, antispoof: { enabled: false }, liveness: { enabled: false },
});

await human.load();
const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  let id = null;
  try {
    const request = JSON.parse(line);
    id = request.id;
    process.stdout.write(JSON.stringify({ id, faces: await countFaces(human, Buffer.from(request.data, 'base64'), maxTiles) }) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({ id, error: String(e && e.message || e) }) + '\n');
  }
}
