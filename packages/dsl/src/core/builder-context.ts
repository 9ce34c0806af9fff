import type { SourceLocation } from "../ir/schema.ts";
import { SluiceDefinitionError } from "./errors.ts";
import { checkShape, isPlainObject, type Shape } from "./option-checks.ts";

/** What a step needs from the pipeline being built; implemented by the pipeline builder. */
export interface PipelineScope {
  readonly name: string;
  addStep(step: StepNode): void;
  /** Adds a control-flow node (`ifElse`, `doWhile`, `parallelFor`) over steps of this scope. */
  addControl(node: StepNode): void;
  /** Keeps a pipeline input declared in the build function, read by a step or not (as Azure's job inputs are). */
  declare?(value: unknown): void;
  /** Records a mistake; the pipeline reports all of them once its build function returns. */
  report(error: SluiceDefinitionError): void;
}

/** Anything a pipeline can hold as a step; `toIR` runs once, when the pipeline is synthesized. */
export interface StepNode {
  readonly name: string;
  readonly definedAt: SourceLocation;
}

const scopes: PipelineScope[] = [];

export function withScope<T>(scope: PipelineScope, build: () => T): T {
  scopes.push(scope);
  try {
    return build();
  } finally {
    scopes.pop();
  }
}

/** Hands a pipeline input declared inside a build function to the pipeline being built (none outside one). */
export function declareInScope(value: unknown): void {
  scopes[scopes.length - 1]?.declare?.(value);
}

/** The pipeline being built, if any: definition errors name it in their path. */
export function currentPipelineName(): string | undefined {
  return scopes[scopes.length - 1]?.name;
}

/**
 * Checks a builder's options and reports what is wrong: to the pipeline being built (which
 * reports every mistake at once), or at once outside a pipeline. Returns the top-level keys
 * whose values were refused, so the builder can leave them out instead of tripping over them.
 */
export function enforceOptions(builder: string, options: unknown, shape: Shape, location: SourceLocation, isStep = builder.endsWith("Step")): Set<string> {
  const problems = checkShape(builder, options, shape);
  if (problems.length === 0) return new Set();
  const scope = scopes[scopes.length - 1];
  const name = isPlainObject(options) && typeof options.name === "string" ? options.name : undefined;
  const stepPath = scope ? (name && isStep ? `${scope.name}/${name}` : scope.name) : (name ?? "pipeline");
  const errors = problems.map((p) => new SluiceDefinitionError({ code: p.code, message: p.message, hint: p.hint, location, stepPath }));
  if (!scope) throw new SluiceDefinitionError({ ...fields(errors[0] as SluiceDefinitionError), others: errors.slice(1) });
  for (const error of errors) scope.report(error);
  return new Set(problems.map((p) => p.key.split(".")[0] as string));
}

function fields(e: SluiceDefinitionError) {
  return { code: e.tableCode, message: e.message, hint: e.hint, location: e.location, ...(e.stepPath ? { stepPath: e.stepPath } : {}) };
}

/** The options without the values `enforceOptions` refused. */
export function withoutRefused<T extends object>(options: T, refused: Set<string>): T {
  if (refused.size === 0 || !isPlainObject(options)) return options;
  return Object.fromEntries(Object.entries(options).filter(([k]) => !refused.has(k))) as T;
}

/** Steps exist only inside a pipeline's build function, so ownership is never ambiguous. */
export function currentScope(builder: string, location: SourceLocation): PipelineScope {
  const scope = scopes[scopes.length - 1];
  if (!scope) {
    throw new SluiceDefinitionError({
      code: "SL001",
      message: `${builder}() was called outside a pipeline's build function`,
      hint: "create steps inside pipeline({ ... }, () => { ... }) so they belong to that pipeline",
      location,
    });
  }
  return scope;
}

/** Throws the mistakes a build function collected, all at once (the first carries the others). */
export function raiseCollected(problems: readonly SluiceDefinitionError[]): void {
  const [first, ...others] = problems;
  if (first) throw new SluiceDefinitionError({ ...fields(first), others });
}
