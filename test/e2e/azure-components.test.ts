// Command components deployed to the emulated workspace: the named one registered under its own
// name and version, the anonymous one by content; the job run by the emulator, outputs fetched.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useAzureStack } from "../helpers/azure-stack.ts";

const azure = useAzureStack({ project: "test/fixtures/components" });
const { box, sluice } = azure;
const PIPELINE = azure.project.file("components.pipeline.ts");
const puts = (kind: string) => azure.stack.requests().filter((r) => r.method === "PUT" && r.path.includes(`/${kind}/`));

describe("component pipelines on an Azure ML workspace (emulator + Azurite)", () => {
  let first: ReturnType<typeof sluice>;
  const download = () => join(box.root, "downloads");

  beforeAll(() => {
    first = sluice(["deploy", PIPELINE, "--yes", "--run-now", "--param", "times=5", "--download", download()]);
  }, 240_000);

  it("registers the named component under its version, the anonymous one by content, and the job completes", () => {
    expect(first.status, `${first.stdout}${first.stderr}`).toBe(0);
    expect(first.stdout).toMatch(/run components_\w+ completed/);
    const paths = puts("components").map((r) => r.path);
    expect(paths.some((p) => p.includes("/components/write_greeting/versions/1"))).toBe(true);
    expect(paths.some((p) => /\/components\/azureml_anonymous\/versions\/[0-9a-f-]{36}/.test(p))).toBe(true);
  });

  it("passes the parameter override and the component default to the command", () => {
    expect(readFileSync(join(download(), "line_count", "count.txt"), "utf8")).toBe("5\n");
    expect(readFileSync(join(download(), "line_count_again", "count.txt"), "utf8")).toBe("5\n");
  });

  it("refuses a step's missing local data folder before sending anything", () => {
    const file = join(azure.project.dir, "local-data.pipeline.ts");
    writeFileSync(
      file,
      readFileSync(join(azure.project.dir, "components.pipeline.ts"), "utf8")
        .replace("{ cmd, commandStep, component,", "{ cmd, commandStep, component, dataFolder,")
        .replace("inputs: { text: written.outputs.text }", 'inputs: { text: dataFolder("./missing") }'),
    );
    const before = azure.stack.requests().filter((r) => r.method === "PUT").length;
    const r = sluice(["deploy", azure.project.file("local-data.pipeline.ts"), "--yes", "--run-now"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/local-data\.pipeline\.ts:\d+:\d+ \[components\/count\] SL\d+ .*missing/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(azure.stack.requests().filter((x) => x.method === "PUT").length).toBe(before);
  });

  it("runs a component registered earlier by label, pinning @latest in the plan, and refuses one that does not exist", () => {
    const file = join(azure.project.dir, "registered.pipeline.ts");
    writeFileSync(
      file,
      [
        'import { input, output, pipeline, registeredComponent } from "@sluice/dsl";',
        'const write = registeredComponent("azureml:write_greeting@latest", {',
        '  inputs: { greeting: input.string({ default: "hello" }), times: input.integer() },',
        "  outputs: { text: output.uriFolder() },",
        "});",
        'export default pipeline({ name: "registered", defaultCompute: "cpu-cluster" }, () => {',
        '  const written = write({ name: "write", inputs: { times: 2 } });',
        "  return { text: written.outputs.text };",
        "});",
        "",
      ].join("\n"),
    );
    const components = puts("components").length;
    const r = sluice(["deploy", azure.project.file("registered.pipeline.ts"), "--yes", "--run-now", "--download", join(box.root, "registered")]);
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/component {3}= write_greeting:1 {2}\(registered already\)\n {2}pinned: component write_greeting@latest → 1\n/);
    expect(readFileSync(join(box.root, "registered", "text", "greeting.txt"), "utf8")).toBe("hello\nhello\n");
    expect(puts("components").length).toBe(components);
    const job = azure.stack
      .requests()
      .filter((x) => x.method === "PUT" && x.path.includes("/jobs/"))
      .at(-1)?.body as { properties: { jobs: Record<string, { componentId: string }> } };
    expect(job.properties.jobs.write?.componentId).toMatch(/\/components\/write_greeting\/versions\/1$/);
    // Declared ports the registered component does not have are refused before anything is sent.
    const good = readFileSync(file, "utf8");
    writeFileSync(
      file,
      good
        .replace("times: input.integer() }", "times: input.integer(), nope: input.string({ optional: true }) }")
        .replace("text: output.uriFolder() }", "text: output.uriFolder(), extra: output.uriFolder() }"),
    );
    const beforeWrong = azure.stack.requests().filter((x) => x.method === "PUT").length;
    const wrong = sluice(["deploy", azure.project.file("registered.pipeline.ts"), "--yes", "--run-now"]);
    expect(wrong.status, wrong.stdout).toBe(1);
    expect(wrong.stderr).toMatch(
      /^sluice: component azureml:write_greeting@latest \(version 1 in workspace \S+\) differs from what this pipeline declares: it has no input 'nope' \(its inputs: greeting, shout, times\); it has no output 'extra' \(its outputs: text\)\n {2}hint: make registeredComponent/m,
    );
    expect(azure.stack.requests().filter((x) => x.method === "PUT").length).toBe(beforeWrong);
    writeFileSync(file, good.replace("azureml:write_greeting@latest", "azureml:nope:7"));
    const before = azure.stack.requests().filter((x) => x.method === "PUT").length;
    const missing = sluice(["deploy", azure.project.file("registered.pipeline.ts"), "--yes", "--run-now"]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/^sluice: component azureml:nope:7 does not exist in workspace \S+\n {2}hint: register it first/m);
    expect(azure.stack.requests().filter((x) => x.method === "PUT").length).toBe(before);
  });

  it("re-deploys unchanged without creating component versions", () => {
    const before = puts("components").length;
    const again = sluice(["deploy", PIPELINE, "--yes"]);
    expect(again.status, again.stderr).toBe(0);
    expect(puts("components").length).toBe(before);
  });
});
