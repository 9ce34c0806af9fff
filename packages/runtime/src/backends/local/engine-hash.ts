import { dirname } from "node:path";
import { snapshotCode } from "@sluice/compiler";
import { pythonAsset } from "../../python/assets.ts";

let engineHash: string | undefined;

/** The local engines' own code (the AutoML and sweep engines' folder) is part of their steps' identity. */
export function engineCodeHash(): string {
  engineHash ??= snapshotCode(dirname(pythonAsset("automl_engine.py"))).sha256;
  return engineHash;
}
