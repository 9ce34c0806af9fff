// Spark steps and a Spark job deployed to the emulated workspace: the named Spark component
// registered as a `spark` component version, the job's nodes sent as `spark` nodes (one on an
// attached pool, one serverless), both run by the emulator's executor (with a stand-in pyspark:
// Debian has none) and their outputs fetched; a standalone Spark job likewise.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useAzureStack } from "../helpers/azure-stack.ts";
import { REPO_ROOT } from "../helpers/run-node.ts";

const azure = useAzureStack({
  project: "test/fixtures/spark",
  emulatorEnv: { PYTHONPATH: join(REPO_ROOT, "test/fixtures/spark/pyspark-stand-in") },
});
const { box, sluice } = azure;
const puts = (kind: string) => azure.stack.requests().filter((r) => r.method === "PUT" && r.path.includes(`/${kind}/`));
type Body = { properties: Record<string, unknown> & { jobs?: Record<string, Record<string, unknown>>; componentSpec?: Record<string, unknown> } };

describe("Spark on an Azure ML workspace (emulator + Azurite)", () => {
  let deployed: ReturnType<typeof sluice>;
  const download = () => join(box.root, "downloads");

  beforeAll(() => {
    deployed = sluice(["deploy", azure.project.file("spark.pipeline.ts"), "--yes", "--run-now", "--download", download()]);
  }, 240_000);

  it("registers the Spark component as a spark component version and sends spark nodes", () => {
    expect(deployed.status, `${deployed.stdout}${deployed.stderr}`).toBe(0);
    expect(deployed.stdout).toMatch(/run spark_rows_\w+ completed/);
    const component = puts("components").find((r) => r.path.includes("/components/count_rows/versions/1"))?.body as Body | undefined;
    expect(component?.properties.componentSpec).toMatchObject({ type: "spark", entry: { file: "count.py" }, conf: { "spark.executor.instances": 1 } });
    expect(component?.properties.componentSpec?.environment).toBeUndefined();
    const job = puts("jobs").at(-1)?.body as Body;
    expect(job.properties.jobs?.on_pool).toMatchObject({ type: "spark", identity: { identity_type: "Managed" } });
    expect(String(job.properties.jobs?.on_pool?.computeId)).toMatch(/\/computes\/cpu-cluster$/);
    expect(job.properties.jobs?.serverless).toMatchObject({
      type: "spark",
      resources: { instance_type: "standard_e4s_v3" },
      identity: { identity_type: "UserIdentity" },
    });
  });

  it("runs both Spark steps with their arguments and configuration, and downloads their outputs", () => {
    const [pooled, conf] = readFileSync(join(download(), "pooled", "count.txt"), "utf8").split("\n");
    expect(pooled).toBe("3");
    expect(conf).toContain("--conf spark.executor.instances=1");
    expect(readFileSync(join(download(), "serverless", "count.txt"), "utf8").split("\n")[0]).toBe("30");
  });

  it("submits a standalone Spark job, which the emulator runs", () => {
    writeFileSync(
      join(azure.project.dir, "job.pipeline.ts"),
      [
        'import { cmd, dataFile, output, sparkJob } from "@sluice/dsl";',
        "export default sparkJob({",
        '  name: "count-job",',
        '  code: "./src",',
        '  entry: { file: "count.py" },',
        '  inputs: { data: dataFile("./data/rows.csv", { mode: "direct" }), scale: 2 },',
        "  outputs: { counted: output.uriFolder() },",
        '  outputSettings: { counted: { mode: "direct" } },',
        "  args: ({ inputs, outputs }) => cmd`--data ${inputs.data} --scale ${inputs.scale} --out ${outputs.counted}`,",
        '  conf: { "spark.driver.cores": 1, "spark.driver.memory": "1g", "spark.executor.cores": 1, "spark.executor.memory": "1g", "spark.executor.instances": 1 },',
        '  resources: { instanceType: "standard_e4s_v3", runtimeVersion: "3.4" },',
        "});",
        "",
      ].join("\n"),
    );
    const r = sluice(["deploy", azure.project.file("job.pipeline.ts"), "--yes", "--run-now", "--download", join(box.root, "job")]);
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    const job = puts("jobs").at(-1)?.body as Body;
    expect(job.properties).toMatchObject({
      jobType: "Spark",
      entry: { file: "count.py", sparkJobEntryType: "SparkJobPythonEntry" },
      conf: { "spark.executor.instances": "1" },
    });
    expect(readFileSync(join(box.root, "job", "counted", "count.txt"), "utf8").split("\n")[0]).toBe("6");
  });
});
