// Parallel steps deployed to the emulated workspace: sent as `parallel` nodes (the task repeated
// with its code and environment registered, the mini-batch settings), validated, and run by the
// emulator's executor with the same driver as local runs; the appended rows are downloaded.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useAzureStack } from "../helpers/azure-stack.ts";

const azure = useAzureStack({ project: "test/fixtures/parallel" });
const { box, sluice } = azure;
type Body = { properties: { jobs: Record<string, Record<string, unknown>> } };

describe("parallel steps on an Azure ML workspace (emulator + Azurite)", () => {
  let deployed: ReturnType<typeof sluice>;
  const download = () => join(box.root, "downloads");

  beforeAll(() => {
    deployed = sluice(["deploy", azure.project.file("parallel.pipeline.ts"), "--yes", "--run-now", "--download", download()]);
  }, 240_000);

  it("sends parallel nodes whose task names the registered code and environment", () => {
    expect(deployed.status, `${deployed.stdout}${deployed.stderr}`).toBe(0);
    const job = azure.stack
      .requests()
      .filter((r) => r.method === "PUT" && r.path.includes("/jobs/"))
      .at(-1)?.body as Body;
    const node = job.properties.jobs.score_files as Record<string, Record<string, unknown>>;
    expect(node).toMatchObject({ type: "parallel", input_data: "${{inputs.files}}", mini_batch_size: 3, max_concurrency_per_instance: 2 });
    expect(String(node.task?.code)).toMatch(/^azureml:\/subscriptions\/.+\/codes\/[^/]+\/versions\/[^/]+$/);
    expect(job.properties.jobs.sum_partitions?.partition_keys).toBe('["store", "brand"]');
    // Ordered after score_files without reading its data: the signal binding Azure waits on.
    expect(job.properties.jobs.sum_partitions?.inputs).toMatchObject({
      sluice_after_score_files: { job_input_type: "literal", value: "${{parent.jobs.score_files.outputs.sluice_done}}" },
    });
  });

  it("runs both parallel steps and downloads the appended rows", () => {
    expect(
      readFileSync(join(download(), "rows", "parallel_run_step.txt"), "utf8")
        .trim()
        .split("\n"),
    ).toHaveLength(7);
    expect(
      readFileSync(join(download(), "totals", "parallel_run_step.txt"), "utf8")
        .trim()
        .split("\n"),
    ).toEqual(["1,a,3", "1,b,4", "2,a,5", "2,b,13"]);
  });

  it("runs a parallel component with its own settings: the node repeats the split and the task", { timeout: 240_000 }, () => {
    const out = join(box.root, "component");
    const r = sluice(["deploy", azure.project.file("component.pipeline.ts"), "--yes", "--run-now", "--download", out]);
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    const job = azure.stack
      .requests()
      .filter((q) => q.method === "PUT" && q.path.includes("/jobs/"))
      .at(-1)?.body as Body;
    const node = job.properties.jobs.score as Record<string, unknown>;
    expect(node).toMatchObject({ type: "parallel", input_data: "${{inputs.files}}", mini_batch_size: 3, max_concurrency_per_instance: 2 });
    expect(node.retry_settings).toBeUndefined();
    expect(
      readFileSync(join(out, "rows", "parallel_run_step.txt"), "utf8")
        .trim()
        .split("\n"),
    ).toHaveLength(7);
  });
});
