// `sluice serve` as a user runs it: a registered model behind Azure's scoring contract on
// loopback, with key auth, blue/green routing, a deployment that cannot load kept out of the
// traffic, JSON errors for every bad request, and the port freed on Ctrl-C.
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandbox } from "../helpers/local-sandbox.ts";
import { REPO_ROOT } from "../helpers/run-node.ts";

const box = sandbox();
const FILE = "test/fixtures/serving/serving.pipeline.ts";
const COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width"];
const ROWS = [
  [5.1, 3.5, 1.4, 0.2],
  [6.7, 3.0, 5.2, 2.3],
];

let server: ChildProcess;
let out = "";
let port = 0;
let key = "";

/** Starts `sluice serve` and resolves once it prints its scoring URI. */
function serve(): Promise<void> {
  server = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", "packages/runtime/src/cli/main.ts", "serve", FILE], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...box.env },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 60_000);
    server.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /scoring uri: http:\/\/127\.0\.0\.1:(\d+)\/score/.exec(out);
      if (m) {
        clearTimeout(timer);
        port = Number(m[1]);
        resolve();
      }
    });
    server.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    server.once("exit", (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}

async function score(body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any; deployment: string | null }> {
  const res = await fetch(`http://127.0.0.1:${port}/score`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, deployment: res.headers.get("azureml-model-deployment") };
}

const mlflowRequest = JSON.stringify({ input_data: { columns: COLUMNS, index: [0, 1], data: ROWS } });

beforeAll(async () => {
  const trained = box.sluice(["run", FILE]);
  expect(trained.status, trained.stderr).toBe(0);
  key = JSON.parse(box.sluice(["endpoint", "keys", FILE, "--json"]).stdout).primaryKey;
  await serve();
}, 120_000);

afterAll(() => {
  server?.kill("SIGKILL");
  box.cleanup();
});

describe("sluice serve", () => {
  it("reports each deployment, the broken one failed with its reason and no traffic", () => {
    expect(out).toMatch(/ {2}blue {2}40% {2}model iris-classifier:1 {2}ready\n/);
    expect(out).toMatch(/ {2}green {2}40% {2}model iris-classifier:1 {2}ready\n/);
    expect(out).toMatch(/ {2}broken {2}20% {2}model iris-classifier:1 {2}failed: RuntimeError: the model file is corrupt \(no traffic\)\n/);
  });

  it("answers liveness, and scores the MLflow request shape with the no-code deployment", async () => {
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("Healthy");
    const r = await score(mlflowRequest, { "azureml-model-deployment": "blue" });
    expect(r).toEqual({ status: 200, body: ["Iris-setosa", "Iris-virginica"], deployment: "blue" });
  });

  it("runs the scoring script's run() with the raw body, and a script that raises is a 500 while the server keeps serving", async () => {
    const ok = await score(JSON.stringify({ columns: COLUMNS, data: ROWS }), { "azureml-model-deployment": "green" });
    expect(ok.body).toEqual({ predictions: ["Iris-setosa", "Iris-virginica"], scored_by: "script" });
    const boom = await score(JSON.stringify({ boom: true }), { "azureml-model-deployment": "green" });
    expect(boom).toMatchObject({ status: 500, body: { error: "ValueError: boom was asked for" } });
    expect((await score(JSON.stringify({ columns: COLUMNS, data: ROWS }), { "azureml-model-deployment": "green" })).status).toBe(200);
  });

  it("splits traffic between the ready deployments only", async () => {
    const seen = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const r = await score(mlflowRequest);
      seen.set(r.deployment ?? "none", (seen.get(r.deployment ?? "none") ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual(["blue", "green"]);
    const pinned = await score(mlflowRequest, { "azureml-model-deployment": "broken" });
    expect(pinned).toMatchObject({ status: 503, body: { error: "deployment broken is not ready" } });
  });

  it("refuses bad requests with a JSON error, never a stack trace", async () => {
    expect(await score(mlflowRequest, { authorization: "Bearer wrong" })).toMatchObject({
      status: 401,
      body: { error: expect.stringMatching(/^missing or wrong key/) },
    });
    expect(await score(mlflowRequest, { authorization: "" })).toMatchObject({ status: 401 });
    const badJson = await score("{not json", { "azureml-model-deployment": "blue" });
    expect(badJson).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^the request is not valid JSON: /) } });
    const columns = await score(JSON.stringify({ input_data: { columns: ["a", "b"], data: [[1, 2]] } }), { "azureml-model-deployment": "blue" });
    expect(columns).toMatchObject({
      status: 400,
      body: { error: "missing columns: sepal_length, sepal_width, petal_length, petal_width; unknown columns: a, b" },
    });
    const shape = await score(JSON.stringify({ rows: [] }), { "azureml-model-deployment": "blue" });
    expect(shape.status).toBe(400);
    const big = await score(JSON.stringify({ input_data: { columns: COLUMNS, data: Array.from({ length: 100_000 }, () => ROWS[0]) } }));
    expect(big).toMatchObject({ status: 413, body: { error: expect.stringMatching(/^the request body is over \d+ bytes$/) } });
    expect(await score(mlflowRequest, { "azureml-model-deployment": "nope" })).toMatchObject({ status: 404 });
    for (const text of [JSON.stringify(badJson.body), JSON.stringify(columns.body)]) expect(text).not.toMatch(/Traceback|File "/);
  });

  it("answers concurrent requests, each with its own predictions, and refuses those over Azure's limit with 429", async () => {
    // blue: 2 instances × 1 request each (Azure's default), so 2 × 1 × 2 = 4 are admitted at once.
    const send = (n: number) =>
      Promise.all(
        Array.from({ length: n }, (_, i) =>
          score(JSON.stringify({ input_data: { columns: COLUMNS, data: [ROWS[i % 2]] } }), { "azureml-model-deployment": "blue" }),
        ),
      );
    const four = await send(4);
    expect(four.map((r) => [r.status, r.body[0]])).toEqual([0, 1, 2, 3].map((i) => [200, i % 2 === 0 ? "Iris-setosa" : "Iris-virginica"]));
    const many = await send(24);
    many.forEach((r, i) => {
      if (r.status === 200) expect(r.body[0]).toBe(i % 2 === 0 ? "Iris-setosa" : "Iris-virginica");
      else expect(r).toMatchObject({ status: 429, body: { error: expect.stringMatching(/^too many pending requests: deployment blue takes 4 at once/) } });
    });
    expect(many.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(4);
    expect(many.filter((r) => r.status === 429).length).toBeGreaterThan(0);
  });

  it("accepts the secondary key as well as the primary one", async () => {
    const keys = JSON.parse(box.sluice(["endpoint", "keys", FILE, "--json"]).stdout);
    expect(keys.secondaryKey).not.toBe(key);
    const r = await score(mlflowRequest, { authorization: `Bearer ${keys.secondaryKey}`, "azureml-model-deployment": "blue" });
    expect(r).toMatchObject({ status: 200, body: ["Iris-setosa", "Iris-virginica"] });
    expect((await score(mlflowRequest, { authorization: `Bearer ${keys.secondaryKey}x` })).status).toBe(401);
  });

  it("scores columns given in another order than the signature's by name", async () => {
    const reversed = [...COLUMNS].reverse();
    const rows = ROWS.map((r) => [...r].reverse());
    const r = await score(JSON.stringify({ input_data: { columns: reversed, index: [0, 1], data: rows } }), { "azureml-model-deployment": "blue" });
    expect(r).toMatchObject({ status: 200, body: ["Iris-setosa", "Iris-virginica"] });
  });

  it("publishes a swagger document with the model's columns", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/swagger.json`, { headers: { authorization: `Bearer ${key}`, "azureml-model-deployment": "blue" } });
    const doc = (await res.json()) as any;
    expect(doc.paths["/score"].post.parameters[0].schema.properties.input_data.properties.columns.items.enum).toEqual(COLUMNS);
  });

  it("sluice invoke sends a request file with the key and prints the answer", () => {
    const file = `${box.root}/request.json`;
    writeFileSync(file, mlflowRequest);
    const r = box.sluice(["invoke", FILE, "--data", file, "--deployment", "blue"]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(["Iris-setosa", "Iris-virginica"]);
    const wrong = box.sluice(["invoke", FILE, "--data", file, "--deployment", "broken"]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toBe("sluice: endpoint iris-endpoint answered 503: deployment broken is not ready\n");
  });

  it("stops on Ctrl-C: the port is free and invoke says nothing is served", async () => {
    const exited = new Promise<number | null>((r) => server.once("exit", (code) => r(code)));
    server.kill("SIGINT");
    expect(await exited).toBe(0);
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once("error", reject);
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
    });
    const file = `${box.root}/request.json`;
    const r = box.sluice(["invoke", FILE, "--data", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^sluice: endpoint iris-endpoint is not being served here\n {2}hint: start it in another terminal: sluice serve /);
  });
});
