import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Diagnostic } from "@sluice/compiler";
import { typesFileFor } from "../types/component-types.ts";
import { hintFor } from "./type-hints.ts";

function findTsconfig(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "tsconfig.json");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Type-checks one pipeline file with ts-morph (using the nearest tsconfig.json's options) and
 * returns its TypeScript errors as Sluice diagnostics. Loaded lazily: it costs about a second.
 */
export async function typeCheckFile(file: string): Promise<Diagnostic[]> {
  const { Project, ts } = await import("ts-morph");
  const tsConfigFilePath = findTsconfig(dirname(file));
  const project = tsConfigFilePath
    ? new Project({ tsConfigFilePath, skipAddingFilesFromTsConfig: true })
    : new Project({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: ts.ModuleKind.NodeNext,
          moduleResolution: ts.ModuleResolutionKind.NodeNext,
          allowImportingTsExtensions: true,
          target: ts.ScriptTarget.ES2023,
        },
      });
  const source = project.addSourceFileAtPath(file);
  // The generated component types are a global declaration, not imported: add them as the project's tsconfig would.
  const declarations = typesFileFor(file);
  if (existsSync(declarations)) project.addSourceFileAtPath(declarations);
  project.resolveSourceFileDependencies();
  const program = project.getProgram().compilerObject;
  const sf = program.getSourceFile(source.getFilePath());
  if (!sf) return [];
  const found = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
  return found.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
    return {
      severity: "error" as const,
      code: `TS${d.code}`,
      message: message.split("\n")[0] ?? message,
      hint: hintFor(message),
      location: { file, line: pos.line + 1, column: pos.character + 1 },
      path: "typescript",
    };
  });
}
