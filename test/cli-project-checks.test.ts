// What `sluice check` (and `run`/`plan`) knows beyond one pipeline file: the project's
// sluice.config.json (a misspelled input or key is named, located, with the name it meant) and
// the models deployments serve (one that nothing registers is most likely misspelled).
import { writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { copyProject, sandbox } from "./helpers/local-sandbox.ts";

const box = sandbox();
const project = copyProject("test/fixtures/local");
afterAll(() => {
  box.cleanup();
  project.cleanup();
});
const config = (text: string) => writeFileSync(`${project.dir}/sluice.config.json`, text);

describe("sluice.config.json mistakes", () => {
  it("a misspelled input is a located SL503 warning with the input it meant, in check and plan", () => {
    config(`{\n  "inputs": {\n    "web_dta": "src/write_ok.py"\n  }\n}\n`);
    const file = project.file("web.pipeline.ts");
    for (const command of [["check", "--no-types"], ["plan"]]) {
      const r = box.sluice([...command, file]);
      expect(r.stderr).toMatch(
        /sluice\.config\.json:3:5 \[sluice\.config\.json\] SL503 warning: inputs\.web_dta is not a data input of pipeline web_demo \(did you mean 'web_data'\?\), and 'web_data' has no local stand-in\n {2}hint: rename the key to "web_data"/,
      );
    }
  });

  it("a correct name, or a name of another pipeline while this one is fully mapped, says nothing", () => {
    config(`{ "inputs": { "web_data": "src/write_ok.py", "titanic_ds": "x.csv" } }\n`);
    const r = box.sluice(["check", "--no-types", project.file("web.pipeline.ts")]);
    expect([r.status, r.stderr, r.stdout]).toEqual([0, "", "web_demo: 1 step, no problems\n"]);
  });

  it("a parameter of the pipeline under inputs is a located SL503 warning saying a local run ignores it, in check and plan", () => {
    config(`{\n  "inputs": {\n    "name": "x"\n  }\n}\n`);
    const file = project.file("args.pipeline.ts");
    for (const command of [["check", "--no-types"], ["plan"]]) {
      const r = box.sluice([...command, file]);
      expect(r.stderr).toContain(
        "sluice.config.json:3:5 [sluice.config.json] SL503 warning: inputs.name is a parameter of pipeline args_demo, not a data input: a local run ignores it\n  hint: inputs maps data inputs to local files; give the parameter with --param name=<value> (or change its default)\n",
      );
    }
  });

  it("--input maps the input too: no warning then", () => {
    config(`{ "inputs": { "web_dta": "src/write_ok.py" } }\n`);
    const r = box.sluice(["plan", project.file("web.pipeline.ts"), "--input", "web_data=test/fixtures/local/src/write_ok.py"]);
    expect(r.stderr).not.toContain("SL503");
  });

  it("an unknown top-level key is one located usage line with the key it meant", () => {
    config(`{\n  "inptus": { "web_data": "src/write_ok.py" }\n}\n`);
    const r = box.sluice(["check", "--no-types", project.file("web.pipeline.ts")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^sluice: .*sluice\.config\.json:2:3: unknown key 'inptus' \(did you mean 'inputs'\?\)\n {2}hint: allowed keys: inputs/);
  });
});

describe("sluice.config.json values", () => {
  const plan = () => box.sluice(["plan", project.file("web.pipeline.ts")]);
  const cfg = `${project.dir}/sluice.config.json`;

  it("text that is not JSON is located, with the reason only", () => {
    config('{"inputs": {"web_data": "x", }}');
    expect([plan().status, plan().stderr]).toEqual([
      2,
      `sluice: ${cfg}:1:30: not valid JSON: expected double-quoted property name\n  hint: sluice.config.json is plain JSON: keys in double quotes, no trailing commas or comments, e.g. { "inputs": { "iris": "data/iris.csv" } }\n`,
    ]);
  });

  it.each([
    ['{"inputs":{"iris":42}}', ":1:12: inputs.iris must be a path (a string), got 42", "map each data input to a local file or folder"],
    ['{\n  "inputs": []\n}', ":2:3: inputs must be an object of input name → path, got []", 'e.g. "inputs": { "iris": "data/iris.csv" }'],
    ['{"parallelism":"lots"}', ':1:2: parallelism must be a whole number ≥ 1, got "lots"', 'how many steps run at once locally, e.g. "parallelism": 4'],
  ])("a value of the wrong type (%s) says what the key takes and what it got", (text, message, hint) => {
    config(text);
    const r = plan();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^sluice: ${cfg}${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n {2}hint: `));
    expect(r.stderr).toContain(hint);
    expect(r.stderr).not.toMatch(/allowed keys|Invalid input/);
  });

  it("an input mapped to a file that does not exist says to fix the mapping, not to make one", () => {
    config('{\n  "inputs": {\n    "web_data": "nope.csv"\n  }\n}\n');
    expect([plan().status, plan().stderr]).toEqual([
      2,
      `sluice: ${cfg}:3:5: data input 'web_data' is mapped to '${project.dir}/nope.csv', which does not exist\n  hint: fix the path in sluice.config.json or create the file\n`,
    ]);
  });
});

const SERVED = (
  served: string,
) => `import { autoMLStep, onlineDeployment, onlineEndpoint, outputFileDataset, pipeline, pythonScriptStep, registeredModel, registerModelStep } from "@sluice/dsl";

const petals = onlineEndpoint({
  name: "petals",
  deployments: [onlineDeployment({ name: "blue", model: registeredModel("${served}"), instanceType: "Standard_DS3_v2" })],
});

export default pipeline({ name: "served", defaultCompute: "local", endpoints: [petals] }, () => {
  const table = outputFileDataset("table");
  pythonScriptStep({ name: "prep", sourceDirectory: "./src", script: "write_ok.py", arguments: ["--out", table] });
  const train = autoMLStep({ name: "train", task: "classification", trainingData: table.readDelimitedFiles(), labelColumn: "y" });
  registerModelStep({ name: "register", model: train.outputs.bestModel, modelName: "petals_model" });
});
`;

describe("a deployment's model", () => {
  it("a model no step registers (and not in the local registry) is a located SL504 warning with the name it meant", () => {
    config("{}\n");
    writeFileSync(`${project.dir}/served.pipeline.ts`, SERVED("petal_model"));
    const r = box.sluice(["check", "--no-types", project.file("served.pipeline.ts")]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /served\.pipeline\.ts:5:\d+ \[petals\/blue\] SL504 warning: deployment 'blue' of endpoint 'petals' serves model 'petal_model', which no register step of pipeline served registers and the local registry does not hold\n {2}hint: did you mean registeredModel\("petals_model"\) \(registered by step 'register'\)\?/,
    );
    expect(r.stdout).toBe("served: 3 steps, 1 warning\n");
  });

  it("the model the register step registers passes", () => {
    writeFileSync(`${project.dir}/served.pipeline.ts`, SERVED("petals_model"));
    const r = box.sluice(["check", "--no-types", project.file("served.pipeline.ts")]);
    expect([r.status, r.stderr]).toEqual([0, ""]);
  });
});
