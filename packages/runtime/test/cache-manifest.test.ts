// The manifest a cache entry is checked against, in-process on temp folders: what it records
// (nested folders, empty files and folders, symbolic links), every way a stored folder can stop
// matching it, what the quick check lets through on purpose (rotted bytes under an unmoved
// modification time) and the full check catches, and the per-output content digest downstream
// fingerprints hold.
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempFolders } from "./helpers/temp-folders.ts";
import { buildManifest, checkFully, checkQuickly, type Manifest, ManifestSchema, outputDigests } from "../src/backends/local/cache-manifest.ts";

const T = 1_700_000_000; // seconds: every file gets this modification time unless a test moves it
const EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const sha = (text: string) => createHash("sha256").update(text).digest("hex");

const folder = tempFolders("sluice-manifest-");

function put(root: string, rel: string, text: string, seconds = T): void {
  const path = join(root, rel);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  utimesSync(path, seconds, seconds);
}

/** outputs/model/{model.pkl,meta/info.txt,empty.txt,latest -> model.pkl}, outputs/model/cache/ (empty), outputs/report/. */
function entryFolder(): string {
  const root = folder();
  put(root, "outputs/model/model.pkl", "abc");
  put(root, "outputs/model/meta/info.txt", "info");
  put(root, "outputs/model/empty.txt", "");
  mkdirSync(join(root, "outputs/model/cache"));
  symlinkSync("model.pkl", join(root, "outputs/model/latest"));
  mkdirSync(join(root, "outputs/report"));
  return root;
}

describe("buildManifest", () => {
  it("records folders, files (size, digest, time), empty ones and links, in sorted order", () => {
    const root = entryFolder();
    const manifest = buildManifest(root, ["outputs", "sweep.json"]);
    const ms = T * 1000;
    expect(Object.entries(manifest)).toEqual([
      ["outputs", { dir: true }],
      ["outputs/model", { dir: true }],
      ["outputs/model/cache", { dir: true }],
      ["outputs/model/empty.txt", { size: 0, sha256: EMPTY, mtimeMs: ms }],
      ["outputs/model/latest", { link: "model.pkl" }],
      ["outputs/model/meta", { dir: true }],
      ["outputs/model/meta/info.txt", { size: 4, sha256: sha("info"), mtimeMs: ms }],
      ["outputs/model/model.pkl", { size: 3, sha256: ABC, mtimeMs: ms }],
      ["outputs/report", { dir: true }],
    ]);
    expect(ManifestSchema.safeParse(manifest).success).toBe(true);
  });

  it("takes only the names given that exist, a top-level file included", () => {
    const root = entryFolder();
    put(root, "sweep.json", "{}");
    put(root, "stray.txt", "not part of the entry");
    const manifest = buildManifest(root, ["sweep.json", "missing"]);
    expect(manifest).toEqual({ "sweep.json": { size: 2, sha256: sha("{}"), mtimeMs: T * 1000 } });
    expect(buildManifest(root, [])).toEqual({});
  });

  it("orders names the same way on every platform (UTF-16 order, not the file system's)", () => {
    const root = folder();
    put(root, "outputs/\uFFFD.txt", "");
    put(root, "outputs/\u{1F600}.txt", "");
    expect(Object.keys(buildManifest(root, ["outputs"]))).toEqual(["outputs", "outputs/\u{1F600}.txt", "outputs/\uFFFD.txt"]);
  });

  it("records a dangling link as a link, without following it", () => {
    const root = folder();
    mkdirSync(join(root, "outputs"));
    symlinkSync("/nowhere/at/all", join(root, "outputs/gone"));
    expect(buildManifest(root, ["outputs"])).toEqual({ outputs: { dir: true }, "outputs/gone": { link: "/nowhere/at/all" } });
  });
});

describe("ManifestSchema", () => {
  const ok = { size: 3, sha256: ABC };
  it.each([
    ["a file without a time (older entries)", { a: ok }, true],
    ["a file with a time", { a: { ...ok, mtimeMs: 1.5 } }, true],
    ["a link", { a: { link: "b" } }, true],
    ["a folder", { a: { dir: true } }, true],
    ["a negative size", { a: { ...ok, size: -1 } }, false],
    ["a fractional size", { a: { ...ok, size: 1.5 } }, false],
    ["a short digest", { a: { ...ok, sha256: "abc" } }, false],
    ["an upper-case digest", { a: { ...ok, sha256: ABC.toUpperCase() } }, false],
    ["a digest with a prefix", { a: { ...ok, sha256: `x${ABC}` } }, false],
    ["a digest with a suffix", { a: { ...ok, sha256: `${ABC}0` } }, false],
    ["an unknown key on a file", { a: { ...ok, mode: 420 } }, false],
    ["an unknown key on a link", { a: { link: "b", size: 1 } }, false],
    ["a folder that says false", { a: { dir: false } }, false],
    ["a folder with a size", { a: { dir: true, size: 1 } }, false],
  ])("%s: valid %s", (_what, manifest, valid) => {
    expect(ManifestSchema.safeParse(manifest).success).toBe(valid);
  });
});

