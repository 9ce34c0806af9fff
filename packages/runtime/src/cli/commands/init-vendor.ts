import { existsSync, readdirSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { SluiceError } from "../../errors/sluice-error.ts";
import { sluiceVersion } from "../version.ts";

/** Where `--vendor` puts the tarballs, relative to the project: committed with it, so `npm ci` finds them. */
export const VENDOR_DIR = "vendor/sluice";

/** The packages a project needs, by name and tarball prefix (the compiler is the runtime's dependency, pinned by version). */
const PACKAGES = [
  ["@sluice/dsl", "sluice-dsl"],
  ["@sluice/compiler", "sluice-compiler"],
  ["@sluice/runtime", "sluice-runtime"],
] as const;

/** A tarball to copy into the project, and the spec package.json gets for it. */
export interface VendoredTarball {
  name: string;
  from: string;
  to: string;
  spec: string;
}

/**
 * The three tarballs `npm run pack` writes, found in `dir`: the version of this CLI when several
 * are there, else the only one; a missing one is a usage error naming it.
 */
export function findTarballs(dir: string): VendoredTarball[] {
  const folder = resolve(dir);
  if (!existsSync(folder))
    throw new SluiceError("usage", `--vendor: '${dir}' does not exist`, { hint: "give the folder `npm run -s pack -- <dir>` wrote the tarballs into" });
  const files = readdirSync(folder);
  return PACKAGES.map(([name, prefix]) => {
    const found = files.filter((f) => new RegExp(`^${prefix}-\\d[^/]*\\.tgz$`).test(f)).sort();
    const file = found.find((f) => f === `${prefix}-${sluiceVersion()}.tgz`) ?? (found.length === 1 ? found[0] : undefined);
    if (!file)
      throw new SluiceError(
        "usage",
        `--vendor: ${found.length === 0 ? `no ${prefix}-<version>.tgz` : `several ${prefix} tarballs and none of version ${sluiceVersion()}`} in ${folder}`,
        {
          hint: "pack all three with `npm run -s pack -- <dir>` in a Sluice checkout, then pass that <dir>",
        },
      );
    const to = `${VENDOR_DIR}/${file}`;
    return { name, from: join(folder, file), to, spec: `file:${to}` };
  });
}

/** A `file:` spec that points outside the project (or at a folder that is not there): CI's clean clone cannot install it. */
function outsideSpec(projectDir: string, spec: string): string | undefined {
  if (!spec.startsWith("file:")) return undefined;
  const path = spec.slice("file:".length);
  const absolute = isAbsolute(path) ? path : resolve(projectDir, path);
  const rel = relative(projectDir, absolute);
  return rel.startsWith("..") || isAbsolute(rel) ? absolute : undefined;
}

type Deps = Record<string, string>;

/**
 * Sluice's packages in the project's devDependencies. With `--vendor`, each points at its copy
 * in vendor/sluice/ (replacing a spec there was). Without, nothing is added: the packages are not
 * on the npm registry, and a `^0.1.0` there would fail `npm install` (or, worse, install someone
 * else's package of that name). Notes say what to do instead.
 */
export function sluiceDependencies(
  pkg: Record<string, unknown>,
  projectDir: string,
  vendored: VendoredTarball[] | undefined,
  notes: string[],
): Record<string, unknown> {
  const deps: Deps = { ...((pkg.dependencies as Deps | undefined) ?? {}) };
  const dev: Deps = { ...((pkg.devDependencies as Deps | undefined) ?? {}) };
  if (vendored) {
    for (const t of vendored) {
      delete deps[t.name];
      dev[t.name] = t.spec;
    }
    notes.push(
      `copied the Sluice tarballs into ${VENDOR_DIR}/ and pointed package.json at them: run npm install, then commit ${VENDOR_DIR}/, package.json and package-lock.json`,
    );
    return { ...pkg, ...(Object.keys(deps).length > 0 || pkg.dependencies ? { dependencies: deps } : {}), devDependencies: dev };
  }
  const listed = { ...deps, ...dev };
  const missing = PACKAGES.map(([name]) => name).filter((name) => name !== "@sluice/compiler" && listed[name] === undefined);
  if (missing.length > 0)
    notes.push(
      `${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} not in package.json, and not on the npm registry: add them with \`sluice init --vendor <folder with the tarballs>\` (npm run -s pack -- <folder> in a Sluice checkout)`,
    );
  for (const [name, spec] of Object.entries(listed)) {
    const outside = name.startsWith("@sluice/") ? outsideSpec(projectDir, spec) : undefined;
    if (outside)
      notes.push(
        `${name} is installed from ${outside}, outside this folder: a clean clone (CI's npm ci) cannot install it; \`sluice init --vendor <that folder>\` copies it into ${VENDOR_DIR}/`,
      );
  }
  return pkg;
}

/** The bytes of each tarball, by its path in the project. */
export function tarballFiles(vendored: VendoredTarball[] | undefined): Map<string, Uint8Array> {
  return new Map((vendored ?? []).map((t) => [t.to, readFileSync(t.from)]));
}
