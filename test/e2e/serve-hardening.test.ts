// `sluice serve` attacked one way at a time (issue 19): replies holding NaN, a request past its
// timeout, an init() that never ends, idle processes killed as the OOM killer does, inputs in the
// caller's terms (wrong types, no rows, unknown columns, a long index, deep nesting), a live
// promotion seen in server.json, CLI mistakes, and Ctrl-C leaving no Python behind.
import { renameSync, readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandbox } from "../helpers/local-sandbox.ts";
import { childPids, type ServeProcess, startServe } from "../helpers/serve-process.ts";
import { registerTinyModel } from "../helpers/tiny-model.ts";

const box = sandbox();
const FILE = "test/fixtures/serve-attack/attack.pipeline.ts";
const STATE = box.env.SLUICE_STATE_DIR;
const ENDPOINT_DIR = join(STATE, "endpoints", "attack");
let serve: ServeProcess;
let key = "";

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

async function post(body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`http://127.0.0.1:${serve.port}/score`, { method: "POST", headers: { authorization: `Bearer ${key}`, ...headers }, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, headers: res.headers, text, json };
}

const table = (columns: string[], data: unknown[][], more: Record<string, unknown> = {}) => JSON.stringify({ input_data: { columns, data, ...more } });
const serverFile = () => JSON.parse(readFileSync(join(ENDPOINT_DIR, "server.json"), "utf8"));
const health = async () => (await fetch(`http://127.0.0.1:${serve.port}/`)).status;

async function until<T>(what: string, probe: () => Promise<T> | T, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  registerTinyModel(STATE);
  serve = await startServe(FILE, box.env);
  key = JSON.parse(readFileSync(join(ENDPOINT_DIR, "keys.json"), "utf8")).primaryKey;
}, 90_000);

afterAll(() => {
  serve?.child.kill("SIGKILL");
  box.cleanup();
});

