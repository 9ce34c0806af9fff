import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/run-node.ts";
import { copyProject, sandbox } from "../helpers/local-sandbox.ts";

const project = copyProject("test/fixtures/local");
const box = sandbox();
const pipeline = join(relative(REPO_ROOT, project.dir), "args.pipeline.ts");
afterAll(() => {
  project.cleanup();
  box.cleanup();
});

describe("security", () => {
  it("a parameter value reaches the script verbatim as one argv entry; no shell runs it", () => {
    const evil = "a b; rm -rf ~ $(x) `y` && echo pwned > /tmp/pwned";
    const run = box.sluice(["run", pipeline, "--param", `name=${evil}`]);
    expect(run.status).toBe(0);
    const id = box.runs()[0]!.id;
    const out = box.sluice(["outputs", id, "echo.out"]).stdout.trim();
    const argv = JSON.parse(readFileSync(join(out, "args.json"), "utf8"));
    expect(argv.slice(0, 4)).toEqual(["--name", evil, "--literal", "two words; $(x)"]);
  });

  it("refuses input mappings and output names that would escape their folders", () => {
    const id = box.runs()[0]!.id;
    const mapping = box.sluice(["run", pipeline, "--input", "../../etc=/tmp"]);
    expect(mapping.status).toBe(2);
    expect(mapping.stderr).toContain("must be name=value with a plain name");
    for (const name of ["../../../etc", "echo.../../../x", "echo.out/../../../../etc"]) {
      const out = box.sluice(["outputs", id, name, "--download", join(box.root, "dl")]);
      expect(out.status, name).not.toBe(0);
      expect(out.stderr).toMatch(/refusing|no output/);
    }
    expect(box.sluice(["logs", "../../etc", "x"]).stderr).toContain("refusing run id '../../etc'");
  });
});
