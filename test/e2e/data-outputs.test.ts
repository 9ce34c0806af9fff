// A step output registered as a data asset (`outputs: { cleaned: { name } }`): locally into the
// project's registry, on Azure (emulator + Azurite) as a workspace data version; a new version
// only when the content (or, on Azure, the location) changes; read back by name with dataset().
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useAzureStack } from "../helpers/azure-stack.ts";
import { sandbox } from "../helpers/local-sandbox.ts";

const PRODUCE = "test/fixtures/data-outputs/produce.pipeline.ts";
const CONSUME = "test/fixtures/data-outputs/consume.pipeline.ts";
const line = (stdout: string) => stdout.split("\n").find((l) => l.startsWith("clean.cleaned: ")) ?? "";

describe("an output registered as a data asset, locally", () => {
  it("registers version 1, keeps it for the same content, adds version 2 for new content, and a later pipeline reads it by name", () => {
    const box = sandbox();
    const run = (...args: string[]) => {
      const r = box.sluice(["run", PRODUCE, ...args]);
      expect(r.status, r.stderr).toBe(0);
      return line(r.stdout);
    };
    expect(run()).toBe("clean.cleaned: registered data asset iris_cleaned version 1");
    expect(run()).toBe("clean.cleaned: unchanged: data asset iris_cleaned version 1");
    expect(run("--param", "species=Iris-virginica")).toBe("clean.cleaned: registered data asset iris_cleaned version 2");
    const consumed = box.sluice(["run", CONSUME]);
    expect(consumed.status, consumed.stderr).toBe(0);
    const id = (box.runs()[0] as { id: string }).id;
    expect(readFileSync(join(box.env.SLUICE_STATE_DIR, "runs", id, "steps", "count", "outputs", "counted", "count.txt"), "utf8")).toBe("50\n");
    const data = JSON.parse(readFileSync(join(box.env.SLUICE_STATE_DIR, "registry", "data", "iris_cleaned", "2", "data.json"), "utf8"));
    expect(data).toMatchObject({ name: "iris_cleaned", version: "2", type: "uri_folder", lineage: { sluice_step: "clean", sluice_output: "cleaned" } });
    box.cleanup();
  }, 120_000);
});

describe("an output registered as a data asset, on Azure", () => {
  const azure = useAzureStack();
  it("registers a workspace data version where Azure wrote the output, and a reused step registers nothing new", async () => {
    const first = azure.sluice(["run", PRODUCE]);
    expect(first.status, first.stderr).toBe(0);
    expect(line(first.stdout)).toBe("clean.cleaned: registered data asset iris_cleaned version 1");
    const put = azure.stack.requests().find((r) => r.method === "PUT" && r.path.endsWith("/data/iris_cleaned/versions/1"))?.body as {
      properties: { dataType: string; dataUri: string };
    };
    expect(put.properties.dataType).toBe("uri_folder");
    expect(put.properties.dataUri).toMatch(/^azureml:\/\/datastores\/workspaceblobstore\/paths\/azureml\/[^/]+\/cleaned\/$/);
    const again = azure.sluice(["run", PRODUCE]);
    expect(again.status, again.stderr).toBe(0);
    expect(line(again.stdout)).toBe("clean.cleaned: unchanged: data asset iris_cleaned version 1");
  }, 240_000);
});
