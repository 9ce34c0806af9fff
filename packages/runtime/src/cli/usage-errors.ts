import type { Command } from "commander";
import { writeJsonFailure } from "../errors/report-failure.ts";

/**
 * Commander's own error text ("error: unknown option '--x'" plus, by default, the whole help) is
 * rewritten into Sluice's one-line form: `sluice: <message>` and a hint naming the command's
 * `--help`, so a typo costs one line to read, not 30. Commander's "(Did you mean …?)" suggestion
 * is kept, folded into the message.
 */
export function oneLineUsageError(raw: string, commandPath: string): string {
  const { message, hint } = usageErrorParts(raw, commandPath);
  return `sluice: ${message}\n  hint: ${hint}\n`;
}

/** Commander's error text as Sluice's message and hint. */
function usageErrorParts(raw: string, commandPath: string): { message: string; hint: string } {
  const lines = raw
    .trim()
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const message = (lines[0] ?? "").replace(/^error:\s*/, "");
  const suggestion = lines.find((line) => /^\(Did you mean .*\?\)$/.test(line));
  const said = suggestion ? `${message.replace(/\.$/, "")}; ${suggestion.replace(/^\(|\)$/g, "").replace(/^Did/, "did")}` : message;
  return { message: said, hint: `${commandPath} --help` };
}

/** The full name a hint shows for `cmd` (`sluice`, `sluice run`). */
function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/** Applies the one-line form to `program` and each of its commands (their errors say their own `--help`). */
export function useOneLineUsageErrors(program: Command): void {
  for (const cmd of [program, ...program.commands]) {
    cmd.showHelpAfterError(false).configureOutput({
      outputError: (text, write) => {
        write(oneLineUsageError(text, commandPath(cmd)));
        const { message, hint } = usageErrorParts(text, commandPath(cmd));
        writeJsonFailure("usage", message, hint, 2);
      },
    });
  }
}
