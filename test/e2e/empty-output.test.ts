// A step that writes nothing where a later step reads (or a file its readDelimitedFiles() pattern
// does not match) fails itself, naming the output, instead of showing ✓ and failing downstream as
// "MLTable matches no files"; an empty output nobody reads is a warning. Through `sluice run`.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandbox } from "../helpers/local-sandbox.ts";

const box = sandbox();
afterAll(() => box.cleanup());

describe("a step output", () => {
  let plain = "";
  let runDir = "";
  beforeAll(() => {
    const semicolons = join(box.root, "semicolons.csv");
    writeFileSync(semicolons, "a;b;y\n1;2;0\n2;3;1\n");
    const run = box.sluice(["run", "test/fixtures/bad-data/prep.pipeline.ts", "--input", `semicolons=${semicolons}`]);
    expect(run.status).toBe(1);
    plain = run.stdout;
    const id = box.runs().find((r) => r.steps.some((s) => s.name === "prep_nothing"))?.id as string;
    runDir = join(box.env.SLUICE_STATE_DIR, "runs", id);
  }, 120_000);
  const out = (step: string, output: string) => join(runDir, "steps", step, "outputs", output);

  it("left empty fails the step that wrote it, naming the output; the step reading it is skipped", () => {
    expect(plain).toContain(
      `✗ prep_nothing failed: declared output 'nothing_data' is empty: the script wrote nothing to ${out("prep_nothing", "nothing_data")}, which 'train_nothing' reads\n`,
    );
    expect(plain).toContain("- train_nothing skipped: upstream 'prep_nothing' did not complete\n");
    expect(plain).not.toContain("matches no files");
  });

  it("holding no file that readDelimitedFiles' pattern matches fails the same way, naming what was written", () => {
    expect(plain).toContain(
      `✗ prep_text failed: declared output 'text_data' has no file matching ./*.csv (what readDelimitedFiles reads): the script wrote data.txt to ${out("prep_text", "text_data")}, which 'train_text' reads\n`,
    );
  });

  it("left empty where no step reads it is a warning: the step completes", () => {
    expect(plain).toContain(`✓ prep_unread done in`);
    expect(plain).toContain(`    ! warning: declared output 'unread_data' is empty: the script wrote nothing to ${out("prep_unread", "unread_data")}\n`);
  });

  it("read with the wrong delimiter: the hint names readDelimitedFiles' option", () => {
    expect(plain).toContain(
      `    │ error: ${out("prep_copy", "copy_data")}/data.csv looks semicolon-separated: pass the delimiter: readDelimitedFiles({ delimiter: ";" })\n`,
    );
    expect(plain).not.toMatch(/Traceback/);
  });
});
