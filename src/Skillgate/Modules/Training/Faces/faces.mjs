// Counts the faces in session photos for the server (FaceCounter.cs starts this once and keeps it running).
// One JSON request per line on stdin: {"id": 1, "data": "<base64 JPEG or PNG>"}; one answer per line on stdout:
// {"id": 1, "faces": 3} or {"id": 1, "error": "..."}. The detector is Human's BlazeFace model, the same models the browser uses
// for face check-in.
import readline from 'node:readline';
import { createHuman, detect } from './human-node.mjs';

const minConfidence = Number(process.env.SKILLGATE_FACE_MIN_CONFIDENCE || 0.6);
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
    process.stdout.write(JSON.stringify({ id, faces: (await detect(human, Buffer.from(request.data, 'base64'))).face.length }) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({ id, error: String(e && e.message || e) }) + '\n');
  }
}
