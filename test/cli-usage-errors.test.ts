// A mistake in the command line itself (an unknown option or command, a missing argument, a bad
// flag value, a folder where one pipeline is needed) is one line and a hint, exit 2: never the
// whole help, never a pipeline chosen for the user.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyProject, sandbox } from "./helpers/local-sandbox.ts";
import { REPO_ROOT, runCli } from "./helpers/run-node.ts";

const box = sandbox();
const project = copyProject("test/fixtures/local");
afterAll(() => {
  box.cleanup();
  project.cleanup();
});

describe("commander's errors are one line", () => {
  it.each([
    [["rnu", "x.pipeline.ts"], "sluice: unknown command 'rnu'; did you mean run?\n  hint: sluice --help\n"],
    [["run", "x.pipeline.ts", "--bogus"], "sluice: unknown option '--bogus'\n  hint: sluice run --help\n"],
    [["run"], "sluice: missing required argument 'file'\n  hint: sluice run --help\n"],
    [["compile", "x"], "sluice: required option '-o, --out <dir>' not specified\n  hint: sluice compile --help\n"],
    [["gc", "--keep", "lots"], "sluice: option '--keep <n>' argument 'lots' is invalid. expected a whole number ≥ 0.\n  hint: sluice gc --help\n"],
    [["gc", "--keep", "-1"], "sluice: option '--keep <n>' argument '-1' is invalid. expected a whole number ≥ 0.\n  hint: sluice gc --help\n"],
    [
      ["init", join(box.root, "never-made"), "--name", "!!"],
      "sluice: --name '!!' has no letter or digit to name the pipeline with\n  hint: e.g. --name iris_classifier\n",
    ],
    [["schedule", "delete"], "sluice: sluice schedule delete needs a schedule name\n  hint: `sluice schedule list` shows them\n"],
    [["help", "rnu"], "sluice: unknown command 'rnu'; did you mean run?\n  hint: sluice --help\n"],
    [["help", "zzzzzz"], "sluice: unknown command 'zzzzzz'\n  hint: sluice --help\n"],
  ])("sluice %j", (args, stderr) => {
    const r = box.sluice(args);
    expect([r.status, r.stderr, r.stdout]).toEqual([2, stderr, ""]);
  });
});

describe("sluice help", () => {
  it("help <command> prints that command's help, exit 0", () => {
    const r = box.sluice(["help", "run"]);
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("Usage: sluice run [options] <file>");
  });
});

describe("a folder where one pipeline is needed", () => {
  it("run, plan and graph refuse a folder with several pipeline files, listing them", () => {
    for (const command of ["run", "plan", "graph"]) {
      const r = box.sluice([command, project.file("")]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(
          `^sluice: '.*' holds 7 pipeline files: .*args\\.pipeline\\.ts, .*web\\.pipeline\\.ts; sluice ${command} takes one\\n  hint: name the one to use, e.g. sluice ${command} .*args\\.pipeline\\.ts\\n$`,
        ),
      );
    }
  });

  it("a folder with one pipeline file runs it; a file that fails to load ends like one with graph errors", () => {
    const one = `${project.dir}/one`;
    mkdirSync(one);
    writeFileSync(
      `${one}/bad.pipeline.ts`,
      `import { pipeline } from "@sluice/dsl";
export default pipeline({ name: "bad", defaultCompute: "local" }, () => {
  throw new Error("no steps yet");
});
`,
    );
    const folder = box.sluice(["run", project.file("one")]);
    const file = box.sluice(["run", project.file("one/bad.pipeline.ts")]);
    expect(folder.status).toBe(1);
    expect(folder.stderr).toMatch(/SL100 loading the pipeline file failed: no steps yet\n.*\nsluice: the pipeline has errors; nothing was run\n$/);
    expect(folder.stderr).toBe(file.stderr);
  });
});

describe("--json answers on stdout whatever fails", () => {
  const lines = (stdout: string) =>
    stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));

  it("a usage error commander finds is one JSON line too, after which scripts can branch on kind and exitCode", () => {
    const r = box.sluice(["run", "x.pipeline.ts", "--bogus", "--json"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("sluice: unknown option '--bogus'\n  hint: sluice run --help\n");
    expect(lines(r.stdout)).toEqual([{ type: "error", ok: false, kind: "usage", message: "unknown option '--bogus'", hint: "sluice run --help", exitCode: 2 }]);
  });

  it("a missing pipeline file, a bad flag value and a missing run each give one error line with their own exit code", () => {
    const missing = box.sluice(["run", "nowhere.pipeline.ts", "--json"]);
    expect(missing.status).toBe(2);
    expect(lines(missing.stdout)).toEqual([expect.objectContaining({ type: "error", kind: "usage", exitCode: 2 })]);
    expect(missing.stderr).toContain(lines(missing.stdout)[0].message);
    const keep = box.sluice(["gc", "--keep", "lots", "--json"]);
    expect(lines(keep.stdout)).toEqual([expect.objectContaining({ type: "error", kind: "usage", exitCode: 2 })]);
    const run = box.sluice(["runs", "--json", "--bogus"]);
    expect(lines(run.stdout)[0]).toMatchObject({ type: "error", exitCode: 2 });
  });

  it("without --json, or with --json only after `--` (a step's own flag), stdout stays empty", () => {
    expect(box.sluice(["run", "nowhere.pipeline.ts"]).stdout).toBe("");
    const after = box.sluice(["run", "nowhere.pipeline.ts", "--", "--json"]);
    expect([after.status, after.stdout]).toEqual([2, ""]);
  });

  it("a pipeline that fails to load answers with its diagnostics document alone (it already says why)", () => {
    // one/bad.pipeline.ts is written by the folder tests above.
    const r = box.sluice(["run", project.file("one/bad.pipeline.ts"), "--json"]);
    expect(r.status).toBe(1);
    expect(lines(r.stdout)).toEqual([expect.objectContaining({ type: "diagnostics", ok: false, diagnostics: [expect.objectContaining({ code: "SL100" })] })]);
  });
});