describe("sluice serve under attack", () => {
  it("reports a hanging init() as failed by its readiness probe instead of waiting forever", () => {
    expect(serve.output()).toMatch(/^starting endpoint attack: loading the models of [a-z, ]+…\n/);
    expect(serve.output()).toMatch(
      / {2}hang {2}0% {2}model tiny:1 {2}failed: init\(\) did not finish within 2 s \(readinessProbe: initialDelaySeconds 1 \+ periodSeconds 1 × failureThreshold 1\)/,
    );
    expect(serverFile().deployments.find((d: { name: string }) => d.name === "hang").status).toBe("failed");
  });

  it("answers NaN and Infinity as null, and the protocol stays in step", async () => {
    const first = await post(JSON.stringify({ echo: 1 }), { "azureml-model-deployment": "nan" });
    expect(first).toMatchObject({ status: 200, json: { echo: 1, values: [null, null, null, 1.5] } });
    const second = await post(JSON.stringify({ echo: 2 }), { "azureml-model-deployment": "nan" });
    expect(second.json.echo).toBe(2);
  });

  it("restarts an idle process that stops answering its liveness probe (frozen)", async () => {
    const nanPid = () => serve.children().find((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("nan.py"));
    const frozen = nanPid() as number;
    process.kill(frozen, "SIGSTOP");
    await until(
      "the restart",
      () => serve.output(),
      (o) => o.includes("nan: a scoring process did not answer its liveness probe 2 times in a row (1 s each); restarting it"),
    );
    const back = await until(
      "the replacement",
      () => post(JSON.stringify({ echo: "back" }), { "azureml-model-deployment": "nan" }),
      (r) => r.status === 200,
    );
    expect(back.json.echo).toBe("back");
    expect(nanPid()).not.toBe(frozen);
  }, 30_000);

  it("answers 408 past the request timeout and replaces that process once", async () => {
    const before = serve.children().length;
    const slow = await post(JSON.stringify({ sleep: 30 }), { "azureml-model-deployment": "slow" });
    expect(slow).toMatchObject({ status: 408, json: { error: "deployment slow did not answer within 1000 ms (its requestTimeoutMs)" } });
    // Until its replacement has loaded, the deployment answers 503 with Retry-After (it waits 200 ms at most).
    const next = await until(
      "the replacement",
      () => post(JSON.stringify({ echo: "after" }), { "azureml-model-deployment": "slow" }),
      (r) => r.status !== 503 || r.headers.get("retry-after") === null,
    );
    expect(next).toMatchObject({ status: 200, json: { echo: "after" } });
    expect(serve.children().length).toBe(before);
  });

  it("answers 429 with Retry-After to a request that waited past maxQueueWaitMs for a busy process", async () => {
    // slow has one process taking one request: whichever of the two arrives second waits, and gives up after 200 ms.
    const pinned = { "azureml-model-deployment": "slow" };
    const both = await Promise.all(["a", "b"].map((echo) => post(JSON.stringify({ sleep: 0.5, echo }), pinned)));
    const served = both.filter((r) => r.status === 200);
    const refused = both.filter((r) => r.status === 429);
    expect(served).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.json).toEqual({ error: "deployment slow had no free scoring process within 200 ms; retry later" });
    expect(refused[0]?.headers.get("retry-after")).toBe("1");
  });

  it("names the column and the problem in the caller's terms, never the library's", async () => {
    const pinned = { "azureml-model-deployment": "main" };
    const wrong = await post(
      table(
        ["age", "fare", "sex"],
        [
          [30, 10, "male"],
          ["old", 10, "male"],
        ],
      ),
      pinned,
    );
    expect(wrong).toMatchObject({ status: 400, json: { error: "column 'age': expected numbers, got \"old\" (row 1)" } });
    expect((await post(table(["age", "fare", "sex"], [[30, 10, 1]]), pinned)).json.error).toBe("column 'sex': expected text, got 1 (row 0)");
    expect(await post(table(["age", "fare", "sex"], []), pinned)).toMatchObject({ status: 400, json: { error: "no rows: the request's data is empty" } });
    const index = await post(table(["age", "fare", "sex"], [[30, 10, "male"]], { index: [0, 1, 2] }), pinned);
    expect(index).toMatchObject({
      status: 400,
      json: { error: "input_data.index has 3 entries but input_data.data has 1 row: give one index entry per row" },
    });
    for (const r of [wrong, index]) expect(r.text).not.toMatch(/sklearn|Traceback|float\(\)|could not convert/);
  });

  it("scores columns in any order, and says which unknown column it ignored (as MLflow does)", async () => {
    const pinned = { "azureml-model-deployment": "main" };
    const inOrder = await post(
      table(
        ["age", "fare", "sex"],
        [
          [30, 10, "male"],
          [5, 10, "female"],
        ],
      ),
      pinned,
    );
    const shuffled = await post(
      table(
        ["sex", "fare", "age"],
        [
          ["male", 10, 30],
          ["female", 10, 5],
        ],
      ),
      pinned,
    );
    expect(inOrder).toMatchObject({ status: 200, json: ["died", "survived"] });
    expect(shuffled.json).toEqual(inOrder.json);
    expect(inOrder.headers.get("warning")).toBeNull();
    const extra = await post(table(["sex", "fare", "age", "cabin"], [["male", 10, 30, "C85"]]), pinned);
    expect(extra).toMatchObject({ status: 200, json: ["died"] });
    expect(extra.headers.get("warning")).toBe('299 sluice "unknown columns ignored (the model\'s signature does not name them): cabin"');
  });

  it("refuses 100,000 levels of nesting with a 400 and an oversized body with a 413", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    for (const deployment of ["main", "nan"])
      expect(await post(deep, { "azureml-model-deployment": deployment })).toMatchObject({
        status: 400,
        json: { error: "the request nests deeper than 64 levels" },
      });
    const big = await post("x".repeat(2 * 1024 * 1024));
    expect(big).toMatchObject({ status: 413, json: { error: expect.stringMatching(/^the request body is over \d+ bytes$/) } });
  });

  it("replaces idle processes killed from outside, and says it is unhealthy while none can score", async () => {
    const pkl = join(STATE, "registry", "models", "tiny", "1", "model", "model.pkl");
    const before = serve.children();
    renameSync(pkl, `${pkl}.away`); // replacements cannot load until it is back
    const main = serverFile().deployments.find((d: { name: string }) => d.name === "main");
    expect(main.processes).toEqual({ ready: 2, instances: 2 });
    // main is the no-code deployment: its processes are the ones started without a scoring script.
    const mainPids = before.filter((pid) => !readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes("--script"));
    expect(mainPids).toHaveLength(2);
    for (const pid of mainPids) process.kill(pid, "SIGKILL");
    expect(await until("GET /", health, (s) => s === 503)).toBe(503);
    const file = await until("server.json", serverFile, (f) => f.state === "unavailable");
    expect(file.deployments.find((d: { name: string }) => d.name === "main")).toMatchObject({ status: "recovering", processes: { ready: 0, instances: 2 } });
    expect(serve.output()).toMatch(/main: a scoring process stopped \(SIGKILL\); starting a new one/);
    expect(serve.children().length).toBeLessThanOrEqual(before.length);
    renameSync(`${pkl}.away`, pkl);
    expect(await until("GET /", health, (s) => s === 200, 20_000)).toBe(200);
    expect((await post(table(["age", "fare", "sex"], [[30, 10, "male"]]))).status).toBe(200);
    await until("server.json", serverFile, (f) => f.state === "ready");
  }, 40_000);

  it("names the promoted model in server.json after a live promotion", async () => {
    registerTinyModel(STATE, "tiny", 0, 2);
    const promotion = { main: { model: { name: "tiny", version: "2" }, run: "r1", why: "beats version 1" } };
    writeFileSync(join(ENDPOINT_DIR, "deployments.json"), JSON.stringify(promotion));
    await until(
      "the switch",
      () => serve.output(),
      (o) => o.includes("main: now serving tiny:2"),
    );
    const file = await until("server.json", serverFile, (f) => f.deployments.some((d: { model: string }) => d.model === "tiny:2"));
    expect(file.deployments.find((d: { name: string }) => d.name === "main")).toMatchObject({ model: "tiny:2", promoted: "beats version 1" });
  }, 30_000);

  it("gives one-line usage errors for a folder as --data and a port out of range", () => {
    mkdirSync(join(box.root, "requests"), { recursive: true });
    const folder = box.sluice(["invoke", FILE, "--data", join(box.root, "requests")]);
    expect(folder.status).toBe(2);
    expect(folder.stderr).toMatch(
      /^sluice: --data .*requests is a folder: give the request's JSON file\n {2}hint: a folder of inputs is a batch job: --batch <folder>\n$/,
    );
    const request = join(box.root, "extra.json");
    writeFileSync(request, table(["age", "fare", "sex", "cabin"], [[30, 10, "male", "C85"]]));
    const warned = box.sluice(["invoke", FILE, "--data", request, "--deployment", "main"]);
    expect(warned.status, warned.stderr).toBe(0);
    expect(warned.stderr).toContain("warning: unknown columns ignored (the model's signature does not name them): cabin\n");
    const port = box.sluice(["serve", FILE, "--port", "99999"]);
    expect(port.status).toBe(2);
    expect(port.stderr).toBe("sluice: --port 99999 is not a port: give one from 1 to 65535\n  hint: or leave --port out for a free one\n");
  });

  it("stops everything on the first Ctrl-C: no Python left, server.json removed", async () => {
    const pythons = serve.children();
    expect(pythons.length).toBeGreaterThan(0);
    const exited = new Promise<number | null>((r) => serve.child.once("exit", (code) => r(code)));
    serve.child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(pythons.filter((pid) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z "))).toEqual([]);
    expect(existsSync(join(ENDPOINT_DIR, "server.json"))).toBe(false);
    expect(childPids(serve.child.pid as number)).toEqual([]);
  });
});
