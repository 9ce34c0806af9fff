// The DSL reference under docs/reference is generated from the TSDoc of @sluice/dsl's public API
// (`npm run docs`). This fails when it is stale, or when an export or option lacks its doc
// (typedoc.json treats a missing doc as an error).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/run-node.ts";

it("docs/reference is what `npm run docs` generates from the current sources", () => {
  const out = mkdtempSync(join(tmpdir(), "sluice-docs-"));
  try {
    const typedoc = join(REPO_ROOT, "node_modules/typedoc/bin/typedoc");
    const r = spawnSync(process.execPath, [typedoc, "--out", out], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(`${r.stdout}${r.stderr}`.trim(), "typedoc reported problems").toBe("");
    expect(r.status).toBe(0);
    const committed = join(REPO_ROOT, "docs/reference");
    expect(readdirSync(out).sort()).toEqual(readdirSync(committed).sort());
    for (const file of readdirSync(out)) {
      expect(readFileSync(join(committed, file), "utf8"), `docs/reference/${file} is stale: run npm run docs`).toBe(readFileSync(join(out, file), "utf8"));
    }
    // Every builder has an example in its own section.
    const sections = readFileSync(join(committed, "README.md"), "utf8").split(/\n#{2,3} /);
    for (const builder of [
      "pipeline",
      "pythonScriptStep",
      "autoMLStep",
      "registerModelStep",
      "outputFileDataset",
      "dataset",
      "webFiles",
      "localFiles",
      "pipelineParameter",
      "environment",
      "compute",
      "schedule",
      "component",
      "cmd",
    ]) {
      const section = sections.find((s) => s.startsWith(`${builder}()`));
      expect(section, builder).toContain("#### Example");
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

it("docs/diagnostics.md lists exactly the codes of DIAGNOSTIC_CODES (`npm run docs:diagnostics`)", async () => {
  const { DIAGNOSTICS_DOC, renderDiagnosticsDoc } = await import("../scripts/docs-diagnostics.ts");
  const current = readFileSync(DIAGNOSTICS_DOC, "utf8");
  expect(renderDiagnosticsDoc(current), "docs/diagnostics.md is stale: run npm run docs:diagnostics").toBe(current);
});
