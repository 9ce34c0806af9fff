// A no-code batch deployment reads its input files with the AutoML engine's checked reader: a
// broken file fails its mini-batch with one line naming the file and the problem (what the job's
// events and error count show), not pandas' tokenizer text.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/run-node.ts";

const dir = mkdtempSync(join(tmpdir(), "sluice-batch-bad-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCRIPT = `
import pickle, sys
import pandas as pd
from sklearn.linear_model import LogisticRegression
import batch_scoring
model_dir, *files = sys.argv[1:]
model = LogisticRegression().fit(pd.DataFrame({"a": [1, 2, 3, 4], "b": [0, 1, 0, 1]}), [0, 1, 0, 1])
pickle.dump(model, open(model_dir + "/model.pkl", "wb"))
run = batch_scoring.load_scorer({"model_dir": model_dir})
for f in files:
    try:
        print(len(run([f])), "rows")
    except Exception as e:
        print(f"{type(e).__name__}: {e}")
`;

describe("a no-code batch deployment's input files", () => {
  it("a good file scores; an empty, header-only, ragged or non-UTF-8 one is one line naming it", () => {
    const files: Record<string, string | Buffer> = {
      "good.csv": "a,b\n1,0\n5,1\n",
      "empty.csv": "",
      "header.csv": "a,b\n",
      "ragged.csv": "a,b\n1,0\n5,1,3\n",
      "latin1.csv": Buffer.concat([Buffer.from("a,b\n1,"), Buffer.from([0xff]), Buffer.from("\n")]),
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    const r = spawnSync("/usr/bin/python3", ["-c", SCRIPT, dir, ...Object.keys(files).map((f) => join(dir, f))], {
      cwd: join(REPO_ROOT, "packages/runtime/python"),
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      [
        "2 rows",
        `UserError: ${dir}/empty.csv is empty`,
        `UserError: ${dir}/header.csv has a header but no rows`,
        `UserError: ${dir}/ragged.csv: line 3 has 3 fields, the header has 2`,
        `UserError: ${dir}/latin1.csv is not UTF-8 text (byte 0xff at offset 6); save it as UTF-8`,
        "",
      ].join("\n"),
    );
  });
});
