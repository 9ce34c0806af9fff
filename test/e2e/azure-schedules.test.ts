import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useAzureStack } from "../helpers/azure-stack.ts";

// Scheduled retraining: created, changed (with a diff in the plan), disabled, deleted — and
// never a run unless asked for.
const azure = useAzureStack({ project: "examples/titanic-automl" });
const { sluice } = azure;
const project = azure.project;
const PIPELINE = project.file("titanic.pipeline.ts");
const NAME = "titanic-nightly-retrain";

describe("mutable references", () => {
  it("pins environment@latest to the newest registered version at deploy time and prints it", async () => {
    for (const version of ["2", "3"]) {
      const put = await azure.stack.arm("PUT", `environments/sklearn-team/versions/${version}`, {
        properties: { image: `mcr.microsoft.com/azureml/base:${version}` },
      });
      expect(put).toBe(201);
    }
    const file = join(project.dir, "latest.pipeline.ts");
    writeFileSync(
      file,
      `import { environment, outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";
export default pipeline({ name: "latest_env", defaultCompute: "cpu-cluster" }, () => {
  pythonScriptStep({ name: "prep", sourceDirectory: "./src", script: "dataprep.py", arguments: ["--output_path", outputFileDataset("out")], environment: environment("sklearn-team@latest") });
});
`,
    );
    const dry = sluice(["deploy", project.file("latest.pipeline.ts"), "--dry-run"]);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain("  pinned: environment sklearn-team@latest → 3\n");
    expect(dry.stdout).toContain("environment = sklearn-team:3");
  });

  it("keeps a `latest` data input live on a schedule (and says so); an image environment is created once", async () => {
    const file = join(project.dir, "live.pipeline.ts");
    writeFileSync(
      file,
      `import { dataset, environment, outputFileDataset, pipeline, pythonScriptStep, schedule } from "@sluice/dsl";
const raw = dataset("titanic_raw", { version: "latest", type: "uri_file" });
const weekly = schedule({ name: "live-data", recurrence: { frequency: "Week", hours: [1], minutes: [0], weekDays: ["Monday"] }, startTime: "2026-01-01T00:00:00" });
export default pipeline({ name: "live_data", defaultCompute: "cpu-cluster", schedules: [weekly] }, () => {
  pythonScriptStep({ name: "prep", sourceDirectory: "./src", script: "dataprep.py", arguments: ["--titanic", raw, "--output_path", outputFileDataset("out")],
    environment: environment({ image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:20240101" }) });
});
`,
    );
    const before = (await azure.stack.state()).environments;
    const first = sluice(["deploy", project.file("live.pipeline.ts"), "--yes"]);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("  note: data input titanic_raw (azureml:titanic_raw@latest) stays live: each scheduled run reads the newest version\n");
    expect(first.stdout).toMatch(/environment \+ CliV2AnonymousEnvironment:[0-9a-f]{13}…/);
    const put = azure.stack.requests().find((r) => r.method === "PUT" && r.path.endsWith("/schedules/live-data"));
    const body = put?.body as { properties: { trigger: Record<string, unknown>; action: { jobDefinition: { inputs: Record<string, unknown> } } } };
    expect(body.properties.action.jobDefinition.inputs.titanic_raw).toEqual({ jobInputType: "uri_file", uri: "azureml:titanic_raw@latest" });
    expect(body.properties.trigger).toMatchObject({
      triggerType: "Recurrence",
      frequency: "Week",
      interval: 1,
      schedule: { hours: [1], minutes: [0], weekDays: ["Monday"] },
    });
    expect((await azure.stack.state()).environments).toBe(before + 1);
    const again = JSON.parse(sluice(["deploy", project.file("live.pipeline.ts"), "--yes", "--json"]).stdout);
    expect(again.assets.every((a: { result: string }) => a.result === "unchanged")).toBe(true);
    expect(sluice(["schedule", "delete", "live-data"]).status).toBe(0);
  });
});

describe("retraining schedules", () => {
  it("creates the schedule with the job definition pinned to deployed components, and starts no run", async () => {
    const deploy = sluice(["deploy", PIPELINE, "--yes"]);
    expect(deploy.status).toBe(0);
    expect(deploy.stdout).toContain(`schedule    + ${NAME}  (cron "0 2 * * *" UTC)`);
    const put = azure.stack.requests().find((r) => r.method === "PUT" && r.path.endsWith(`/schedules/${NAME}`));
    const body = put?.body as {
      properties: { trigger: Record<string, unknown>; action: { jobDefinition: { jobs: Record<string, { componentId?: string }> } } };
    };
    expect(body.properties.trigger).toEqual({ triggerType: "Cron", expression: "0 2 * * *", startTime: "2026-01-01T00:00:00", timeZone: "UTC" });
    expect(body.properties.action.jobDefinition.jobs.dataprep?.componentId).toMatch(
      /^\/subscriptions\/.+\/components\/azureml_anonymous\/versions\/[0-9a-f-]{36}$/,
    );
    const state = await azure.stack.state();
    expect(state.schedules).toEqual([{ name: NAME, enabled: true }]);
    expect(state.jobs).toEqual([]);
  });

  it("shows a changed trigger as a readable diff in --dry-run, then applies it; applying again changes nothing", async () => {
    const file = join(project.dir, "titanic.pipeline.ts");
    writeFileSync(file, readFileSync(file, "utf8").replace('cron: "0 2 * * *"', 'cron: "30 3 * * 1-5"'));
    const dry = sluice(["deploy", PIPELINE, "--dry-run"]);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain(`schedule    ~ ${NAME}\n      trigger.expression: "0 2 * * *" → "30 3 * * 1-5"\n`);
    // The endpoints wait for a model no run has registered in this workspace yet.
    expect(dry.stdout).toContain("plan: 0 to create, 1 to update, 7 unchanged, 2 waiting; 0 bytes to upload");
    expect(sluice(["deploy", PIPELINE, "--yes"]).status).toBe(0);
    const again = JSON.parse(sluice(["deploy", PIPELINE, "--yes", "--json"]).stdout);
    expect(again.assets.find((a: { kind: string }) => a.kind === "schedule")).toEqual({ kind: "schedule", name: NAME, result: "unchanged" });
    expect((await azure.stack.state()).jobs).toEqual([]);
  });

  it("disables, lists and deletes it; a re-deploy shows it would be re-enabled", async () => {
    expect(sluice(["schedule", "disable", NAME]).stdout).toBe(`schedule ${NAME} disabled\n`);
    expect(sluice(["schedule", "list"]).stdout).toBe(`${NAME}  disabled  cron "30 3 * * 1-5" UTC\n`);
    expect(JSON.parse(sluice(["schedule", "list", "--json"]).stdout)).toEqual([{ name: NAME, enabled: false, trigger: 'cron "30 3 * * 1-5" UTC' }]);
    expect(sluice(["deploy", PIPELINE, "--dry-run"]).stdout).toContain("      isEnabled: false → true\n");
    expect(sluice(["schedule", "delete", NAME]).stdout).toBe(`schedule ${NAME} deleted\n`);
    expect(sluice(["schedule", "list"]).stdout).toBe("no schedules\n");
    const missing = sluice(["schedule", "enable", NAME]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`no schedule '${NAME}' in workspace sluice-ws`);
    expect((await azure.stack.state()).jobs).toEqual([]);
  });
});
