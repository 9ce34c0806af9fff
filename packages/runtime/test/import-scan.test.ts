// The import scan (python/imports.py through scanImports): which modules a step's own code needs
// from outside its snapshot, with the snapshot's archives on the Python path (a Spark job's
// py_files) providing their modules, and a damaged kept result scanned again, never trusted.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scanImports } from "../src/python/find-python.ts";

const dir = mkdtempSync(join(tmpdir(), "sluice-import-scan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const code = join(dir, "code");
mkdirSync(join(code, "pkg"), { recursive: true });
writeFileSync(
  join(code, "main.py"),
  "import pandas\nfrom utils import util\nimport helper\nimport pkg.inner\ntry:\n    import fancy\nexcept ImportError:\n    fancy = None\n",
);
writeFileSync(join(code, "helper.py"), "import numpy\n");
writeFileSync(join(code, "pkg", "inner.py"), "import json\n");
// utils.zip holds the package `utils` (as the official Spark example's does).
spawnSync("python3", [
  "-c",
  "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],'w'); z.writestr('utils/__init__.py',''); z.writestr('utils/util.py','import scipy'); z.close()",
  join(code, "utils.zip"),
]);
writeFileSync(join(code, "broken.zip"), "not a zip");
const files = ["main.py", "helper.py", "pkg/inner.py", "utils.zip", "broken.zip"];
const request = (archives?: string[]) => ({
  key: "s",
  dir: code,
  files,
  snapshot: `snap-${archives?.join() ?? "none"}`,
  entry: "main.py",
  ...(archives ? { archives } : {}),
});

describe("the import scan", () => {
  it("follows the step's own modules and keeps what only the outside provides; guarded imports are optional", () => {
    expect(scanImports(() => "python3", [request()]).get("s")).toEqual({ required: ["numpy", "pandas", "utils"], optional: ["fancy"] });
  });

  it("takes the modules of archives on the Python path as the step's own; an unreadable archive provides none", () => {
    expect(scanImports(() => "python3", [request(["utils.zip", "broken.zip"])]).get("s")).toEqual({ required: ["numpy", "pandas"], optional: ["fancy"] });
  });

  it("keeps results by snapshot, and scans again when a kept result is damaged", () => {
    const cache = join(dir, "cache");
    const first = scanImports(() => "python3", [request(["utils.zip"])], cache).get("s");
    const [kept] = readdirSync(join(cache, "python"));
    writeFileSync(join(cache, "python", kept as string), '{"required": "pandas"}');
    expect(scanImports(() => "python3", [request(["utils.zip"])], cache).get("s")).toEqual(first);
    writeFileSync(join(cache, "python", kept as string), "{not json");
    expect(scanImports(() => "python3", [request(["utils.zip"])], cache).get("s")).toEqual(first);
    expect(scanImports(() => "/nonexistent/python", [request(["utils.zip"])], cache).get("s")).toEqual(first);
  });
});
