// Entry point. Turning on Node's on-disk compile cache before anything else loads lets later
// runs skip re-parsing dependencies and re-stripping TypeScript (about half of start-up time).
import { enableCompileCache } from "node:module";

if (!process.env.SLUICE_NO_COMPILE_CACHE) enableCompileCache?.();
const { main } = await import("./program.ts");
await main(process.argv.slice(2));
