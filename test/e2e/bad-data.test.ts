// Bad tables through the real local run path (`sluice run`): every kind of broken CSV is one line
// naming the file and the problem (never a pandas traceback), and thin data trains with warnings
// in the run's events, or is refused in one line where cross-validation cannot work.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandbox } from "../helpers/local-sandbox.ts";
import { REPO_ROOT } from "../helpers/run-node.ts";

const box = sandbox();
afterAll(() => box.cleanup());

const TINY = "a,b,y\n1,2,0\n2,3,1\n3,4,0\n4,5,1\n";
/** Each input's only file, as `--input <kind>=<folder>` gives it to the step of the same name. */
const FILES: Record<string, string | Buffer> = {
  empty: "",
  header_only: "a,b,c,y\n",
  ragged: "a,b,c,y\n1,2,3,0\n4,5,6,1,9\n7,8,9,0\n",
  latin1: Buffer.concat([Buffer.from("a,b,c,y\n1,2,3,0\n4,"), Buffer.from([0xe9]), Buffer.from("5,6,1\n")]),
  semicolon: "a;b;c;y\n1;2;3;0\n4;5;6;1\n",
  semicolon_mltable: "a;b;c;y\n1;2;3;0\n4;5;6;1\n",
  no_label_values: "a,b,c,y\n1,2,3,\n4,5,6,\n",
  no_label_column: "a,b,c\n1,2,3\n4,5,6\n",
  single_class: "a,b,c,y\n1,2,3,1\n4,5,6,1\n",
  tiny: TINY,
};
const folder = (kind: string) => join(box.root, "inputs", kind);
const csv = (kind: string) => join(folder(kind), "data.csv");

type StepEvent = { type: string; runId?: string; step: string; status: string; reason?: string; stderrTail?: string[]; warnings?: string[] };
let events: StepEvent[] = [];
let output = "";

beforeAll(() => {
  const args = ["run", "test/fixtures/bad-data/table.pipeline.ts", "--json"];
  for (const [kind, bytes] of Object.entries(FILES)) {
    mkdirSync(folder(kind), { recursive: true });
    writeFileSync(csv(kind), bytes);
    if (kind.endsWith("_mltable"))
      writeFileSync(join(folder(kind), "MLTable"), 'paths:\n- pattern: "./*.csv"\ntransformations:\n- read_delimited:\n    delimiter: ","\n');
    args.push("--input", `${kind}=${folder(kind)}`);
  }
  const run = box.sluice(args);
  output = run.stdout + run.stderr;
  events = run.stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as StepEvent);
}, 120_000);

const finished = (step: string) => events.find((e) => e.type === "step-finished" && e.step === step);

