// The run page's error boundary and its reading of odd state, in process: a failing page
// answers 500 without details and logs one line while the server goes on; folders that cannot be
// listed are notices; an Azure run's leaderboard from run history shows with the gaps it has.
import { afterAll, describe, expect, it } from "vitest";
import { startUiServer } from "../../packages/runtime/src/ui/ui-server.ts";
import { runView } from "../../packages/runtime/src/ui/views.ts";
import { uiClient, uiState } from "../helpers/ui-fixture.ts";

const fx = uiState();

afterAll(() => fx.cleanup());

describe("the error boundary", () => {
  it("a page that fails answers 500 without details, logs one line, and the server goes on", async () => {
    const broken = {
      get stateDir(): string {
        throw new Error("the state went away\n    at somewhere (file.ts:1:1)");
      },
      registryDir: "/nonexistent",
    };
    const lines: string[] = [];
    const server = await startUiServer(broken, { log: (l) => lines.push(l) });
    try {
      const c = uiClient(server.url);
      const page = await c.get("/");
      expect(page.status).toBe(500);
      expect(page.text).not.toMatch(/went away|at somewhere|file\.ts/);
      expect(lines).toEqual(["ui: GET /: the state went away"]);
      expect((await c.get("/assets/app.js")).status).toBe(200);
      expect((await c.get("/runs/20260101-000000-000-x")).status).toBe(500);
      expect(lines).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it("a registry or endpoints folder that is a file is a notice, not an error page", async () => {
    const odd = uiState();
    odd.write(`${odd.state.registryDir}/models`, "not a folder");
    odd.write(`${odd.state.stateDir}/endpoints`, "not a folder");
    const server = await startUiServer(odd.state, { log: () => {} });
    try {
      const c = uiClient(server.url);
      const models = await c.get("/models");
      expect(models.status).toBe(200);
      expect(models.text).toContain("the model registry cannot be read: it cannot be read (ENOTDIR)");
      const endpoints = await c.get("/endpoints");
      expect(endpoints.status).toBe(200);
      expect(endpoints.text).toContain("the endpoints folder cannot be read: it cannot be read (ENOTDIR)");
    } finally {
      await server.close();
      odd.cleanup();
    }
  });
});

describe("an Azure run's leaderboard from run history", () => {
  it("shows as the engine's does, with the gaps run history leaves (no task, no best, a failed trial without an algorithm)", async () => {
    const id = "20260101-000000-000-azure";
    const azure = { subscriptionId: "s", resourceGroup: "g", workspaceName: "w", jobName: id };
    fx.run(
      id,
      { backend: "azure", azure, steps: [{ name: "automl", node: "automl", status: "completed", reused: false, durationMs: 1 }] },
      {
        nodes: [{ key: "automl", step: "automl", kind: "automl", inputs: {}, outputs: ["best_model"] }],
        edges: [],
      },
    );
    const trial = (iteration: number, ok: boolean) => ({
      iteration,
      status: ok ? "completed" : "failed",
      algorithm: ok ? "LogisticRegression" : null,
      hyperparameters: {},
      duration_seconds: null,
      ...(ok ? { metrics: { AUC_weighted: 0.8 }, primary_metric: { name: "AUC_weighted", value: 0.8 } } : { error: "the trial failed" }),
    });
    const history = {
      task: null,
      primary_metric: "AUC_weighted",
      goal: "maximize",
      validation: null,
      featurization: null,
      best_iteration: Number.NaN,
      stopped_because: null,
      iterations: [trial(0, true), trial(1, false)],
    };
    const view = await runView(fx.state, id, { remote: async () => history });
    expect(view.notices).toEqual([]);
    expect(view.body).toMatch(/<table class="leaderboard">.*LogisticRegression.*0\.8000.*<td>1<\/td><td><\/td><td class="primary">failed<\/td>/s);
  });
});

describe("HEAD on a live-update stream", () => {
  it("answers the stream's headers and closes, for a running run's events and a step's log", async () => {
    const id = "20260101-000000-000-head";
    fx.run(id, { status: "running", pid: process.pid, steps: [{ name: "prep", node: "prep", status: "running", reused: false, durationMs: 0 }] });
    fx.stepFile(id, "prep", "stdout.log", "working\n");
    const server = await startUiServer(fx.state, { log: () => {} });
    try {
      const c = uiClient(server.url);
      for (const path of [`/api/runs/${id}/events`, `/api/runs/${id}/steps/prep/log`]) {
        const res = await fetch(`${c.origin}${path}`, { method: "HEAD", headers: { cookie: c.cookie }, signal: AbortSignal.timeout(3000) });
        expect([path, res.status, res.headers.get("content-type")]).toEqual([path, 200, "text/event-stream"]);
        expect(await res.text()).toBe("");
      }
    } finally {
      await server.close();
    }
  });
});
