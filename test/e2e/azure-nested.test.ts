// A pipeline component and local data on an Azure ML workspace (emulator + Azurite): the data
// is uploaded once by content and registered as data asset versions, the pipeline component is
// registered after the components it runs, the job runs, and an unchanged re-deploy sends nothing.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useAzureStack } from "../helpers/azure-stack.ts";

const azure = useAzureStack({ project: "test/fixtures/components" });
const { box, sluice } = azure;
const PIPELINE = azure.project.file("nested.pipeline.ts");
const puts = (kind: string) => azure.stack.requests().filter((r) => r.method === "PUT" && r.path.includes(`/${kind}/`));

describe("a pipeline component fed by local data, on an Azure ML workspace", () => {
  let first: ReturnType<typeof sluice>;
  const download = () => join(box.root, "downloads");

  beforeAll(() => {
    first = sluice(["deploy", PIPELINE, "--yes", "--run-now", "--download", download()]);
  }, 240_000);

  it("uploads the local folder once and registers it as one data asset version", () => {
    expect(first.status, `${first.stdout}${first.stderr}`).toBe(0);
    const data = puts("data");
    expect(data.map((r) => r.path.replace(/^.*\/data\//, ""))).toEqual([expect.stringMatching(/^poem\/versions\/[0-9a-f]{16}$/)]);
    expect(data[0]?.body).toMatchObject({
      properties: {
        dataType: "uri_folder",
        dataUri: expect.stringMatching(/^azureml:\/\/datastores\/workspaceblobstore\/paths\/LocalUpload\/[0-9a-f]{32}\/data\/$/),
      },
    });
  });

  it("registers the pipeline component after the command component, naming it by ARM id", () => {
    const components = puts("components").map((r) => r.body as { properties: { componentSpec: Record<string, unknown> } });
    const kinds = components.map((c) => c.properties.componentSpec.type);
    expect(kinds).toEqual(["command", "pipeline"]);
    const jobs = components[1]?.properties.componentSpec.jobs as Record<string, { componentId: string; computeId?: string }>;
    expect(jobs.first?.componentId).toMatch(/^\/subscriptions\/.+\/components\/azureml_anonymous\/versions\//);
    expect(jobs.first?.computeId).toBe("${{parent.inputs.where}}");
  });

  it("sends pipeline nodes that read the data asset, and the job completes with both counts", () => {
    const job = azure.stack.requests().find((r) => r.method === "PUT" && r.path.includes("/jobs/"))?.body as {
      properties: { inputs: Record<string, { uri?: string }>; jobs: Record<string, { type: string; inputs: Record<string, { uri?: string }> }> };
    };
    expect(job.properties.inputs.poem?.uri).toMatch(/\/data\/poem\/versions\/[0-9a-f]{16}$/);
    expect(job.properties.jobs.from_step?.type).toBe("pipeline");
    expect(job.properties.jobs.from_step?.inputs.text?.uri).toBe(job.properties.inputs.poem?.uri);
    expect(first.stdout).toMatch(/run nested_\w+ completed/);
    expect(readFileSync(join(download(), "input_count", "count.txt"), "utf8")).toBe("4\n");
    expect(readFileSync(join(download(), "step_count", "count.txt"), "utf8")).toBe("4\n");
  });

  it("re-deploys unchanged without uploading or registering anything", () => {
    const before = azure.stack.requests().filter((r) => r.method === "PUT").length;
    const again = sluice(["deploy", PIPELINE, "--yes"]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/data {8}= poem:[0-9a-f]{16} {2}\(data: already in the datastore\)/);
    expect(azure.stack.requests().filter((r) => r.method === "PUT").length).toBe(before);
  });
});

describe("named data assets declared in the pipeline file", () => {
  const FILE = azure.project.file("asset.pipeline.ts");
  const dataPuts = () => puts("data").map((r) => r.path.replace(/^.*\/data\//, ""));
  const lastJob = () =>
    azure.stack
      .requests()
      .filter((r) => r.method === "PUT" && r.path.includes("/jobs/"))
      .at(-1)?.body as { properties: { inputs: Record<string, { uri?: string }> } };

  it("registers version 1 of each, and pins the job to it", () => {
    const r = sluice(["deploy", FILE, "--yes", "--run-now", "--download", join(box.root, "assets1")]);
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/data {8}\+ poem_ds:1 {2}\(asset-data: 1 file\(s\), 14 bytes to upload\)/);
    expect(r.stdout).toMatch(/data {8}\+ titanic_ds:1 {2}\(https:\/\/dprepdata\.blob\.core\.windows\.net\/demo\/Titanic\.csv\)/);
    expect(dataPuts()).toEqual(expect.arrayContaining(["poem_ds/versions/1", "titanic_ds/versions/1"]));
    expect(puts("data").find((p) => p.path.includes("titanic_ds"))?.body).toMatchObject({
      properties: { dataType: "uri_file", dataUri: "https://dprepdata.blob.core.windows.net/demo/Titanic.csv" },
    });
    expect(lastJob().properties.inputs.poem_ds?.uri).toMatch(/\/data\/poem_ds\/versions\/1$/);
    expect(readFileSync(join(box.root, "assets1", "count", "count.txt"), "utf8")).toBe("3\n");
    expect(readFileSync(join(box.root, "assets1", "rows", "rows.txt"), "utf8")).toBe("892");
  });

  it("keeps the version while the content is unchanged", () => {
    const before = dataPuts().length;
    const r = sluice(["deploy", FILE, "--yes"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/data {8}= poem_ds:1 {2}\(asset-data: content unchanged\)/);
    expect(dataPuts().length).toBe(before);
  });

  it("creates version 2 when a file changes, and the next run reads it", () => {
    const file = join(azure.project.dir, "asset-data", "greeting.txt");
    writeFileSync(file, `${readFileSync(file, "utf8")}four\n`);
    const r = sluice(["deploy", FILE, "--yes", "--run-now", "--download", join(box.root, "assets2")]);
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/data {8}\+ poem_ds:2 {2}\(asset-data: 1 file\(s\), 19 bytes to upload; changed since version 1\)/);
    expect(dataPuts().filter((p) => p.startsWith("poem_ds/"))).toEqual(["poem_ds/versions/1", "poem_ds/versions/2"]);
    expect(lastJob().properties.inputs.poem_ds?.uri).toMatch(/\/data\/poem_ds\/versions\/2$/);
    expect(readFileSync(join(box.root, "assets2", "count", "count.txt"), "utf8")).toBe("4\n");
  });
});

describe("an environment Azure builds from a Docker context", () => {
  const FILE = azure.project.file("build.pipeline.ts");
  const envPuts = () => puts("environments").filter((r) => (r.body as { properties: { build?: unknown } }).properties.build !== undefined);

  it("uploads the context by content, registers an anonymous version that names it, and runs", () => {
    const r = sluice(["deploy", FILE, "--yes", "--run-now", "--download", join(box.root, "built")]);
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/environment \+ CliV2AnonymousEnvironment:[0-9a-f]+… {2}\(build docker\)\n/);
    // The code and the data folder are in the datastore already (earlier deploys): only the 22-byte context goes up.
    expect(r.stdout).toMatch(/plan: 3 to create, 0 to update, 1 unchanged; 22 bytes to upload/);
    expect(envPuts()).toHaveLength(1);
    expect(envPuts()[0]?.body).toMatchObject({
      properties: { isAnonymous: true, build: { contextUri: expect.stringMatching(/\/LocalUpload\/[0-9a-f]{32}\/docker\/$/), dockerfilePath: "Dockerfile" } },
    });
    expect(readFileSync(join(box.root, "built", "count", "count.txt"), "utf8")).toMatch(/^\d+\n$/);
  });

  it("re-deploys unchanged without uploading the context again", () => {
    const r = sluice(["deploy", FILE, "--yes"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/environment = CliV2AnonymousEnvironment:[0-9a-f]+… {2}\(build docker\)\n/);
    expect(envPuts()).toHaveLength(1);
  });
});
