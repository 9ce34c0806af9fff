// Endpoints on an Azure ML workspace (emulator + Azurite) whose deployments do not all start:
// the one whose script cannot load the model fails its operation, deploy says why and exits
// non-zero, and the deployments that started answer through the endpoint's scoring URI.
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { useAzureStack } from "../helpers/azure-stack.ts";

const azure = useAzureStack({ project: "test/fixtures/serving" });
const { box, sluice } = azure;
const PIPELINE = azure.project.file("serving.pipeline.ts");

describe("a deployment that cannot load its model, on Azure", () => {
  let deployed: ReturnType<typeof sluice>;
  beforeAll(() => {
    deployed = sluice(["deploy", PIPELINE, "--yes", "--run-now"]);
  }, 240_000);

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
