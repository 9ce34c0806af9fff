// The JSON files the run page shows (a leaderboard, a deploy history) are checked: missing is
// nothing to say, anything else wrong is one notice naming the file as people read its path
// (relative inside the current folder, else absolute), and the page goes on.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { checked, readJsonChecked } from "../src/ui/ui-json.ts";

const Board = z.object({ best: z.number() });
const outside = mkdtempSync(join(tmpdir(), "sluice-ui-json-"));
// Inside the current folder (the repository, or Stryker's copy of it), where test/.work-* is ignored.
mkdirSync(join(process.cwd(), "test"), { recursive: true });
const inside = mkdtempSync(join(process.cwd(), "test", ".work-ui-json-"));

afterAll(() => {
  rmSync(outside, { recursive: true, force: true });
  rmSync(inside, { recursive: true, force: true });
});

const file = (dir: string, name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("readJsonChecked", () => {
  it("returns a file that fits its schema, with no notice", () => {
    const notices: string[] = [];
    expect(readJsonChecked(file(outside, "ok.json", '{"best":0.5}'), Board, "a leaderboard", notices)).toEqual({ best: 0.5 });
    expect(notices).toEqual([]);
  });

  it("says nothing about a file that is not there", () => {
    const notices: string[] = [];
    expect(readJsonChecked(join(outside, "none.json"), Board, "a leaderboard", notices)).toBeUndefined();
    expect(notices).toEqual([]);
  });

  it("names a file outside the current folder by its absolute path: not JSON, or the wrong shape with its first problem", () => {
    const notices: string[] = [];
    const bad = file(outside, "bad.json", "{nope");
    const shape = file(outside, "shape.json", '{"best":"high"}');
    expect(readJsonChecked(bad, Board, "a leaderboard", notices)).toBeUndefined();
    expect(readJsonChecked(shape, Board, "a leaderboard", notices)).toBeUndefined();
    expect(notices).toEqual([
      `${bad} is not shown: it is not valid JSON`,
      `${shape} is not shown: it is not a leaderboard (best must be a number, got "high")`,
    ]);
  });

  it("names a file inside the current folder by its relative path", () => {
    const notices: string[] = [];
    const bad = file(inside, "bad.json", "");
    expect(readJsonChecked(bad, Board, "a leaderboard", notices)).toBeUndefined();
    expect(notices).toEqual([`${relative(process.cwd(), bad)} is not shown: it is not valid JSON`]);
    expect(notices[0]).toMatch(/^test\/\.work-ui-json-/);
  });

  it("says a path it cannot read (a folder) cannot be read; the current folder itself by its absolute path", () => {
    const notices: string[] = [];
    expect(readJsonChecked(process.cwd(), Board, "a leaderboard", notices)).toBeUndefined();
    expect(readJsonChecked(inside, Board, "a leaderboard", notices)).toBeUndefined();
    expect(notices).toEqual([`${process.cwd()} is not shown: it cannot be read`, `${relative(process.cwd(), inside)} is not shown: it cannot be read`]);
  });
});

describe("checked", () => {
  it("returns a value that fits, else adds the notice with the first problem", () => {
    const notices: string[] = [];
    expect(checked({ best: 1 }, Board, "unused", notices)).toEqual({ best: 1 });
    expect(checked({ best: null }, Board, "the leaderboard is not shown", notices)).toBeUndefined();
    expect(checked([], Board, "the list is not shown", notices)).toBeUndefined();
    expect(notices).toEqual([
      "the leaderboard is not shown (best must be a number, got null)",
      "the list is not shown (the document must be an object, got [])",
    ]);
  });
});
