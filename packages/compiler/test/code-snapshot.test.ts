import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sdkOracle } from "../../../test/helpers/oracle.ts";
import { snapshotCode } from "../src/hash/code-snapshot.ts";

const dirs: string[] = [];
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "sluice-snap-"));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const SDK = new URL("../../../test/helpers/sdk_content_hash.py", import.meta.url).pathname;
const sdkAvailable = sdkOracle();

describe("code snapshots", () => {
  it("skips __pycache__ and honours .amlignore over .gitignore (not merged)", () => {
    const dir = folder({
      "train.py": "print(1)\n",
      "__pycache__/train.cpython-311.pyc": "x",
      "logs/run.log": "noise",
      "data/big.csv": "a,b\n",
      ".gitignore": "data/\n",
      ".amlignore": "*.log\n",
    });
    const snap = snapshotCode(dir);
    expect(snap.ignoreFile).toBe(".amlignore");
    expect(snap.files.map((f) => f.path)).toEqual([".amlignore", ".gitignore", "data/big.csv", "train.py"]);
  });

  it("uses gitignore semantics: the last matching pattern wins", () => {
    const dir = folder({ "a.log": "1", "keep.log": "2", ".amlignore": "*.log\n!keep.log\n" });
    expect(snapshotCode(dir).files.map((f) => f.path)).toEqual([".amlignore", "keep.log"]);
  });

  it("changes when any kept byte changes and not when an ignored file does", () => {
    const dir = folder({ "a.py": "1", "b.log": "x", ".amlignore": "*.log\n" });
    const before = snapshotCode(dir).sha256;
    writeFileSync(join(dir, "b.log"), "changed");
    expect(snapshotCode(dir).sha256).toBe(before);
    writeFileSync(join(dir, "a.py"), "2");
    expect(snapshotCode(dir).sha256).not.toBe(before);
  });

  it.runIf(sdkAvailable)("equals the official SDK's get_content_hash", () => {
    const dir = folder({
      "Train.py": "import os\n",
      "lib/Util.py": "x = 1\n",
      "lib/a/deep.txt": "deep\n",
      "b.txt": "",
      "__pycache__/x.pyc": "compiled",
      "notes.log": "ignored",
      ".amlignore": "*.log\n",
    });
    const sdk = spawnSync("/usr/bin/python3", [SDK, dir], { encoding: "utf8" });
    expect(sdk.stderr).toBe("");
    expect(snapshotCode(dir).sha256).toBe(sdk.stdout.trim());
  });
});