describe("checkQuickly", () => {
  function stored(): { root: string; manifest: Manifest } {
    const root = entryFolder();
    return { root, manifest: buildManifest(root, ["outputs"]) };
  }

  it("passes an untouched entry", () => {
    const { root, manifest } = stored();
    expect(checkQuickly(root, manifest, ["model", "report"])).toBeUndefined();
  });

  it("names an output the manifest never recorded", () => {
    const { root, manifest } = stored();
    expect(checkQuickly(root, manifest, ["model", "scores"])).toBe("output scores was not recorded");
  });

  it("names a missing output folder", () => {
    const { root, manifest } = stored();
    rmSync(join(root, "outputs/report"), { recursive: true });
    expect(checkQuickly(root, manifest, ["model", "report"])).toBe("outputs/report is missing");
  });

  it("names a missing file, an empty one too", () => {
    const { root, manifest } = stored();
    rmSync(join(root, "outputs/model/empty.txt"));
    expect(checkQuickly(root, manifest, ["model"])).toBe("outputs/model/empty.txt is missing");
  });

  it("names a folder replaced by a file", () => {
    const { root, manifest } = stored();
    rmSync(join(root, "outputs/model/cache"), { recursive: true });
    put(root, "outputs/model/cache", "");
    expect(checkQuickly(root, manifest, ["model"])).toBe("outputs/model/cache is no longer a folder");
  });

  it("names a file replaced by a folder", () => {
    const { root, manifest } = stored();
    rmSync(join(root, "outputs/model/empty.txt"));
    mkdirSync(join(root, "outputs/model/empty.txt"));
    expect(checkQuickly(root, manifest, ["model"])).toBe("outputs/model/empty.txt is no longer a file");
  });

  it("names a file replaced by a link to an identical file", () => {
    const { root, manifest } = stored();
    rmSync(join(root, "outputs/model/meta/info.txt"));
    put(root, "elsewhere.txt", "info");
    symlinkSync(join(root, "elsewhere.txt"), join(root, "outputs/model/meta/info.txt"));
    expect(checkQuickly(root, manifest, ["model"])).toBe("outputs/model/meta/info.txt is no longer a file");
  });

  it("names a link pointing elsewhere, and a link replaced by a file", () => {
    const { root, manifest } = stored();
    rmSync(join(root, "outputs/model/latest"));
    symlinkSync("meta/info.txt", join(root, "outputs/model/latest"));
    expect(checkQuickly(root, manifest, ["model"])).toBe("outputs/model/latest is not the link it was");
    rmSync(join(root, "outputs/model/latest"));
    put(root, "outputs/model/latest", "abc");
    expect(checkQuickly(root, manifest, ["model"])).toBe("outputs/model/latest is not the link it was");
  });

  it("names a file whose size changed, with both sizes", () => {
    const { root, manifest } = stored();
    put(root, "outputs/model/model.pkl", "ab");
    expect(checkQuickly(root, manifest, ["model"])).toBe("outputs/model/model.pkl is 2 bytes, not 3");
  });

  it("lets rotted bytes under an unmoved time through (only the full check reads every byte)", () => {
    const { root, manifest } = stored();
    put(root, "outputs/model/model.pkl", "abd");
    expect(checkQuickly(root, manifest, ["model"])).toBeUndefined();
    expect(checkFully(root, manifest, ["model"], ["outputs"])).toBe("outputs/model/model.pkl changed (same size, other bytes)");
  });

  it("rehashes a file whose time moved: other bytes are a miss, the same bytes are not", () => {
    const { root, manifest } = stored();
    put(root, "outputs/model/model.pkl", "abd", T + 60);
    expect(checkQuickly(root, manifest, ["model"])).toBe("outputs/model/model.pkl changed (same size, other bytes)");
    put(root, "outputs/model/model.pkl", "abc", T + 60);
    expect(checkQuickly(root, manifest, ["model"])).toBeUndefined();
  });

  it("compares times to the whole millisecond (what copies that keep times keep)", () => {
    const root = folder();
    put(root, "outputs/a/f", "abc");
    utimesSync(join(root, "outputs/a/f"), T, T + 0.0004); // 0.4 ms past T
    const manifest: Manifest = { "outputs/a/f": { size: 3, sha256: sha("xyz"), mtimeMs: T * 1000 + 0.9 } };
    // Same whole millisecond: the (wrong) recorded digest is not even read.
    expect(checkQuickly(root, manifest, [])).toBeUndefined();
    utimesSync(join(root, "outputs/a/f"), T, T + 0.0015); // 1.5 ms past T: another millisecond
    expect(checkQuickly(root, manifest, [])).toBe("outputs/a/f changed (same size, other bytes)");
  });

  it("trusts the size alone for entries recorded without times", () => {
    const root = folder();
    put(root, "outputs/a/f", "abd", T + 99);
    expect(checkQuickly(root, { "outputs/a": { dir: true }, "outputs/a/f": { size: 3, sha256: ABC } }, ["a"])).toBeUndefined();
  });

  it("reports the first difference in manifest order", () => {
    const { root, manifest } = stored();
    rmSync(join(root, "outputs/report"), { recursive: true });
    put(root, "outputs/model/model.pkl", "a");
    expect(checkQuickly(root, manifest, ["model", "report"])).toBe("outputs/model/model.pkl is 1 bytes, not 3");
  });
});

