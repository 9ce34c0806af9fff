// Log streaming figures (printed, never asserted): five viewers of a 200 MiB step log that grows
// by 4 KiB every 100 ms, for 6 s, against `sluice ui`'s server in this process. Printed: bytes
// read from the log (the tail's counter) against bytes appended, and the process's resident
// memory before and after. `sh scripts/node.sh bench/ui-log-bench.ts`
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { logReadStats } from "../packages/runtime/src/ui/log-tail.ts";
import { startUiServer } from "../packages/runtime/src/ui/ui-server.ts";

const MiB = 1024 * 1024;
const SIZE = Number(process.env.LOG_MIB ?? 200) * MiB;
const state = mkdtempSync(join(tmpdir(), "sluice-ui-log-bench-"));
const id = "20260101-000000-000-logbench";
const stepDir = join(state, "runs", id, "steps", "slow");
mkdirSync(stepDir, { recursive: true });
const steps = [{ name: "slow", node: "slow", status: "running", reused: false, durationMs: null }];
const record = {
  id,
  pipeline: "bench",
  backend: "local",
  status: "running",
  startedAt: "2026-01-01T00:00:00.000Z",
  finishedAt: null,
  pid: process.pid,
  pipelineFile: "",
  params: {},
  steps,
  outputs: {},
};
writeFileSync(join(state, "runs", id, "run.json"), JSON.stringify(record));
const log = join(stepDir, "stdout.log");
const block = Buffer.alloc(MiB, "a log line of the big step\n");
writeFileSync(log, "");
for (let written = 0; written < SIZE; written += MiB) appendFileSync(log, block);

const ui = await startUiServer({ stateDir: state, registryDir: join(state, "registry") });
const u = new URL(ui.url);
const cookie = `sluice_ui_${u.port}=${u.searchParams.get("token")}`;
global.gc?.();
const rssBefore = process.memoryUsage().rss;
const ac = new AbortController();
let received = 0;
const viewers = Array.from({ length: 5 }, () =>
  fetch(`${u.origin}/api/runs/${id}/steps/slow/log`, { headers: { cookie }, signal: ac.signal })
    .then(async (res) => {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) received += chunk.length;
    })
    .catch(() => {}),
);
const readBefore = logReadStats.bytes;
let appended = 0;
let peak = rssBefore;
const t0 = Date.now();
while (Date.now() - t0 < 6000) {
  appendFileSync(log, "x".repeat(4095) + "\n");
  appended += 4096;
  peak = Math.max(peak, process.memoryUsage().rss);
  await new Promise((r) => setTimeout(r, 100));
}
ac.abort();
await Promise.all(viewers);
const read = logReadStats.bytes - readBefore;
console.log(`log ${(SIZE / MiB).toFixed(0)} MiB, 5 viewers, 6 s, ${(appended / 1024).toFixed(0)} KiB appended`);
console.log(`read from the log: ${(read / MiB).toFixed(2)} MiB (5 × 256 KiB tail + 5 × appended = ${((5 * 256 * 1024 + 5 * appended) / MiB).toFixed(2)} MiB)`);
console.log(
  `sent to viewers: ${(received / MiB).toFixed(2)} MiB; resident memory ${(rssBefore / MiB).toFixed(0)} MiB before, peak ${(peak / MiB).toFixed(0)} MiB`,
);
await ui.close();
rmSync(state, { recursive: true, force: true });
