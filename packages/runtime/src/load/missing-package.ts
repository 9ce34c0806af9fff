import { SluiceError } from "../errors/sluice-error.ts";

/**
 * A pipeline file whose folder cannot see Sluice's own packages (copied out of the project, or
 * `npm install` not run) is not a mistake in the file: it is the machine's setup, so it is an
 * environment error (exit 3) saying how to install Sluice, not a located SL100 "fix this line".
 */
export function sluiceNotInstalled(error: unknown): SluiceError | undefined {
  if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") return undefined;
  const match = /Cannot find package '(@sluice\/[^']+)' imported from (.+)$/.exec(error.message);
  if (!match) return undefined;
  return new SluiceError("environment", `cannot find package '${match[1]}' from ${match[2]}`, {
    hint: "install Sluice in this project (npm install --save-dev vendor/sluice/*.tgz, see the README)",
  });
}
