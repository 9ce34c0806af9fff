// Retraining that promotes only a better model, on an Azure ML workspace (emulator + Azurite):
// the deploy step runs inside the job with the compute's managed identity, scores the held-out
// rows through the endpoint's scoring URI, and PUTs the deployment only when the new model wins.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useAzureStack } from "../helpers/azure-stack.ts";

const azure = useAzureStack({ project: "test/fixtures/serving" });
const { box, sluice } = azure;
const PIPELINE = azure.project.file("promote.pipeline.ts");
const DEPLOYMENT_PUT = "/onlineEndpoints/iris-live/deployments/blue";

/** The model versions the blue deployment was PUT with, in order (by `sluice deploy` and by the job). */
function deployedVersions(): string[] {
  return azure.stack
    .requests()
    .filter((r) => r.method === "PUT" && r.path.endsWith(DEPLOYMENT_PUT))
    .map(
      (r) =>
        String((r.body as { properties: { model: string } }).properties.model)
          .split("/")
          .at(-1) as string,
    );
}

describe("deployModelStep on Azure", () => {
  const runs: Array<ReturnType<typeof sluice>> = [];
  let redeploy: ReturnType<typeof sluice>;
  beforeAll(() => {
    const run = (c: string) => runs.push(sluice(["deploy", PIPELINE, "--yes", "--run-now", "--param", `c=${c}`]));
    run("0.1");
    run("0.001");
    // Version 2 is now the newest, but the deploy step refused it.
    redeploy = sluice(["deploy", PIPELINE, "--yes", "--json"]);
    run("1");
  }, 600_000);

  it("creates the endpoint after the first run, whose deploy step finds no deployment yet", () => {
    const first = runs[0] as ReturnType<typeof sluice>;
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^register: registered model iris-promoted version 1$/m);
    expect(first.stdout).toMatch(
      /^promote: kept: iris-live\/blue not updated: the deployment does not exist yet \(sluice deploy creates it with the registered model\)$/m,
    );
    expect(deployedVersions()[0]).toBe("1");
  });

  it("keeps the serving model when the new one is worse on the held-out rows, and says why", () => {
    const second = runs[1] as ReturnType<typeof sluice>;
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^register: registered model iris-promoted version 2$/m);
    expect(second.stdout).toMatch(
      /^promote: kept: iris-live\/blue still serves iris-promoted:1 \(accuracy 0\.7533 of iris-promoted:2 does not beat 0\.9600 of iris-promoted:1 on 150 held-out rows \(higher is better\)\)$/m,
    );
  });

  it("updates the deployment from inside the job when the new model wins, and the endpoint serves it", () => {
    const third = runs[2] as ReturnType<typeof sluice>;
    expect(third.status, third.stderr).toBe(0);
    expect(third.stdout).toMatch(
      /^promote: deployed: iris-live\/blue now serves iris-promoted:3 \(accuracy 0\.9733 of iris-promoted:3 beats 0\.9600 of iris-promoted:1 on 150 held-out rows \(higher is better\)\)$/m,
    );
    // Version 2 was never deployed: the redeploys after runs 2 and 3 kept what the step chose.
    expect(deployedVersions()).toEqual(["1", "3"]);
    const request = join(box.root, "request.json");
    writeFileSync(
      request,
      JSON.stringify({ input_data: { columns: ["sepal_length", "sepal_width", "petal_length", "petal_width"], data: [[6.7, 3.0, 5.2, 2.3]] } }),
    );
    const scored = sluice(["invoke", PIPELINE, "--data", request]);
    expect(scored.status, scored.stderr).toBe(0);
    expect(JSON.parse(scored.stdout)).toEqual(["Iris-virginica"]);
  });

  it("leaves a promoted deployment alone on a plain redeploy, though a newer version exists", () => {
    expect(redeploy.status, redeploy.stderr).toBe(0);
    const assets = (JSON.parse(redeploy.stdout) as { assets: Array<{ kind: string; name: string; result: string }> }).assets;
    expect(assets.find((c) => c.kind === "deployment" && c.name === "iris-live/blue")?.result).toBe("unchanged");
  });
});