describe("--param and --input values", () => {
  it.each([
    [["--input", "web_data="], "web.pipeline.ts", "sluice: --input web_data= gives an empty path\n  hint: e.g. --input web_data=<path to a file or folder>\n"],
    [
      ["--input", "=x"],
      "web.pipeline.ts",
      "sluice: --input '=x' must be name=value with a plain name\n  hint: e.g. --input web_data=<path to a file or folder>; data inputs: web_data\n",
    ],
    [
      ["--param", "model_name"],
      "args.pipeline.ts",
      "sluice: --param 'model_name' must be name=value with a plain name\n  hint: e.g. --param name=<value>; parameters: name\n",
    ],
    [
      ["--param", "x"],
      "web.pipeline.ts",
      "sluice: --param 'x' must be name=value with a plain name\n  hint: e.g. --param name=<value>; this pipeline has no parameters\n",
    ],
    [
      ["--input", "web_data=/no/such.csv"],
      "web.pipeline.ts",
      "sluice: data input 'web_data' is mapped to '/no/such.csv', which does not exist\n  hint: fix the path given to --input web_data=<path>, or create the file\n",
    ],
  ])("%j names the pipeline's own names and the real mistake", (flags, file, stderr) => {
    const r = box.sluice(["plan", project.file(file), ...flags]);
    expect([r.status, r.stderr]).toEqual([2, stderr]);
  });
});

describe("sluice types", () => {
  it("refuses a file that is not a pipeline file, writing nothing", () => {
    writeFileSync(`${project.dir}/sluice.config.json`, "{}\n");
    writeFileSync(`${project.dir}/iris.csv`, "a,b\n1,2\n");
    const r = box.sluice(["types", project.file("iris.csv")]);
    expect([r.status, r.stdout]).toEqual([2, ""]);
    expect(r.stderr).toBe(
      `sluice: sluice types takes the project folder or a pipeline file, not '${project.file("iris.csv")}'\n  hint: it reads the component YAMLs the project's pipelines load with loadComponent("..."): run \`sluice types\` in the project folder\n`,
    );
    expect(existsSync(`${project.dir}/sluice-components.d.ts`)).toBe(false);
  });
});

describe("a pipeline file where Sluice is not installed", () => {
  it("is an environment error (exit 3) saying to install Sluice, not a line to fix", () => {
    const dir = mkdtempSync(join(tmpdir(), "sluice-no-modules-"));
    try {
      const file = join(dir, "args.pipeline.ts");
      copyFileSync(join(REPO_ROOT, "test/fixtures/local/args.pipeline.ts"), file);
      for (const command of [["run"], ["check", "--no-types"]]) {
        const r = box.sluice([...command, file]);
        expect([r.status, r.stderr]).toEqual([
          3,
          `sluice: cannot find package '@sluice/dsl' from ${file}\n  hint: install Sluice in this project (npm install --save-dev vendor/sluice/*.tgz, see the README)\n`,
        ]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("sluice serve --port in use", () => {
  it("is one usage line before any model is loaded (nothing printed about starting the endpoint)", async () => {
    const busy = createServer();
    const port = await new Promise<number>((resolve) => busy.listen(0, "127.0.0.1", () => resolve((busy.address() as AddressInfo).port)));
    try {
      const r = box.sluice(["serve", "test/fixtures/serving/serving.pipeline.ts", "--port", String(port)]);
      expect([r.status, r.stdout, r.stderr]).toEqual([2, "", `sluice: port ${port} is in use\n  hint: pass another --port, or none for a free one\n`]);
    } finally {
      busy.close();
    }
  });
});

describe("sluice invoke --data that is not JSON", () => {
  // The SDK's invoke(request_file=…) parses the file before sending; so does sluice invoke.
  it.each([
    ["truncated.json", '{"input_data": {"columns": [\n', 'truncated.json:2:1: not valid JSON: the text ends too early (a missing } or ")'],
    ["single.json", "{'input_data': 1}", "single.json:1:2: not valid JSON: expected property name or '}'"],
    ["empty.json", "\n", "--data empty.json is empty"],
  ])("%s is located in the file, exit 2, before any endpoint is looked for", (name, text, line) => {
    writeFileSync(join(box.root, name), text);
    const r = runCli(["invoke", join(REPO_ROOT, "test/fixtures/serving/serving.pipeline.ts"), "--data", name], {
      cwd: box.root,
      env: box.env,
    });
    expect([r.status, r.stderr.split("\n")[0]]).toEqual([2, `sluice: ${line}`]);
    expect(r.stderr).toContain('hint: the request file is JSON, e.g. {"input_data"');
  });
});

describe("sluice invoke --deployment", () => {
  it("an unknown deployment is a usage error naming the endpoint's deployments, before anything is sent", () => {
    const request = join(box.root, "request.json");
    writeFileSync(request, "{}");
    const r = box.sluice(["invoke", "test/fixtures/serving/serving.pipeline.ts", "--data", request, "--deployment", "blu"]);
    expect([r.status, r.stderr]).toEqual([
      2,
      "sluice: online endpoint iris-endpoint has no deployment 'blu' (did you mean 'blue'?)\n  hint: its deployments: blue, broken, green\n",
    ]);
  });
});
