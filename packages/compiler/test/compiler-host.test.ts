// The compiler reads files only through its host: a pipeline whose code exists only in memory
// compiles, hashes that code, and reports missing files against the host, not the disk.
import { describe, expect, it } from "vitest";
import { outputFileDataset, pipeline, pythonScriptStep } from "@sluice/dsl";
import { compilePipeline, type CompilerHost } from "../src/index.ts";
import { snapshotCode } from "../src/hash/code-snapshot.ts";

/** A read-only tree of text files under /virtual. */
function memoryHost(files: Record<string, string>): CompilerHost & { reads: string[] } {
  const reads: string[] = [];
  const dirs = new Set(
    Object.keys(files).flatMap((f) =>
      f
        .split("/")
        .slice(1, -1)
        .map((_, i, parts) => `/${parts.slice(0, i + 1).join("/")}`),
    ),
  );
  return {
    reads,
    cwd: () => "/virtual",
    stat: (path) => {
      if (path in files) return { isFile: true, isDirectory: false, size: Buffer.byteLength(files[path] as string) };
      return dirs.has(path) ? { isFile: false, isDirectory: true, size: 0 } : undefined;
    },
    readText: (path) => {
      reads.push(path);
      return files[path] as string;
    },
    list: (path) => {
      const names = new Set<string>();
      for (const p of [...Object.keys(files), ...dirs]) if (p.startsWith(`${path}/`)) names.add(p.slice(path.length + 1).split("/")[0] as string);
      return [...names].map((name) => ({ name, isDirectory: dirs.has(`${path}/${name}`) }));
    },
    forEachChunk: (path, use) => {
      reads.push(path);
      use(Buffer.from(files[path] as string));
    },
  };
}

const ir = (script: string) =>
  pipeline({ name: "virtual", defaultCompute: "cpu-cluster" }, () => {
    const out = outputFileDataset("out");
    pythonScriptStep({ name: "prep", sourceDirectory: "/virtual/src", script, arguments: ["--out", out] });
    return { out };
  }).toIR();

describe("compiling against a host", () => {
  const host = memoryHost({ "/virtual/src/prep.py": "print('hi')\n", "/virtual/src/lib/util.py": "x = 1\n", "/virtual/src/.amlignore": "*.log\n" });

  it("hashes code that exists only in the host, as the disk version would be hashed", () => {
    const result = compilePipeline(ir("prep.py"), { host });
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const [snapshot] = result.model.codeSnapshots;
    expect(snapshot?.files.map((f) => f.path)).toEqual([".amlignore", "lib/util.py", "prep.py"]);
    expect(snapshot?.ignoreFile).toBe(".amlignore");
    expect(snapshot?.sha256).toBe(snapshotCode("/virtual/src", host).sha256);
    expect(host.reads).toContain("/virtual/src/prep.py");
  });

  it("reports a missing script against the host, relative to its working directory", () => {
    const result = compilePipeline(ir("train.py"), { host });
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      "SL109 script 'train.py' does not exist in '/virtual/src' (looked for src/train.py)",
    ]);
  });
});