describe("checkFully", () => {
  it("passes an untouched entry, whatever the times", () => {
    const root = entryFolder();
    const manifest = buildManifest(root, ["outputs"]);
    expect(checkFully(root, manifest, ["model", "report"], ["outputs"])).toBeUndefined();
  });

  it("gives the quick check's answer first", () => {
    const root = entryFolder();
    const manifest = buildManifest(root, ["outputs"]);
    put(root, "outputs/extra.txt", "new");
    rmSync(join(root, "outputs/report"), { recursive: true });
    expect(checkFully(root, manifest, ["model"], ["outputs"])).toBe("outputs/report is missing");
    expect(checkFully(root, manifest, ["nope"], ["outputs"])).toBe("output nope was not recorded");
  });

  it("names a file added after the entry was stored, an empty folder too", () => {
    const root = entryFolder();
    const manifest = buildManifest(root, ["outputs"]);
    mkdirSync(join(root, "outputs/report/later"));
    expect(checkFully(root, manifest, ["report"], ["outputs"])).toBe("outputs/report/later was added after the entry was stored");
  });

  it("looks only under the names it is given", () => {
    const root = entryFolder();
    const manifest = buildManifest(root, ["outputs"]);
    put(root, "sweep.json", "{}");
    expect(checkFully(root, manifest, [], ["outputs"])).toBeUndefined();
    expect(checkFully(root, manifest, [], ["outputs", "sweep.json"])).toBe("sweep.json was added after the entry was stored");
  });

  it("names the rotted file among several untouched ones", () => {
    const root = entryFolder();
    const manifest = buildManifest(root, ["outputs"]);
    put(root, "outputs/model/meta/info.txt", "inFo");
    expect(checkFully(root, manifest, [], ["outputs"])).toBe("outputs/model/meta/info.txt changed (same size, other bytes)");
  });
});

describe("outputDigests", () => {
  const file = (text: string) => ({ size: text.length, sha256: sha(text), mtimeMs: 1 });

  it("is pinned: downstream fingerprints hold it, so its format may not drift", () => {
    const manifest: Manifest = {
      "outputs/m": { dir: true },
      "outputs/m/a.txt": file("abc"),
      "outputs/m/d": { dir: true },
      "outputs/m/l": { link: "a.txt" },
    };
    const expected = createHash("sha256").update(`a.txt\0file\0${ABC}\0`).update("d\0dir\0").update("l\0link\0a.txt\0").digest("hex");
    expect(outputDigests(manifest, ["m"])).toEqual({ m: expected });
    expect(outputDigests({}, ["m"])).toEqual({ m: EMPTY });
  });

  it("depends on content and names, not on times or the order entries were recorded in", () => {
    const a: Manifest = { "outputs/m/x": file("1"), "outputs/m/y": file("2") };
    const b: Manifest = { "outputs/m/y": { ...file("2"), mtimeMs: 99 }, "outputs/m/x": { ...file("1"), mtimeMs: 42 } };
    const digest = outputDigests(a, ["m"]).m;
    expect(outputDigests(b, ["m"]).m).toBe(digest);
    expect(outputDigests({ "outputs/m/x": file("1"), "outputs/m/z": file("2") }, ["m"]).m).not.toBe(digest);
    expect(outputDigests({ "outputs/m/x": file("1"), "outputs/m/y": file("3") }, ["m"]).m).not.toBe(digest);
    expect(outputDigests({ "outputs/m/x": file("2"), "outputs/m/y": file("1") }, ["m"]).m).not.toBe(digest);
  });

  it("tells a file from a link and from a folder, and counts an empty folder", () => {
    const asFile = outputDigests({ "outputs/m/x": file("t") }, ["m"]).m;
    const asLink = outputDigests({ "outputs/m/x": { link: sha("t") } }, ["m"]).m;
    const asDir = outputDigests({ "outputs/m/x": { dir: true } }, ["m"]).m;
    expect(new Set([asFile, asLink, asDir, EMPTY]).size).toBe(4);
  });

  it("keeps each output to its own files (not the folder itself, not a sibling sharing a prefix)", () => {
    const manifest: Manifest = {
      outputs: { dir: true },
      "outputs/m": { dir: true },
      "outputs/m/x": file("1"),
      "outputs/mm": { dir: true },
      "outputs/mm/x": file("2"),
      "sweep.json": file("{}"),
    };
    const digests = outputDigests(manifest, ["m", "mm"]);
    expect(digests).toEqual({
      m: outputDigests({ "outputs/m/x": file("1") }, ["m"]).m,
      mm: outputDigests({ "outputs/mm/x": file("2") }, ["mm"]).mm,
    });
    expect(digests.m).toBe(
      createHash("sha256")
        .update(`x\0file\0${sha("1")}\0`)
        .digest("hex"),
    );
    expect(outputDigests(manifest, [])).toEqual({});
  });
});
