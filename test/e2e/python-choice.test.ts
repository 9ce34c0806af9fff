import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { DEBIAN_PACKAGES, installHint } from "../../packages/runtime/src/python/install-hint.ts";
import { copyProject, sandbox } from "../helpers/local-sandbox.ts";

const project = copyProject("test/fixtures/local");
afterAll(() => project.cleanup());
const hasApt = spawnSync("apt-cache", ["--version"]).status === 0;

describe("choosing Python", () => {
  it("a SLUICE_PYTHON that does not exist is a one-line environment error naming it, not skipped", () => {
    const box = sandbox();
    const run = box.sluice(["run", project.file("fail.pipeline.ts")], { SLUICE_PYTHON: "/nonexistent/python3" });
    expect(run.status).toBe(3);
    expect(run.stderr.split("\n")[0]).toBe("sluice: SLUICE_PYTHON=/nonexistent/python3: no such file");
    expect(box.runs()).toEqual([]);
    box.cleanup();
  });

  it("a SLUICE_PYTHON that is not Python is named as such", () => {
    const box = sandbox();
    const run = box.sluice(["run", project.file("fail.pipeline.ts")], { SLUICE_PYTHON: "/bin/echo" });
    expect(run.status).toBe(3);
    expect(run.stderr.split("\n")[0]).toBe("sluice: SLUICE_PYTHON=/bin/echo is not a working Python 3 interpreter");
    box.cleanup();
  });
});

describe("missing-module hints", () => {
  it("name a Debian package only where one exists; otherwise a virtual environment and SLUICE_PYTHON", () => {
    expect(installHint(["sklearn"])).toContain("apt-get install python3-sklearn");
    for (const module of ["mlflow", "xgboostt", "sluice_no_such_module"]) {
      const hint = installHint([module]);
      expect(hint).not.toContain(`python3-${module}`);
      expect(hint).toContain(`${module} is not packaged for Debian`);
      expect(hint).toContain("python3 -m venv --system-site-packages .venv && .venv/bin/pip install");
      expect(hint).toContain("SLUICE_PYTHON=.venv/bin/python");
    }
    const mixed = installHint(["pandas", "mlflow"]);
    expect(mixed).toMatch(/^apt-get install python3-pandas; mlflow is not packaged for Debian/);
    expect(mixed).not.toContain("python3-mlflow");
    // A submodule the scan reports (`mlflow.sklearn`) is installed as its package, once.
    expect(installHint(["mlflow", "mlflow.sklearn"])).toContain(".venv/bin/pip install mlflow, then run");
  });

  it.skipIf(!hasApt)("the table of Debian packages agrees with apt on this machine", () => {
    const r = spawnSync(
      "apt-cache",
      [
        "show",
        "--no-all-versions",
        ...Object.keys(DEBIAN_PACKAGES).map((m) => `python3-${m.toLowerCase()}`),
        ...Object.values(DEBIAN_PACKAGES).filter((p) => p !== null),
      ],
      { encoding: "utf8" },
    );
    const known = new Set([...r.stdout.matchAll(/^Package: (\S+)$/gm)].map((m) => m[1]));
    for (const [module, pkg] of Object.entries(DEBIAN_PACKAGES)) {
      if (pkg === null) expect(known.has(`python3-${module.toLowerCase()}`), module).toBe(false);
      else expect(known.has(pkg), pkg).toBe(true);
    }
  });
});
