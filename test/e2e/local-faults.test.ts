import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyProject, sandbox, stepStates } from "../helpers/local-sandbox.ts";

const project = copyProject("test/fixtures/local");
const file = project.file;
afterAll(() => project.cleanup());

describe("faults", () => {
  it("a step that exits non-zero: shown with its exit code and stderr tail; downstream skipped with the reason", () => {
    const box = sandbox();
    const run = box.sluice(["run", file("fail.pipeline.ts")], { CONTINUE: "1" });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("✗ boom failed: exit code 3");
    expect(run.stdout).toContain("    │ ValueError: boom: the input is broken");
    const record = box.runRecord(box.runs()[0]!.id);
    expect(record.status).toBe("failed");
    const byName = Object.fromEntries(record.steps.map((s: { name: string }) => [s.name, s]));
    expect(byName.boom).toMatchObject({ status: "failed", exitCode: 3 });
    expect(byName.after).toMatchObject({ status: "skipped", reason: "upstream 'boom' did not complete" });
    expect(byName.independent.status).toBe("completed");
    expect(box.sluice(["logs", record.id, "boom"]).stderr).toContain("ValueError: boom");

    // Fix the failing script: only it and its downstream step run again.
    writeFileSync(join(project.dir, "boom", "boom.py"), readFileSync(join(project.dir, "src", "write_ok.py")));
    expect(box.sluice(["run", file("fail.pipeline.ts")], { CONTINUE: "1" }).status).toBe(0);
    expect(stepStates(box.runs()[0]!)).toEqual({ ok: "reused", independent: "reused", boom: "completed", after: "completed" });
    box.cleanup();
  });

  it("a step that exceeds its timeout is stopped and fails with the reason", () => {
    const box = sandbox();
    const started = Date.now();
    const run = box.sluice(["run", file("slow.pipeline.ts")], { TIMEOUT: "1", SLEEP: "60" });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("✗ slow failed: timed out after 1s");
    // Nothing of this run is left running (its command line names the run's state folder).
    expect(spawnSync("pgrep", ["-f", `sleep.py .*${box.env.SLUICE_STATE_DIR}`]).status).toBe(1);
    box.cleanup();
  });

  it("a missing Python module fails before anything starts, naming it and how to install it", () => {
    const box = sandbox();
    const run = box.sluice(["run", file("missing-module.pipeline.ts")]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain("sluice: step 'needs_it' needs sluice_no_such_module, which no Python here has");
    expect(run.stderr).toContain("sluice_no_such_module is not packaged for Debian: python3 -m venv --system-site-packages .venv");
    // The scan reads imports with Python's parser: a guarded import is optional, not required.
    expect(run.stderr).not.toContain("sluice_optional_module");
    expect(box.runs()).toEqual([]);
    box.cleanup();
  });

  it("an AutoML forecasting step is refused before anything starts (no local engine for it)", () => {
    const box = sandbox();
    const run = box.sluice(["run", file("forecast.pipeline.ts")]);
    expect(run.status).toBe(3);
    expect(run.stderr).toBe(
      "sluice: step 'forecast' is an AutoML forecasting task, which the local AutoML engine does not support\n  hint: run this pipeline on Azure ML, or use classification/regression locally\n",
    );
    expect(box.runs()).toEqual([]);
    box.cleanup();
  });

  it("a runner killed with SIGKILL mid-step leaves no half cache entry, and the rerun reuses what completed", async () => {
    const box = sandbox();
    const child = box.start(file("slow.pipeline.ts"), { SLEEP: "60" });
    await box.waitForRunning("slow");
    child.kill("SIGKILL");
    await new Promise((r) => child.on("exit", r));
    // Its step is orphaned (SIGKILL leaves no chance to stop it): end it here.
    spawnSync("pkill", ["-9", "-f", `sleep.py .*${box.env.SLUICE_STATE_DIR}`]);
    expect(box.runs()[0]!.status).toBe("interrupted");
    const steps = join(box.env.SLUICE_CACHE_DIR, "steps");
    const entries = readdirSync(steps);
    expect(entries.length).toBe(1);
    expect(JSON.parse(readFileSync(join(steps, entries[0]!, "entry.json"), "utf8")).node).toBe("first");
    const rerun = box.sluice(["run", file("slow.pipeline.ts")], { SLEEP: "0" });
    expect(rerun.status).toBe(0);
    expect(stepStates(box.runs()[0]!)).toEqual({ first: "reused", slow: "completed" });
    box.cleanup();
  }, 60_000);
});
