export { loadPipelines, type LoadedPipeline, type LoadResult } from "./load/load-pipelines.ts";
export { findPipelineFiles } from "./load/find-pipeline-files.ts";
export { typeCheckFile } from "./typecheck/type-check.ts";
export { writeFileAtomic } from "./fs/atomic-write.ts";
export { SluiceError, isSluiceError, type ErrorKind } from "./errors/sluice-error.ts";
export { exitCodeFor, type ExitCode } from "./cli/exit-codes.ts";
