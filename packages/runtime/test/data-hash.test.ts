// The data digest reuse keys a data input by, in-process on temp folders: every byte of every
// file, its relative name, hidden files included; not the order files were written in, their
// times, empty folders, or whether a folder is linked or copied.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { dataDigest } from "../src/backends/local/data-hash.ts";

const sha = (text: string | Buffer) => createHash("sha256").update(text).digest("hex");

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function folder(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "sluice-data-"));
  roots.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, ".."), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

const TABLE = { "train.csv": "a,b\n1,2\n", "parts/p1.csv": "x\n", "parts/deeper/p2.csv": "y\n" };

describe("dataDigest", () => {
  it("of a file is the SHA-256 of its bytes, read in chunks", () => {
    const root = folder({ "f.csv": "abc" });
    expect(dataDigest(join(root, "f.csv"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    writeFileSync(join(root, "big.bin"), big);
    expect(dataDigest(join(root, "big.bin"))).toBe(sha(big));
  });

  it("of a folder is pinned: fingerprints hold it, so its format may not drift", () => {
    const root = folder(TABLE);
    const files = ["parts/deeper/p2.csv", "parts/p1.csv", "train.csv"];
    const expected = createHash("sha256").update("folder\x003\0");
    for (const file of files) expected.update(`${file}\0${sha(TABLE[file as keyof typeof TABLE])}\0`);
    expect(dataDigest(root)).toBe(expected.digest("hex"));
    expect(dataDigest(folder())).toBe(sha("folder\x000\0"));
  });

  it("orders files by their whole relative path, not folder by folder", () => {
    const root = folder({ "a/x": "1", "a.b": "2" });
    const expected = createHash("sha256")
      .update("folder\x002\0")
      .update(`a.b\0${sha("2")}\0`)
      .update(`a/x\0${sha("1")}\0`);
    expect(dataDigest(root)).toBe(expected.digest("hex"));
  });

  it("does not depend on the order files were written in, on times, or on empty folders", () => {
    const first = folder(TABLE);
    const reversed = folder(Object.fromEntries(Object.entries(TABLE).reverse()));
    const digest = dataDigest(first);
    expect(dataDigest(reversed)).toBe(digest);
    utimesSync(join(reversed, "train.csv"), 1_000_000, 1_000_000);
    mkdirSync(join(reversed, "parts/empty"));
    expect(dataDigest(reversed)).toBe(digest);
  });

  it("changes with one byte, a renamed file, a moved file, an added or removed file", () => {
    const root = folder(TABLE);
    const digest = dataDigest(root);
    const seen = new Set([digest]);
    const expectNew = () => {
      const now = dataDigest(root);
      expect(seen.has(now)).toBe(false);
      seen.add(now);
    };
    writeFileSync(join(root, "train.csv"), "a,b\n1,3\n");
    expectNew();
    renameSync(join(root, "parts/p1.csv"), join(root, "parts/p0.csv"));
    expectNew();
    renameSync(join(root, "parts/p0.csv"), join(root, "parts/deeper/p0.csv"));
    expectNew();
    writeFileSync(join(root, "parts/empty.csv"), "");
    expectNew();
    rmSync(join(root, "parts/deeper/p2.csv"));
    expectNew();
  });

  it("changes when two files swap contents (each name keeps its own bytes)", () => {
    const a = folder({ "x.csv": "1", "y.csv": "2" });
    const b = folder({ "x.csv": "2", "y.csv": "1" });
    expect(dataDigest(a)).not.toBe(dataDigest(b));
  });

  it("counts hidden files, caches and files an ignore file names (data is not code)", () => {
    const plain = dataDigest(folder({ "d.csv": "1" }));
    for (const extra of [".hidden", "__pycache__/m.pyc", ".git/HEAD", "ignored.csv"]) {
      expect(dataDigest(folder({ "d.csv": "1", ".gitignore": "ignored.csv\n", [extra]: "z" }))).not.toBe(
        dataDigest(folder({ "d.csv": "1", ".gitignore": "ignored.csv\n" })),
      );
    }
    expect(dataDigest(folder({ "d.csv": "1", ".amlignore": "*" }))).not.toBe(plain);
  });

  it("tells a folder holding one file from that file alone", () => {
    const root = folder({ "inner/f.csv": "abc" });
    expect(dataDigest(join(root, "inner"))).not.toBe(dataDigest(join(root, "inner/f.csv")));
  });

  it("follows links: a linked folder or file counts as its content, under the link's name", () => {
    const source = folder(TABLE);
    const copied = folder({ "data/train.csv": TABLE["train.csv"], "data/parts/p1.csv": "x\n", "data/parts/deeper/p2.csv": "y\n", "one.csv": "x\n" });
    const linked = folder();
    symlinkSync(source, join(linked, "data"));
    symlinkSync(join(source, "parts/p1.csv"), join(linked, "one.csv"));
    expect(dataDigest(linked)).toBe(dataDigest(copied));
    expect(dataDigest(join(linked, "data"))).toBe(dataDigest(source));
  });
});
