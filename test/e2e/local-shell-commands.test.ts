// Commands that need a shell run locally as Azure runs them (bash), through `sluice run`: redirection
// into outputs, a pipe, `;`, a variable the step sets, `./outputs`, `python` meaning the step's
// interpreter, and a parameter value full of shell syntax that reaches the files verbatim and runs
// nothing. What cannot run here is refused before any step starts, in one line with a hint: a
// program this machine lacks, and a sweep whose trial command needs a shell. A uri_file output is
// a file, as on Azure, and an `artifacts` output holds the step's ./outputs and ./logs.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sandbox } from "../helpers/local-sandbox.ts";

const box = sandbox();
afterAll(() => box.cleanup());
const DIR = "test/fixtures/shell-commands";

describe("a local command that needs a shell", () => {
  it("runs with bash, its values verbatim and never executed", { timeout: 60_000 }, () => {
    const marker = join(box.root, "pwned");
    const value = `a  b; touch ${marker} $(touch ${marker}) \`touch ${marker}\` ' " $HOME`;
    const run = box.sluice(["run", `${DIR}/shell.pipeline.ts`, "--param", `message=${value}`]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const id = box.runs()[0]?.id as string;
    const steps = join(box.env.SLUICE_STATE_DIR, "runs", id, "steps");
    const said = join(steps, "greet", "outputs", "said");
    expect(readFileSync(join(said, "greeting.txt"), "utf8")).toBe("hello from the step\n");
    expect(readFileSync(join(said, "message.txt"), "utf8")).toBe(`${value}\nkept: ${value}\n`);
    expect(readFileSync(join(steps, "greet", "code", "outputs", "a.txt"), "utf8")).toBe("artifact\n");
    // count.py ran under the step's own Python (a `python` found by bash), counting the words written.
    expect(readFileSync(join(steps, "count", "outputs", "words", "count.txt"), "utf8")).toBe(`${value.split(/\s+/).length * 2 + 1}\n`);
    expect(existsSync(marker)).toBe(false);
    // uri_file outputs: a file named after the output (or after the path it is sent to), read downstream as a file.
    expect(readFileSync(join(steps, "greet", "outputs", "line", "line"), "utf8")).toBe("one line\n");
    expect(readFileSync(join(steps, "greet", "outputs", "note", "note.txt"), "utf8")).toBe("a note\n");
    expect(readFileSync(join(steps, "count", "outputs", "words", "line.txt"), "utf8")).toBe("one line\n");
    // An `artifacts` output is the step's artifact store: ./outputs/a.txt is read downstream under outputs/.
    expect(readFileSync(join(steps, "greet", "outputs", "artifacts", "outputs", "a.txt"), "utf8")).toBe("artifact\n");
    expect(readFileSync(join(steps, "count", "outputs", "words", "artifact.txt"), "utf8")).toBe("artifact\n");
  });

  it.each([
    [
      "missing-program",
      /^sluice: step 'train' runs 'julia', which this machine does not have \(not a file in its code, not on PATH\)\n {2}hint: install julia here so that it is on PATH, or run this pipeline on Azure ML/,
    ],
    ["shell-sweep", /^sluice: step 'sweep' is a sweep whose trial command needs a shell, which local trials do not run\n {2}hint: move the shell part/],
  ])("%s is refused before any step starts, in one message", (name, message) => {
    const run = box.sluice(["run", `${DIR}/${name}.pipeline.ts`]);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(run.stdout).not.toMatch(/started/);
  });
});
