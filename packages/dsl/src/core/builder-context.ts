import type { SourceLocation } from "../ir/schema.ts";
import { SluiceDefinitionError } from "./errors.ts";

/** What a step needs from the pipeline being built; implemented by the pipeline builder. */
export interface PipelineScope {
  readonly name: string;
  addStep(step: StepNode): void;
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

/** The pipeline being built, if any: definition errors name it in their path. */
export function currentPipelineName(): string | undefined {
  return scopes[scopes.length - 1]?.name;
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
