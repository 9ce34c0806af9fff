import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAzureStack, type AzureStack } from "../helpers/azure-stack.ts";
import { copyProject, sandbox } from "../helpers/local-sandbox.ts";
import { REPO_ROOT } from "../helpers/run-node.ts";

// The emulator's steps sleep 60 s here, so the job is still running when it is cancelled.
const fixtures = copyProject("test/fixtures/local");
const box = sandbox();
let stack: AzureStack;

beforeAll(async () => {
  stack = await startAzureStack({ emulatorEnv: { SLEEP: "60" } });
}, 90_000);
afterAll(() => {
  stack?.stop();
  box.cleanup();
  fixtures.cleanup();
});

describe("sluice cancel on an Azure run", () => {
  it("cancels the job in the workspace; the following `sluice run` ends cancelled", async () => {
    const follower = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", "packages/runtime/src/cli/main.ts", "run", fixtures.file("slow.pipeline.ts")], { cwd: REPO_ROOT, env: { ...process.env, ...box.env, ...stack.env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    follower.stdout.on("data", (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => follower.once("exit", r));
    let job: { name: string; status: string } | undefined;
    for (let i = 0; i < 300 && !out.includes("▶ slow started"); i++) await new Promise((r) => setTimeout(r, 100));
    job = (await stack.state()).jobs[0];
    expect(job?.status).toBe("Running");
    const cancel = box.sluice(["cancel", job!.name], stack.env);
    expect(cancel.stderr).toBe("");
    expect(cancel.stdout).toMatch(new RegExp(`^job ${job!.name}: (CancelRequested|Canceled)\\n$`));
    expect(await exited).toBe(1);
    expect(out).toMatch(/- slow cancelled/);
    expect(out).toMatch(new RegExp(`run ${job!.name} cancelled`));
    job = (await stack.state()).jobs[0];
    expect(job?.status).toBe("Canceled");
  }, 120_000);
});
