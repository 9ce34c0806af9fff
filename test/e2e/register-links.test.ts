import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/run-node.ts";

const SCRIPT = join(REPO_ROOT, "packages/compiler/builtin/register_model/register_model.py");
let root = "";
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A model folder with one real file, and the built-in step registering it into a fresh local registry. */
function setup(links: (model: string) => void) {
  root = mkdtempSync(join(tmpdir(), "sluice-links-"));
  const model = join(root, "model");
  mkdirSync(join(model, "sub"), { recursive: true });
  writeFileSync(join(model, "model.pkl"), "weights");
  links(model);
  const registry = join(root, "registry");
  const r = spawnSync("python3", [SCRIPT, "--model_name", "m", "--model_path", model], {
    env: { ...process.env, SLUICE_MODEL_REGISTRY: registry },
    encoding: "utf8",
  });
  return { model, registry, copy: join(registry, "models", "m", "1", "model"), ...r };
}

describe("registerModelStep and symbolic links", () => {
  it("a link to a file outside the model folder is refused, and nothing of it reaches the registry", () => {
    const r = setup((model) => symlinkSync("/etc/passwd", join(model, "passwd")));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("the symbolic link passwd in the model folder points outside it (to /etc/passwd)");
    expect(existsSync(r.copy)).toBe(false);
    expect(r.stdout).not.toContain("Registered");
  });

  it("a link loop is refused in one line, not a traceback", () => {
    const r = setup((model) => {
      symlinkSync("b", join(model, "a"));
      symlinkSync("a", join(model, "b"));
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^register_model: the symbolic link a in the model folder cannot be followed: it loops\n$/);
  });

  it("links inside the folder are copied as links into the registry's copy, relative even when written absolute", () => {
    const r = setup((model) => {
      symlinkSync("../model.pkl", join(model, "sub", "relative.pkl"));
      symlinkSync(join(model, "model.pkl"), join(model, "absolute.pkl"));
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    for (const link of ["sub/relative.pkl", "absolute.pkl"]) {
      const path = join(r.copy, link);
      expect(lstatSync(path).isSymbolicLink(), link).toBe(true);
      expect(readlinkSync(path).startsWith("/"), link).toBe(false);
      expect(realpathSync(path)).toBe(realpathSync(join(r.copy, "model.pkl")));
      expect(readFileSync(path, "utf8")).toBe("weights");
    }
  });
});
