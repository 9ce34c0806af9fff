// Property tests of `sluice serve`'s request handling (issue 19): random bytes, random JSON, and
// random tables close to the model's shape (real and made-up columns, ragged rows, odd values,
// long indexes), random paths, methods and headers. Whatever comes in, the answer is a JSON (or
// text) reply that is not a 5xx of ours, carries no stack trace, and the server keeps running.
// The scripted deployments are left out: a user's script that raises is a 500 by contract.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandbox } from "../helpers/local-sandbox.ts";
import { type ServeProcess, startServe } from "../helpers/serve-process.ts";
import { registerTinyModel } from "../helpers/tiny-model.ts";

const box = sandbox();
const FILE = "test/fixtures/serve-attack/attack.pipeline.ts";
const COLUMNS = ["age", "fare", "sex"];
const RUNS = 60;
let serve: ServeProcess;
let key = "";

async function send(body: string | Uint8Array, init: { path?: string; method?: string; headers?: Record<string, string> } = {}) {
  const method = init.method ?? "POST";
  const res = await fetch(`http://127.0.0.1:${serve.port}${init.path ?? "/score"}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "azureml-model-deployment": "main", ...init.headers },
    ...(method === "GET" || method === "HEAD" ? {} : { body }),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: res.status, text: await res.text() };
}

/** What every answer must be: no server error of ours, no stack trace, and the server still up. */
function expectSane(r: { status: number; text: string }, input: unknown): void {
  const where = `for input ${JSON.stringify(input).slice(0, 300)}`;
  expect(r.status, `${where}: ${r.text}`).toBeGreaterThanOrEqual(200);
  expect([500, 502, 504].includes(r.status) || r.status > 504, `${where}: ${r.status} ${r.text}`).toBe(false);
  expect(r.text, where).not.toMatch(/Traceback|File "|\n\s+at |node:internal|sklearn|numpy|pandas/);
  expect(serve.child.exitCode).toBeNull();
}

const value = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map((b) => Number(b)),
  fc.string({ maxLength: 12 }),
  fc.constantFrom("male", "female", "", "NaN", "1e309", null, true, false),
  fc.jsonValue({ maxDepth: 2 }),
);
const column = fc.oneof(fc.constantFrom(...COLUMNS), fc.string({ maxLength: 8 }), fc.integer({ min: 0, max: 9 }), fc.constant(null));
const table = fc.record(
  {
    columns: fc.array(column, { maxLength: 6 }),
    index: fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 })), { maxLength: 8 }),
    data: fc.array(fc.array(value, { maxLength: 6 }), { maxLength: 8 }),
  },
  { requiredKeys: [] },
);
/** Tables the model can score or nearly: its columns in any order, maybe one more, values mostly of the right kind. */
const number = fc.oneof({ weight: 4, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }, fc.double(), fc.integer(), fc.constant(null), value);
const text = fc.oneof({ weight: 4, arbitrary: fc.constantFrom("male", "female") }, fc.string({ maxLength: 10 }), fc.constant(null), value);
const nearly = fc
  .record({
    order: fc.shuffledSubarray(COLUMNS, { minLength: 3, maxLength: 3 }),
    extra: fc.option(fc.string({ minLength: 1, maxLength: 6 }), { nil: undefined }),
    rows: fc.array(fc.record({ age: number, fare: number, sex: text, more: value }), { minLength: 1, maxLength: 6 }),
  })
  .map(({ order, extra, rows }) => {
    const columns = extra === undefined || COLUMNS.includes(extra) ? order : [...order, extra];
    return { input_data: { columns, data: rows.map((r) => columns.map((c) => (c in r && c !== "more" ? r[c as keyof typeof r] : r.more))) } };
  });
const request = fc.oneof(
  { weight: 3, arbitrary: nearly },
  table.map((t) => ({ input_data: t })),
  table.map((t) => ({ dataframe_split: t })),
  fc.array(fc.dictionary(column.map(String), value, { maxKeys: 5 }), { maxLength: 6 }).map((rows) => ({ input_data: rows })),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 4 }),
);

beforeAll(async () => {
  registerTinyModel(box.env.SLUICE_STATE_DIR);
  serve = await startServe(FILE, box.env);
  key = JSON.parse(readFileSync(join(box.env.SLUICE_STATE_DIR, "endpoints", "attack", "keys.json"), "utf8")).primaryKey;
}, 90_000);

afterAll(() => {
  serve?.child.kill("SIGKILL");
  box.cleanup();
});

describe("POST /score fuzzed", () => {
  it("answers random bytes without a server error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), async (bytes) => expectSane(await send(bytes), Buffer.from(bytes).toString("base64"))),
      { numRuns: RUNS, seed: 19 },
    );
  }, 60_000);

  it("answers random JSON and random tables near the model's shape without a server error", async () => {
    await fc.assert(
      fc.asyncProperty(request, async (doc) => {
        const r = await send(JSON.stringify(doc));
        expectSane(r, doc);
        expect(r.status === 200 || (r.status >= 400 && r.status < 500) || r.status === 503, r.text).toBe(true);
      }),
      { numRuns: RUNS * 3, seed: 19 },
    );
  }, 90_000);

  it("answers random paths, methods, deployments and keys without a server error", async () => {
    const method = fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");
    const path = fc.oneof(fc.constantFrom("/", "/score", "/swagger.json", "/score/", "//score", "/%2e%2e/"), fc.webPath());
    const token = fc.stringMatching(/^[A-Za-z0-9_-]{0,16}$/);
    await fc.assert(
      fc.asyncProperty(method, path, token, fc.boolean(), async (m, p, name, rightKey) => {
        const headers = { "azureml-model-deployment": name || "main", ...(rightKey ? {} : { authorization: `Bearer ${name}` }) };
        expectSane(await send("{}", { method: m, path: p.startsWith("/") ? p : `/${p}`, headers }), { m, p, name });
      }),
      { numRuns: RUNS, seed: 19 },
    );
  }, 60_000);

  it("still scores after all that", async () => {
    const r = await send(JSON.stringify({ input_data: { columns: COLUMNS, data: [[30, 10, "male"]] } }));
    expect(r).toEqual({ status: 200, text: '["died"]' });
  });
});
