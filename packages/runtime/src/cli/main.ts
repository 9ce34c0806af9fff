// Entry point. Turning on Node's on-disk compile cache before anything else loads lets later
// runs skip re-parsing dependencies and re-stripping TypeScript; the bundled program, when it is
// up to date, avoids resolving ~200 separate modules.
import { enableCompileCache } from "node:module";
import { pathToFileURL } from "node:url";
import { BUNDLE, bundleIsFresh } from "./bundle.ts";

if (!process.env.SLUICE_NO_COMPILE_CACHE) enableCompileCache?.();
const useBundle = !process.env.SLUICE_FROM_SOURCE && bundleIsFresh();
const program = (await import(useBundle ? pathToFileURL(BUNDLE).href : "./program.ts")) as typeof import("./program.ts");
await program.main(process.argv.slice(2));
