import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { LOG_SAS, useAzureStack } from "../helpers/azure-stack.ts";
import { REPO_ROOT } from "../helpers/run-node.ts";

const azure = useAzureStack({ project: "test/fixtures/local" });
const { box, sluice } = azure;
const fixtures = azure.project;

describe("the Azure backend under injected faults", () => {
  it("survives 429 with Retry-After, 500s, a dropped connection and a slow answer", async () => {
    await azure.stack.faults([
      { method: "GET", path: "/datastores/workspaceblobstore$", drop: true, times: 1 },
      { method: "GET", path: "/codes/", status: 500, times: 2 },
      { method: "PUT", path: "/components/", status: 429, retryAfter: 1, times: 1 },
      { method: "GET", path: "/jobs/[^/]+$", delayMs: 1500, times: 1 },
    ]);
    const started = Date.now();
    const run = sluice(["run", fixtures.file("slow.pipeline.ts")]);
    expect(run.stderr).toMatch(/assets: 3 created, 1 unchanged, \d+ bytes uploaded/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/run slow_demo_\w+ completed/);
    const injected = (await azure.stack.state()).faultsInjected.map((f) => f.fault);
    expect(injected.sort()).toEqual(["429", "500", "500", "delay", "drop"]);
    expect(Date.now() - started).toBeGreaterThan(2500);
    await azure.stack.faults([]);
  }, 120_000);

  it("ends a persistent 500 with one clear line after a bounded number of retries", async () => {
    await azure.stack.faults([{ method: "PUT", path: "/codes/", status: 500, times: 50 }]);
    const before = (await azure.stack.state()).faultsInjected.length;
    const deploy = sluice(["deploy", fixtures.file("fail.pipeline.ts"), "--yes"]);
    expect(deploy.status).toBe(4);
    expect(deploy.stderr).toMatch(/^sluice: Azure refused to create code [0-9a-f-]+: 500 InternalServerError: injected fault\n$/);
    expect((await azure.stack.state()).faultsInjected.length - before).toBeLessThanOrEqual(2 * 7);
    await azure.stack.faults([]);
  }, 120_000);

  it("converges when a deploy is killed midway: no duplicate assets, then nothing to do", async () => {
    const earlier = azure.stack.requests().length;
    await azure.stack.faults([{ method: "PUT", path: "/components/", delayMs: 4000, times: 2 }]);
    const child = spawn(
      process.execPath,
      ["--disable-warning=ExperimentalWarning", "packages/runtime/src/cli/main.ts", "deploy", fixtures.file("parallel.pipeline.ts"), "--yes"],
      { cwd: REPO_ROOT, env: { ...process.env, ...box.env, ...azure.stack.env }, stdio: "ignore" },
    );
    for (let i = 0; i < 200 && !azure.stack.requests().some((r) => r.method === "PUT" && r.path.includes("/components/")); i++)
      await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    await azure.stack.faults([]);
    const again = sluice(["deploy", fixtures.file("parallel.pipeline.ts"), "--yes", "--json"]);
    expect(again.status).toBe(0);
    const third = JSON.parse(sluice(["deploy", fixtures.file("parallel.pipeline.ts"), "--yes", "--json"]).stdout);
    expect(third.assets.every((a: { result: string }) => a.result === "unchanged")).toBe(true);
    const puts = azure.stack
      .requests()
      .slice(earlier)
      .filter((r) => r.method === "PUT" && /\/(codes|components)\/[^/]+\/versions\//.test(r.path))
      .map((r) => r.path);
    // Versions are content-derived: the killed deploy and the one after it wrote the same
    // component versions, so the workspace holds exactly the pipeline's components, once each.
    const components = third.assets.filter((a: { kind: string }) => a.kind === "component").length;
    expect(components).toBeGreaterThan(0);
    expect(new Set(puts.filter((p) => p.includes("/components/"))).size).toBe(components);
    const state = await azure.stack.state();
    expect(state.components).toBeGreaterThanOrEqual(components);
  }, 120_000);

  it("shows a failed child job's step, Azure's error and the tail of its log, without SAS tokens", () => {
    const run = sluice(["run", fixtures.file("fail.pipeline.ts")]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/✗ boom failed: .*exit code 3/);
    expect(run.stdout).toContain("│ ValueError: boom: the input is broken");
    expect(run.stdout).toMatch(/- after cancelled/);
    expect(run.stdout + run.stderr).not.toContain(LOG_SAS);
  }, 120_000);

  it("turns a rejected token into one line with a sign-in hint, never echoing the token", () => {
    const denied = box.sluice(["deploy", fixtures.file("slow.pipeline.ts"), "--dry-run"], { ...azure.stack.env, SLUICE_ARM_TOKEN: "wrong-token-0123456789" });
    expect(denied.status).toBe(4);
    expect(denied.stderr).toMatch(
      /^sluice: Azure refused to read datastore workspaceblobstore: 401 AuthenticationFailed: missing or wrong bearer token\n {2}hint: sign in with `az login`/,
    );
    expect(denied.stderr + denied.stdout).not.toContain("wrong-token-0123456789");
  });

  it("names the source and key of a malformed workspace setting", () => {
    const bad = box.sluice(["run", fixtures.file("slow.pipeline.ts")], { ...azure.stack.env, AZURE_SUBSCRIPTION_ID: "not-a-guid" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("sluice: workspace from environment: AZURE_SUBSCRIPTION_ID must be a subscription GUID");
  });
});