describe("a bad CSV given to an AutoML step", () => {
  it.each([
    ["empty", () => `${csv("empty")} is empty`],
    ["header_only", () => `${csv("header_only")} has a header but no rows`],
    ["ragged", () => `${csv("ragged")}: line 3 has 5 fields, the header has 4`],
    ["latin1", () => `${csv("latin1")} is not UTF-8 text (byte 0xe9 at offset 18); save it as UTF-8`],
    [
      "semicolon",
      () => `${csv("semicolon")} looks semicolon-separated: save it comma-separated, or describe it with an MLTable file (read_delimited: delimiter: ";")`,
    ],
    [
      "semicolon_mltable",
      () => `${csv("semicolon_mltable")} looks semicolon-separated: set delimiter: ";" under read_delimited in ${folder("semicolon_mltable")}/MLTable`,
    ],
    ["no_label_values", () => `label column 'y' has no values in ${folder("no_label_values")}`],
    ["no_label_column", () => `label column 'y' is not in ${folder("no_label_column")}; its columns: a, b, c`],
    ["single_class", () => `label column 'y' has a single class ('1') in all 2 rows of ${folder("single_class")}; classification needs at least two`],
    ["fewer_rows_than_folds", () => "the training data has 4 rows, fewer than the 5 cross-validation folds: add rows or set nCrossValidations to at most 4"],
  ])("%s: the step fails with one line naming the file and the problem", (step, message) => {
    expect(finished(step)).toMatchObject({ status: "failed", reason: "exit code 2", stderrTail: [`error: ${message()}`] });
    const runId = events.find((e) => e.type === "run-started")?.runId as string;
    const log = readFileSync(join(box.env.SLUICE_STATE_DIR, "runs", runId, "steps", step, "stderr.log"), "utf8");
    expect(log).toBe(`error: ${message()}\n`);
  });

  it("never shows a traceback", () => {
    expect(events.filter((e) => e.type === "step-finished")).toHaveLength(11);
    expect(output).not.toMatch(/Traceback|pandas\.errors|File "/);
  });

  it("a tiny table trains, with warnings in the step's events (and its log)", () => {
    expect(finished("tiny")).toMatchObject({
      status: "completed",
      warnings: [
        "the training data has only 4 rows (fewer than 50): scores from so few rows vary a lot, so treat the best model as a rough guess",
        "the smallest class ('0') has 2 rows, fewer than the 5 cross-validation folds: cross-validation uses 2 folds",
      ],
    });
  });
});

describe("the checks leave good files alone", () => {
  it("reads CRLF and old-Mac line ends, a UTF-8 BOM, quoted delimiters and line breaks, blank lines, no final newline", () => {
    const files: Record<string, string> = {
      crlf: "a,b,y\r\n1,2,0\r\n3,4,1\r\n",
      cr: "a,b,y\r1,2,0\r3,4,1\r",
      bom: "\ufeffa,b,y\n1,2,0\n3,4,1\n",
      quoted: 'a,b,y\n"x\ny",2,0\n"p,q",3,1\n',
      blank_lines: "a,b,y\n\n1,2,0\n\n3,4,1\n\n",
      no_final_newline: "a,b,y\n1,2,0\n3,4,1",
      semicolon_in_text: "a,note,y\n1,hello; world,0\n2,foo;bar,1\n",
      // A 1 MiB field (pandas reads any length) whose "é" straddles the 1 MiB chunks the encoding check reads.
      long_field: `a,b,y\n${"x".repeat(2 ** 20 - 7)}é,2,0\nz,3,1\n`,
    };
    const dir = join(box.root, "good");
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, `${name}.csv`), text);
    const script =
      "import sys\nfrom automl.tables import read_csv\nfor p in sys.argv[1:]:\n    df = read_csv(p)\n    print(p.rsplit('/', 1)[1], df.shape, list(df.columns))";
    const read = spawnSync("/usr/bin/python3", ["-c", script, ...Object.keys(files).map((n) => join(dir, `${n}.csv`))], {
      cwd: join(REPO_ROOT, "packages/runtime/python"),
      encoding: "utf8",
    });
    expect(read.stderr).toBe("");
    const columns = (n: string) => (n === "semicolon_in_text" ? "['a', 'note', 'y']" : "['a', 'b', 'y']");
    expect(read.stdout).toBe(
      Object.keys(files)
        .map((n) => `${n}.csv (2, 3) ${columns(n)}\n`)
        .join(""),
    );
  });
});

describe("a bad byte far into a large file", () => {
  it("is found by its offset from the start of the file, across the chunks the check reads", () => {
    const file = join(box.root, "far.csv");
    const good = `a,y\n${"xxxxxxxxx,0\n".repeat(100_000)}`;
    writeFileSync(file, Buffer.concat([Buffer.from(good), Buffer.from([0xff]), Buffer.from(",1\n")]));
    const script = "import sys\nfrom automl.tables import read_csv\ntry:\n    read_csv(sys.argv[1])\nexcept Exception as e:\n    print(e)";
    const read = spawnSync("/usr/bin/python3", ["-c", script, file], { cwd: join(REPO_ROOT, "packages/runtime/python"), encoding: "utf8" });
    expect(read.stdout).toBe(`${file} is not UTF-8 text (byte 0xff at offset ${good.length}); save it as UTF-8\n`);
  });
});
