// Which files a batch job scores: hidden files and folders inside the input are left out, but
// the input itself may sit anywhere, hidden folders (~/.cache/…) included.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inputFiles } from "../src/serve/batch-job.ts";

const root = mkdtempSync(join(tmpdir(), "sluice-batch-input-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function tree(base: string, files: string[]): string {
  for (const f of files) {
    mkdirSync(join(base, f, ".."), { recursive: true });
    writeFileSync(join(base, f), "a,b\n1,2\n");
  }
  return base;
}

describe("batch input files", () => {
  it("scores a folder that lives under a hidden folder", () => {
    const input = tree(join(root, ".cache", "batch", "in"), ["b.csv", "a.csv"]);
    expect(inputFiles(input)).toEqual([join(input, "a.csv"), join(input, "b.csv")]);
  });

  it("leaves out hidden files and everything under hidden folders inside the input, in name order", () => {
    const input = tree(join(root, "plain"), ["z.csv", "sub/y.csv", ".DS_Store", ".git/x.csv", "sub/.hidden.csv"]);
    expect(inputFiles(input)).toEqual([join(input, "sub/y.csv"), join(input, "z.csv")]);
  });

  it("refuses a folder with only hidden files as empty, naming it", () => {
    const input = tree(join(root, "only-hidden"), [".a.csv"]);
    expect(() => inputFiles(input)).toThrow(`batch input folder ${input} has no files`);
  });
});
