// `sluice init` never writes a dependency that cannot be installed: Sluice is not on the npm
// registry (and nobody owns its scope there), so a `^0.1.0` would 404, or install a stranger's
// package. `--vendor <dir>` keeps the tarballs inside the repository, where a clean clone finds
// them (the whole path, npm ci on a fresh clone included, is in test/e2e/user-install.test.ts).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/run-node.ts";

const root = mkdtempSync(join(tmpdir(), "sluice-init-deps-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const VERSION = JSON.parse(readFileSync(new URL("../packages/runtime/package.json", import.meta.url), "utf8")).version as string;

/** A folder with stand-ins for the three tarballs `npm run pack` writes. */
function tarballs(names = ["dsl", "compiler", "runtime"]): string {
  const dir = mkdtempSync(join(root, "tgz-"));
  for (const name of names) writeFileSync(join(dir, `sluice-${name}-${VERSION}.tgz`), `tarball of ${name}`);
  return dir;
}
const project = (name: string) => {
  const dir = join(root, name);
  mkdirSync(dir);
  return dir;
};
const pkgOf = (dir: string) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));

describe("sluice init and Sluice's own packages", () => {
  it("in a fresh folder, writes no Sluice dependency npm cannot install, and says how to add one", () => {
    const dir = project("fresh");
    const r = runCli(["init", dir]);
    expect(r.status).toBe(0);
    const pkg = pkgOf(dir);
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.devDependencies).toBeUndefined();
    expect(r.stdout).toContain(
      "note: @sluice/dsl and @sluice/runtime are not in package.json, and not on the npm registry: add them with `sluice init --vendor <folder with the tarballs>`",
    );
  });

  it('says it changed the "type" of an existing package.json (what npm init -y writes), not to set it', () => {
    const dir = project("npm-init");
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "npm-init", version: "1.0.0", type: "commonjs" }));
    const r = runCli(["init", dir]);
    expect(r.status).toBe(0);
    expect(pkgOf(dir).type).toBe("module");
    expect(r.stdout).toContain('note: changed "type" from "commonjs" to "module" in package.json (pipeline files are ES modules)');
    expect(r.stdout).not.toContain('set "type"');
  });

  it("--vendor copies the three tarballs into vendor/sluice/ and installs them from there", () => {
    const dir = project("vendored");
    const from = tarballs();
    const r = runCli(["init", dir, "--vendor", from]);
    expect(r.status).toBe(0);
    expect(pkgOf(dir).devDependencies).toEqual({
      "@sluice/dsl": `file:vendor/sluice/sluice-dsl-${VERSION}.tgz`,
      "@sluice/compiler": `file:vendor/sluice/sluice-compiler-${VERSION}.tgz`,
      "@sluice/runtime": `file:vendor/sluice/sluice-runtime-${VERSION}.tgz`,
    });
    for (const name of ["dsl", "compiler", "runtime"])
      expect(readFileSync(join(dir, `vendor/sluice/sluice-${name}-${VERSION}.tgz`), "utf8")).toBe(`tarball of ${name}`);
    expect(r.stdout).toMatch(/\n {2}npm install {15}# installs Sluice from vendor\/sluice\/\n/);
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).not.toMatch(/^vendor/m);
  });

  it("--vendor replaces file: specs outside the repository (what `npm install /tmp/sluice/*.tgz` records)", () => {
    const dir = project("reinstalled");
    const outside = `file:${join(root, "elsewhere", `sluice-dsl-${VERSION}.tgz`)}`;
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "mine", dependencies: { "@sluice/dsl": outside, left: "^1.0.0" } }));
    const warned = runCli(["init", dir, "--name", "warned"]);
    expect(warned.stdout).toContain(
      `note: @sluice/dsl is installed from ${outside.slice(5)}, outside this folder: a clean clone (CI's npm ci) cannot install it`,
    );
    const r = runCli(["init", dir, "--vendor", tarballs(), "--force"]);
    expect(r.status).toBe(0);
    const pkg = pkgOf(dir);
    expect(pkg.dependencies).toEqual({ left: "^1.0.0" });
    expect(pkg.devDependencies["@sluice/dsl"]).toBe(`file:vendor/sluice/sluice-dsl-${VERSION}.tgz`);
  });

  it("--vendor without all three tarballs is one usage line, and nothing is written", () => {
    const dir = project("incomplete");
    const r = runCli(["init", dir, "--vendor", tarballs(["dsl", "runtime"])]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^sluice: --vendor: no sluice-compiler-<version>\.tgz in .*\n {2}hint: pack all three with `npm run -s pack -- <dir>`/);
    expect(existsSync(join(dir, "package.json"))).toBe(false);
    const missing = runCli(["init", dir, "--vendor", join(root, "nowhere")]);
    expect([missing.status, missing.stderr.split("\n")[0]]).toEqual([2, `sluice: --vendor: '${join(root, "nowhere")}' does not exist`]);
  });
});
