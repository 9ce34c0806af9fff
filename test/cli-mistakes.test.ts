// Every mistake a user can make at the command line is one line (plus a hint) and the exit code
// the README lists: never a stack trace, never a raw library error, and nothing is changed.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyProject, sandbox, TITANIC_CSV } from "./helpers/local-sandbox.ts";
import { REPO_ROOT } from "./helpers/run-node.ts";

const box = sandbox();
const project = copyProject("test/fixtures/local");
afterAll(() => {
  box.cleanup();
  project.cleanup();
});
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |ZodError|node:internal|Error: /);
const runsCount = () => (existsSync(join(box.env.SLUICE_STATE_DIR, "runs")) ? readdirSync(join(box.env.SLUICE_STATE_DIR, "runs")).length : 0);

describe("command-line mistakes", () => {
  it.each([["-1"], ["1.5"], ["0"], ["many"]])("--parallel %s is refused before anything runs", (value) => {
    const r = box.sluice(["run", project.file("parallel.pipeline.ts"), "--parallel", value]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^sluice: option '--parallel <n>' argument '${value.replace(".", "\\.")}' is invalid\\. expected a whole number ≥ 1\\.\\n {2}hint: sluice run --help\\n$`,
      ),
    );
    expect(runsCount()).toBe(0);
  });

  it("a pipeline with errors stops plan, serve, invoke and endpoint keys without saying 'nothing was run'", () => {
    writeFileSync(join(project.dir, "nothing.pipeline.ts"), "export const notAPipeline = 1;\n");
    const file = project.file("nothing.pipeline.ts");
    const last = (args: string[]) => {
      const r = box.sluice(args);
      return [r.status, r.stderr.trimEnd().split("\n").at(-1)];
    };
    expect(last(["run", file])).toEqual([1, "sluice: the pipeline has errors; nothing was run"]);
    expect(last(["plan", file])).toEqual([1, "sluice: the pipeline has errors; sluice plan did nothing"]);
    expect(last(["serve", file])).toEqual([1, "sluice: the pipeline has errors; sluice serve did nothing"]);
    writeFileSync(join(project.dir, "request.json"), "{}");
    expect(last(["invoke", file, "--data", join(project.dir, "request.json")])).toEqual([1, "sluice: the pipeline has errors; sluice invoke did nothing"]);
    expect(last(["endpoint", "keys", file])).toEqual([1, "sluice: the pipeline has errors; sluice endpoint did nothing"]);
    expect(runsCount()).toBe(0);
  });

  it("compile of a folder with two pipelines of one name still shows the other files' diagnostics, then the clash", () => {
    const dir = join(project.dir, "clash");
    mkdirSync(dir, { recursive: true });
    const same = 'import { pipeline } from "@sluice/dsl";\nexport default pipeline({ name: "same", defaultCompute: "local" }, () => ({}));\n';
    writeFileSync(join(dir, "a.pipeline.ts"), "export const notAPipeline = 1;\n");
    writeFileSync(join(dir, "b.pipeline.ts"), same);
    writeFileSync(join(dir, "c.pipeline.ts"), same);
    const r = box.sluice(["compile", dir, "--out", join(box.root, "clash-out")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/a\.pipeline\.ts:1:1 \[pipeline\] SL006 the file exports no pipeline\n/);
    expect(r.stderr).toMatch(/\nsluice: two pipelines are named 'same' \(.*b\.pipeline\.ts and .*c\.pipeline\.ts\)\n {2}hint: /);
  });

  it("a web input a local run cannot fetch (ftp://) is one usage line saying so, not 'unknown scheme' as a network failure", () => {
    const r = box.sluice(["run", project.file("web.pipeline.ts")], { DATA_URL: "ftp://example.com/data.csv" });
    expect([r.status, r.stderr.split("\n").slice(0, 2)]).toEqual([
      2,
      [
        "sluice: data input 'web_data' is ftp://example.com/data.csv, which a local run cannot download (it fetches http and https URLs)",
        '  hint: map it to a local file: --input web_data=<path>, or "inputs": { "web_data": "<path>" } in sluice.config.json',
      ],
    ]);
    expect(runsCount()).toBe(0);
  });

  it("compile --out, outputs --download and deploy --download naming a file say so (deploy before running), not 'a part of the path is a file'", () => {
    const file = join(box.root, "a-file");
    writeFileSync(file, "x");
    const compiled = box.sluice(["compile", project.file("parallel.pipeline.ts"), "--out", file]);
    expect([compiled.status, compiled.stderr.split("\n")[0]]).toEqual([2, `sluice: --out ${file} is a file: give a folder`]);
    const downloaded = box.sluice(["outputs", "latest", "out", "--download", file]);
    expect([downloaded.status, downloaded.stderr.split("\n")[0]]).toEqual([2, `sluice: --download ${file} is a file: give a folder`]);
    // deploy --run-now says so before it runs anything, not after the whole run.
    const deployed = box.sluice(["deploy", project.file("parallel.pipeline.ts"), "--run-now", "--download", file]);
    expect([deployed.status, deployed.stderr.split("\n")[0]]).toEqual([2, `sluice: --download ${file} is a file: give a folder`]);
    expect(runsCount()).toBe(0);
  });

  it("refuses --param values Azure would refuse, and unknown or mistyped parameters, naming them", () => {
    const file = project.file("args.pipeline.ts");
    const empty = box.sluice(["run", file, "--param", "name=-"]);
    expect([empty.status, empty.stderr]).toEqual([
      2,
      "sluice: --param name: the value '-' has no letter, digit or '_', which Azure ML refuses for a pipeline input\n  hint: give name a value with at least one letter, digit or '_'\n",
    ]);
    const twice = box.sluice(["run", file, "--param", "name=a", "--param", "name=b"]);
    expect([twice.status, twice.stderr]).toEqual([2, "sluice: --param name is given twice, as 'a' and 'b'\n  hint: give --param name=… once\n"]);
    const unknown = box.sluice(["run", file, "--param", "nope=1"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^sluice: the pipeline has no parameter 'nope'\n {2}hint: parameters: /);
    expect(runsCount()).toBe(0);
  });

  it("a missing --input file and an unknown model exit 2 (misuse)", () => {
    const missing = box.sluice(["run", "examples/titanic-automl/titanic.pipeline.ts", "--input", "titanic_ds=/no/such/file.csv"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^sluice: data input 'titanic_ds' is mapped to '\/no\/such\/file\.csv', which does not exist\n {2}hint: /);
    const twice = box.sluice(["run", "examples/titanic-automl/titanic.pipeline.ts", "--input", "titanic_ds=a.csv", "--input", "titanic_ds=b.csv"]);
    expect([twice.status, twice.stderr.split("\n")[0]]).toEqual([2, "sluice: --input titanic_ds is given twice, as 'a.csv' and 'b.csv'"]);
    // A parameter given as --input, and a data input as --param: the hint names the flag that fits.
    const asInput = box.sluice(["run", project.file("args.pipeline.ts"), "--input", "name=x.csv"]);
    expect([asInput.status, asInput.stderr]).toEqual([
      2,
      "sluice: the pipeline has no data input 'name'\n  hint: 'name' is a parameter: --param name=<value>\n",
    ]);
    const asParam = box.sluice(["run", "examples/titanic-automl/titanic.pipeline.ts", "--param", "titanic_ds=x.csv"]);
    expect([asParam.status, asParam.stderr.split("\n")[1]]).toEqual([2, "  hint: 'titanic_ds' is a data input: --input titanic_ds=<path to a file or folder>"]);
    const model = box.sluice(["models", "show", "nope"]);
    expect(model.status).toBe(2);
    expect(model.stderr).toMatch(/^sluice: no model 'nope' in .* \(SLUICE_STATE_DIR\)\n/);
    noStack(missing.stderr + model.stderr);
  });

  it("ui and report refuse bad flags, unknown runs and paths they cannot write, in one line", () => {
    // A sandbox of its own: it runs a pipeline, and other cases count this file's runs.
    const own = sandbox();
    const missingOut = own.sluice(["report", "latest"]);
    expect([missingOut.status, missingOut.stderr]).toEqual([2, "sluice: sluice report needs --out <file.html>\n"]);
    const unknown = own.sluice(["report", "no-such-run", "--out", join(own.root, "r.html")]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^sluice: no run 'no-such-run' in .*\n {2}hint: /);
    // A run to report, then an --out whose folder is a file.
    expect(own.sluice(["run", project.file("parallel.pipeline.ts")]).status).toBe(0);
    const file = join(own.root, "a-file");
    writeFileSync(file, "x");
    const blocked = own.sluice(["report", "latest", "--out", join(file, "r.html")]);
    expect([blocked.status, blocked.stderr]).toEqual([2, `sluice: cannot write ${file}: a part of the path is a file, not a folder\n`]);
    noStack(blocked.stderr);
    const port = own.sluice(["ui", "--port", "0x"]);
    expect(port.status).toBe(2);
    expect(port.stderr).toMatch(/^sluice: option '--port <p>' argument '0x' is invalid/);
    own.cleanup();
  });

  it("serve, invoke and endpoint refuse what they cannot do in one line", () => {
    const serving = "test/fixtures/serving/serving.pipeline.ts";
    const none = box.sluice(["serve", project.file("parallel.pipeline.ts")]);
    expect([none.status, none.stderr]).toEqual([
      2,
      "sluice: pipeline parallel_demo has no online endpoint\n  hint: declare one with onlineEndpoint(...) in pipeline({ endpoints: [...] })\n",
    ]);
    const unknown = box.sluice(["serve", serving, "--endpoint", "nope"]);
    expect(unknown.stderr).toBe("sluice: pipeline iris_serving has no online endpoint 'nope'\n  hint: its online endpoints: iris-endpoint\n");
    const port = box.sluice(["serve", serving, "--port", "http"]);
    expect(port.status).toBe(2);
    expect(port.stderr).toMatch(/^sluice: option '--port <p>' argument 'http' is invalid/);
    // Nothing registered yet in this sandbox: every deployment fails, and serve says why and stops.
    const unregistered = box.sluice(["serve", serving]);
    expect(unregistered.status).toBe(1);
    expect(unregistered.stdout).toContain(
      "  blue  40%  model iris-classifier:latest  failed: model iris-classifier has no version in the local registry (run the pipeline that registers it) (no traffic)\n",
    );
    expect(unregistered.stderr).toMatch(/^sluice: no deployment of endpoint iris-endpoint could start\n {2}hint: the scoring logs are in /);
    const noData = box.sluice(["invoke", serving]);
    expect([noData.status, noData.stderr.split("\n")[0]]).toEqual([2, "sluice: sluice invoke needs --data <request.json>"]);
    const missing = box.sluice(["invoke", serving, "--data", "/no/such.json"]);
    expect(missing.stderr).toBe("sluice: /no/such.json does not exist\n");
    const action = box.sluice(["endpoint", "rotate", serving]);
    expect([action.status, action.stderr]).toEqual([2, "sluice: unknown action 'rotate'\n  hint: sluice endpoint keys <file> [--endpoint name]\n"]);
    noStack(none.stderr + unknown.stderr + unregistered.stderr + noData.stderr + missing.stderr + action.stderr);
  });

  it("deploy --dry-run without a workspace says so, prints the local plan and changes nothing", () => {
    const before = runsCount();
    // A cache of its own, so anything the dry run writes there would show.
    const cache = join(box.root, "dry-run-cache");
    const r = box.sluice(["deploy", "examples/titanic-automl/titanic.pipeline.ts", "--dry-run", "--no-types", "--input", `titanic_ds=${TITANIC_CSV}`], {
      SLUICE_CACHE_DIR: cache,
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("no Azure workspace configured (flags, AZUREML_WORKSPACE_NAME or config.json): nothing to deploy; a local run would do this\n");
    expect(r.stdout).toMatch(
      /^dataprep: RUN — .*\nsplit: RUN — .*\nAutoML_Classification: RUN — .*\nregister_model: RUN — reuse disabled \(allowReuse: false\)\npromote: RUN — reuse disabled \(allowReuse: false\)\n$/,
    );
    expect(runsCount()).toBe(before);
    expect(existsSync(join(box.env.SLUICE_STATE_DIR, "registry"))).toBe(false);
    expect(existsSync(cache) ? readdirSync(cache, { recursive: true }) : []).toEqual([]);
  });

  it("compile never writes outside --out, whatever the pipeline is named", () => {
    const root = mkdtempSync(join(tmpdir(), "sluice-out-"));
    const out = join(root, "a", "b");
    mkdirSync(out, { recursive: true });
    const r = box.sluice(["compile", "test/corpus/broken/39-pipeline-name.pipeline.ts", "--out", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("SL107 pipeline name '../../oops' is not valid in Azure ML");
    expect(readdirSync(root)).toEqual(["a"]);
    expect(readdirSync(out)).toEqual([]);
    rmSync(root, { recursive: true });
  });

  it("a reader that closes the pipe early (sluice runs | head) ends it quietly", async () => {
    const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", join(REPO_ROOT, "packages/runtime/src/cli/main.ts"), "--help"], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...box.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((r) => child.on("close", (c) => r(c)));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  it("deploy type-checks the pipeline file before anything else, and stops on a type error", () => {
    const file = join(project.dir, "typed.pipeline.ts");
    writeFileSync(
      file,
      `import { pipeline, pythonScriptStep, outputFileDataset } from "@sluice/dsl";
export default pipeline({ name: "typed", defaultCompute: "local" }, () => {
  const out = outputFileDataset("out");
  pythonScriptStep({ name: "s", sourceDirectory: "./src", script: "write_ok.py", arguments: ["--out", out], timeoutSeconds: "soon" });
  return { out };
});
`,
    );
    const r = box.sluice(["deploy", project.file("typed.pipeline.ts")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("[typescript] TS2322 Type 'string' is not assignable to type 'number'.");
    expect(r.stderr).toContain(
      "sluice: the pipeline file has TypeScript errors; nothing was deployed\n  hint: fix them (sluice check shows them too), or pass --no-types to deploy anyway\n",
    );
    expect(runsCount()).toBe(0);
  });
});
