// How a component run lowers to a command node and its component spec: registered references
// (their version or label), run settings copied onto the node, outputs' mode, path and
// registration, the snapshot of its code, and what it declares it reads and writes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cmd, commandStep, component, dataFolder, environment, input, output, pipeline, pipelineParameter, registeredComponent } from "@sluice/dsl";
import type { CommandStepIR } from "@sluice/dsl/ir";
import { compilePipeline, type CommandNode, type ExecutionPlan } from "../src/index.ts";
import { COMMAND_KIND, referenceVersion } from "../src/kinds/command-kind.ts";
import { emitCliYaml } from "../src/yaml.ts";
import { parse } from "yaml";

const root = mkdtempSync(join(tmpdir(), "sluice-command-kind-"));
mkdirSync(join(root, "src"));
writeFileSync(join(root, "src", "train.py"), "print('ok')\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));

const env = environment("azureml:env:1");

describe("the version of a registered component reference", () => {
  it.each([
    ["azureml:train:3", "3"],
    ["azureml:train@latest", "latest"],
    ["azureml:train@prod", "prod"],
    ["azureml:train", "latest"],
    ["train:12", "12"],
    ["azureml://registries/azureml/components/train/versions/0.0.4", "0.0.4"],
    ["azureml://registries/azureml/components/train/labels/default", "default"],
  ])("%s → %s", (reference, version) => {
    expect(referenceVersion(reference)).toBe(version);
  });
});

function compile(build: () => object): ExecutionPlan {
  const result = compilePipeline(pipeline({ name: "p", defaultCompute: "cpu" }, build as () => never).toIR());
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result.model;
}
const node = (plan: ExecutionPlan, key: string) => plan.nodes.find((n) => n.key === key) as CommandNode;
const spec = (plan: ExecutionPlan, key: string) => plan.components.find((c) => c.id === node(plan, key).component);

describe("a registered component run", () => {
  const reg = registeredComponent("azureml:prep@prod", { inputs: { n: input.integer() }, outputs: { out: output.uriFolder() } });
  const registry = registeredComponent("azureml://registries/azureml/components/score/versions/2", { outputs: { out: output.uriFolder() } });
  // Compiled inside each test (not at load), so mutation testing sees every mutant.
  const plan = () =>
    compile(() => {
      const a = reg({ name: "prep", inputs: { n: 3 } });
      registry({ name: "score" });
      return { out: a.outputs.out };
    });

  it("keeps the reference and its interface, with no command, environment or code of its own", () => {
    expect(spec(plan(), "prep")).toMatchObject({
      name: "prep",
      named: true,
      command: "",
      environment: "",
      reference: "azureml:prep@prod",
      isDeterministic: true,
      inputs: { n: { type: "integer" } },
      outputs: { out: { type: "uri_folder" } },
    });
    expect(spec(plan(), "prep")?.code).toBeUndefined();
    expect(spec(plan(), "prep")?.version).toBe("prod");
    expect(spec(plan(), "score")?.version).toBe("2");
    expect(plan().codeSnapshots).toEqual([]);
    expect(plan().environments).toEqual([]);
  });
});

describe("an inline command step", () => {
  // Compiled inside each test (not at load), so mutation testing sees every mutant.
  const plan = () =>
    compile(() => {
      const a = commandStep({
        name: "train",
        displayName: "Train it",
        code: join(root, "src"),
        environment: env,
        inputs: { lr: pipelineParameter("lr", 0.1), epochs: 3 },
        outputs: { model: output.uriFolder(), report: output.uriFile(), data: output.uriFolder() },
        outputSettings: {
          report: { mode: "upload", path: "azureml://datastores/blob/paths/report.txt" },
          data: { name: "prepared", version: "4" },
        },
        command: ({ inputs, outputs }) => cmd`python train.py ${inputs.lr} ${inputs.epochs} ${outputs.model} ${outputs.report} ${outputs.data}`,
        resources: { instanceCount: 2, shmSize: "2g" },
        distribution: { type: "pytorch", processCountPerInstance: 4 },
        timeoutSeconds: 600,
        environmentVariables: { SEED: "1" },
      });
      return { model: a.outputs.model };
    });
  const train = () => node(plan(), "train");

  it("copies its run settings onto the node", () => {
    expect(train().displayName).toBe("Train it");
    expect(train().resources).toEqual({ instanceCount: 2, shmSize: "2g" });
    expect(train().distribution).toEqual({ type: "pytorch", processCountPerInstance: 4 });
    expect(train().timeoutSeconds).toBe(600);
    expect(train().environmentVariables).toEqual({ SEED: "1" });
  });

  it("gives an exposed output its pipeline output, an inner one its mode and path, a registered one its name and version", () => {
    expect(train().outputs.model).toMatchObject({ pipelineOutput: "model" });
    expect(train().outputs.report).toMatchObject({ mode: "upload", path: "azureml://datastores/blob/paths/report.txt" });
    expect(train().outputs.report?.register).toBeUndefined();
    expect(train().outputs.data).toMatchObject({ register: { name: "prepared", version: "4" } });
    expect(train().outputs.data?.mode).toBeUndefined();
  });

  it("snapshots its code and is an anonymous component of its own command and environment", () => {
    const c = spec(plan(), "train");
    expect(c?.named).toBe(false);
    expect(c?.command).toBe("python train.py ${{inputs.lr}} ${{inputs.epochs}} ${{outputs.model}} ${{outputs.report}} ${{outputs.data}}");
    expect(c?.environment).toBe(plan().environments[0]?.id);
    expect(c?.code).toBe(plan().codeSnapshots[0]?.id);
    expect(plan().codeSnapshots[0]?.path).toBe(join(root, "src"));
    expect(c?.reference).toBeUndefined();
  });

  it("states, as the SDK does for an inline command, its literals as defaults and its outputs' modes on its component", () => {
    const c = spec(plan(), "train");
    expect(c?.inputs).toEqual({ lr: { type: "number" }, epochs: { type: "integer", default: 3 } });
    expect(c?.outputs).toEqual({ model: { type: "uri_folder" }, report: { type: "uri_file", mode: "upload" }, data: { type: "uri_folder" } });
  });

  it("reads its parameter and literal through bindings", () => {
    expect(train().inputs.lr?.binding).toEqual({ kind: "parent-input", name: "lr" });
    expect(train().inputs.epochs?.binding).toEqual({ kind: "literal", value: "3" });
  });
});

describe("a named component", () => {
  const train = component({
    name: "train_named",
    version: "7",
    displayName: "Named",
    description: "what it does",
    isDeterministic: false,
    environment: env,
    inputs: { n: input.integer({ default: 1 }) },
    outputs: { out: output.uriFolder() },
    command: ({ inputs, outputs }) => cmd`echo ${inputs.n} > ${outputs.out}/n`,
  });
  // Compiled inside each test (not at load), so mutation testing sees every mutant.
  const plan = () =>
    compile(() => {
      const a = train({ name: "one" });
      return { out: a.outputs.out };
    });

  it("keeps its version, display name, description and determinism, and has no code", () => {
    expect(spec(plan(), "one")).toMatchObject({
      name: "train_named",
      named: true,
      version: "7",
      displayName: "Named",
      description: "what it does",
      isDeterministic: false,
    });
    expect(spec(plan(), "one")?.code).toBeUndefined();
    expect(plan().codeSnapshots).toEqual([]);
  });
});

describe("what a component run declares to the compiler's checks", () => {
  const both = component({
    name: "typed",
    environment: env,
    code: join(root, "src"),
    inputs: { n: input.integer(), x: input.number(), s: input.string(), b: input.boolean(), d: input.uriFolder() },
    outputs: { out: output.uriFile() },
    command: ({ inputs, outputs }) => cmd`run ${inputs.n} ${inputs.x} ${inputs.s} ${inputs.b} ${inputs.d} ${outputs.out}`,
  });
  const reg = registeredComponent("azureml:reg:1", { inputs: { n: input.integer() }, outputs: { out: output.uriFolder() } });
  const ir = () =>
    pipeline({ name: "p", defaultCompute: "cpu" }, () => {
      const a = both({
        name: "a",
        inputs: {
          n: pipelineParameter("n", 1),
          x: pipelineParameter("x", 0.5),
          s: pipelineParameter("s", "t"),
          b: pipelineParameter("b", true),
          d: dataFolder("./d"),
        },
        outputs: { out: { mode: "upload", path: "azureml://datastores/x/paths/o.txt" } },
      });
      reg({ name: "r", inputs: { n: 3 } });
      return { out: a.outputs.out };
    }).toIR();
  const step = (name: string) => ir().steps.find((s) => s.name === name) as CommandStepIR;

  it("reads each input typed by the component: numbers for integers, nothing expected of data or literals", () => {
    const reads = COMMAND_KIND.reads(step("a"));
    expect(reads.map((r) => [r.slot, r.named, r.expects])).toEqual([
      ["n", true, "number"],
      ["x", true, "number"],
      ["s", true, "string"],
      ["b", true, "boolean"],
      ["d", true, undefined],
    ]);
    expect(COMMAND_KIND.reads(step("r")).map((r) => [r.slot, r.expects])).toEqual([["n", undefined]]);
  });

  it("writes each output with the component's type and the step's mode and path", () => {
    const [out] = COMMAND_KIND.writes(step("a"), new Set());
    expect(out).toMatchObject({ port: "out", type: "uri_file", declared: false, mode: "upload", path: "azureml://datastores/x/paths/o.txt" });
    const [plain] = COMMAND_KIND.writes(step("r"), new Set());
    expect(plain).toMatchObject({ port: "out", type: "uri_folder" });
    expect(plain?.mode).toBeUndefined();
    expect(plain?.path).toBeUndefined();
  });

  it("has code and an environment of its own only when it is not a registered component", () => {
    expect(COMMAND_KIND.code(step("a"))).toEqual({ dir: join(root, "src"), written: join(root, "src"), builtin: false });
    expect(COMMAND_KIND.environment(step("a"))).toEqual(step("a").component.environment);
    expect(COMMAND_KIND.code(step("r"))).toBeUndefined();
    expect(COMMAND_KIND.environment(step("r"))).toBeUndefined();
  });
});

describe("a component's own machines, distribution and tags", () => {
  const tf = component({
    name: "tf",
    environment: env,
    command: () => cmd`echo $TF_CONFIG`,
    resources: { instanceCount: 2 },
    distribution: { type: "tensorflow", workerCount: 2 },
    tags: { team: "ml" },
  });
  const plan = () =>
    compile(() => {
      tf({ name: "inherits" });
      tf({ name: "overrides", resources: { instanceCount: 4 }, distribution: { type: "pytorch", processCountPerInstance: 1 } });
      return {};
    });

  it("are copied to a node that sets none of its own, as the SDK sends it; a node's own win", () => {
    expect(node(plan(), "inherits")).toMatchObject({ resources: { instanceCount: 2 }, distribution: { type: "tensorflow", workerCount: 2 } });
    expect(node(plan(), "overrides")).toMatchObject({ resources: { instanceCount: 4 }, distribution: { type: "pytorch", processCountPerInstance: 1 } });
  });

  it("stay on the component spec, written in the component's YAML with TensorFlow's parameter servers stated", () => {
    const c = spec(plan(), "inherits");
    expect(c).toMatchObject({ resources: { instanceCount: 2 }, distribution: { type: "tensorflow", workerCount: 2 }, tags: { team: "ml" } });
    const yaml = parse(emitCliYaml(plan(), root)).jobs.inherits.component;
    expect([yaml.resources, yaml.distribution, yaml.tags]).toEqual([
      { instance_count: 2 },
      { type: "tensorflow", worker_count: 2, parameter_server_count: 0 },
      { team: "ml" },
    ]);
  });
});

describe("an image environment with a name", () => {
  const run = (env: ReturnType<typeof environment>) =>
    compile(() => {
      commandStep({ name: "prep", environment: env, command: () => cmd`echo`, compute: "cpu" });
      return {};
    });

  it("is registered under its name and the version its author gave, and written so in the YAML", () => {
    const plan = run(environment({ name: "prep-env", version: "1", image: "python:3.11" }));
    expect(plan.environments).toEqual([{ id: "prep-env:1", kind: "image", image: "python:3.11", version: "1", name: "prep-env" }]);
    expect(parse(emitCliYaml(plan, root)).jobs.prep.component.environment).toEqual({ name: "prep-env", version: "1", image: "python:3.11" });
  });

  it("without a version takes its content's, which an unnamed one shares", () => {
    const named = run(environment({ name: "prep-env", image: "python:3.11" })).environments[0];
    const anonymous = run(environment({ image: "python:3.11" })).environments[0];
    expect(named?.id).toMatch(/^prep-env:[0-9a-f]+$/);
    expect(anonymous?.id).toMatch(/^CliV2AnonymousEnvironment:/);
    if (named?.kind !== "image" || anonymous?.kind !== "image") throw new Error("both are image environments");
    expect(named.version).toBe(anonymous.version.replace(/-/g, ""));
    expect(parse(emitCliYaml(run(environment({ image: "python:3.11" })), root)).jobs.prep.component.environment).toEqual({ image: "python:3.11" });
  });
});
