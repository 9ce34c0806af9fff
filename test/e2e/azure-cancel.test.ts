import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { useAzureStack } from "../helpers/azure-stack.ts";
import { REPO_ROOT } from "../helpers/run-node.ts";

// The emulator's steps sleep 60 s here, so the job is still running when it is cancelled.
const azure = useAzureStack({ project: "test/fixtures/local", emulatorEnv: { SLEEP: "60" } });
const { box } = azure;
const fixtures = azure.project;

describe("sluice cancel on an Azure run", () => {
  it("cancels the job in the workspace; the following `sluice run` ends cancelled", async () => {
    const follower = spawn(
      process.execPath,
      ["--disable-warning=ExperimentalWarning", "packages/runtime/src/cli/main.ts", "run", fixtures.file("slow.pipeline.ts")],
      { cwd: REPO_ROOT, env: { ...process.env, ...box.env, ...azure.stack.env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    follower.stdout.on("data", (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => follower.once("exit", r));
    let job: { name: string; status: string } | undefined;
    for (let i = 0; i < 300 && !out.includes("▶ slow started"); i++) await new Promise((r) => setTimeout(r, 100));
    job = (await azure.stack.state()).jobs[0];
    expect(job?.status).toBe("Running");
    const cancel = box.sluice(["cancel", job!.name], azure.stack.env);
    expect(cancel.stderr).toBe("");
    expect(cancel.stdout).toMatch(new RegExp(`^job ${job!.name}: (CancelRequested|Canceled)\\n$`));
    expect(await exited).toBe(130);
    expect(out).toMatch(/- slow cancelled/);
    expect(out).toMatch(new RegExp(`run ${job!.name} cancelled`));
    job = (await azure.stack.state()).jobs[0];
    expect(job?.status).toBe("Canceled");
  }, 120_000);
});
