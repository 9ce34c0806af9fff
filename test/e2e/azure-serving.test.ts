// Endpoints on an Azure ML workspace (emulator + Azurite) whose deployments do not all start:
// the one whose script cannot load the model fails its operation, deploy says why and exits
// non-zero, and the deployments that started answer through the endpoint's scoring URI.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useAzureStack } from "../helpers/azure-stack.ts";
import { REPO_ROOT } from "../helpers/run-node.ts";

const azure = useAzureStack({ project: "test/fixtures/serving" });
const { box, sluice } = azure;
const PIPELINE = azure.project.file("serving.pipeline.ts");

// One deploy (with a run, which registers the model) for every test of the file.
let deployed: ReturnType<typeof sluice>;
beforeAll(() => {
  deployed = sluice(["deploy", PIPELINE, "--yes", "--run-now"]);
}, 240_000);

describe("a deployment that cannot load its model, on Azure", () => {
  it("fails the deploy with the deployment's reason, in one line", () => {
    // 4: Azure refused (the README lists the exit codes).
    expect(deployed.status, deployed.stderr).toBe(4);
    expect(deployed.stderr).toMatch(
      /^sluice: Azure refused to deploy onlineEndpoints\/iris-endpoint\/deployments\/broken: 409 DeploymentFailed: RuntimeError: the model file is corrupt\n/m,
    );
    expect(deployed.stderr).not.toMatch(/\n\s+at /);
  });

  it("keeps serving the deployment that started", () => {
    const request = join(box.root, "request.json");
    writeFileSync(
      request,
      JSON.stringify({ input_data: { columns: ["sepal_length", "sepal_width", "petal_length", "petal_width"], data: [[5.1, 3.5, 1.4, 0.2]] } }),
    );
    const scored = sluice(["invoke", PIPELINE, "--data", request, "--deployment", "blue"]);
    expect(scored.status, scored.stderr).toBe(0);
    expect(JSON.parse(scored.stdout)).toEqual(["Iris-setosa"]);
    const broken = sluice(["invoke", PIPELINE, "--data", request, "--deployment", "broken"]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toBe("sluice: endpoint iris-endpoint answered 503: deployment broken is not ready\n");
  });
});

describe("invoking a batch endpoint on Azure", () => {
  /** The Iris rows (without species) cut into three CSV files. */
  function irisParts(): string {
    const dir = join(box.root, "iris-parts");
    const [header, ...rows] = readFileSync(join(REPO_ROOT, ".shared/data/iris.csv"), "utf8").trim().split("\n");
    const cut = (line: string | undefined) => String(line).split(",").slice(0, 4).join(",");
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 3; i++) writeFileSync(join(dir, `part-${i}.csv`), `${[header, ...rows.slice(i * 50, (i + 1) * 50)].map(cut).join("\n")}\n`);
    return dir;
  }

  it("uploads the input, starts a job on the deployed endpoint, and its predictions download", () => {
    const invoked = sluice(["invoke", PIPELINE, "--endpoint", "iris-batch", "--batch", irisParts(), "--json"]);
    expect(invoked.status, invoked.stderr).toBe(0);
    const finished = invoked.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string; runId?: string; status?: string; summary?: string[] })
      .find((e) => e.type === "run-finished");
    expect(finished?.status).toBe("completed");
    expect(finished?.summary?.[0]).toMatch(/^workspace sluice-ws, batch job batchjob-[0-9a-f-]{36} \(deployment strict\)$/);
    // The job's request is the SDK's: one UriFolder input on the workspace blob store.
    const post = azure.stack.requests().find((r) => r.method === "POST" && r.path.startsWith("/_batch/iris-batch/jobs"));
    expect(post?.body).toEqual({
      properties: {
        inputData: {
          UriFolder: {
            jobInputType: "UriFolder",
            uri: expect.stringMatching(/^azureml:\/\/datastores\/workspaceblobstore\/paths\/LocalUpload\/[0-9a-f]{32}\/iris-parts\/$/),
          },
        },
      },
    });
    const target = join(box.root, "predictions");
    const downloaded = sluice(["outputs", finished?.runId as string, "score", "--download", target]);
    expect(downloaded.status, downloaded.stderr).toBe(0);
    const lines = readFileSync(join(target, "score", "predictions.csv"), "utf8")
      .trim()
      .split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(150);
    expect(lines.filter((l) => /Iris-(setosa|versicolor|virginica)/.test(l)).length).toBe(150);
  }, 120_000);

  it("refuses an unknown deployment and a missing input in one line, before anything is uploaded", () => {
    const unknown = sluice(["invoke", PIPELINE, "--endpoint", "iris-batch", "--deployment", "nope", "--batch", irisParts()]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^sluice: batch endpoint iris-batch has no deployment 'nope'\n {2}hint: its deployments: flaky, strict\n$/);
    const missing = sluice(["invoke", PIPELINE, "--endpoint", "iris-batch", "--batch", join(box.root, "nothing-here")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^sluice: batch input .*nothing-here does not exist\n/);
  });
});
