import { SluiceDefinitionError } from "../core/errors.ts";
import { captureLocation } from "../core/source-location.ts";
import type { ComponentIR, SourceLocation } from "../ir/schema.ts";
import type { SparkComponentIR } from "../ir/spark-schema.ts";
import type { ParallelComponentIR } from "../ir/parallel-schema.ts";
import type { Component } from "./component.ts";
import { componentStep, type ComponentStepOptions } from "./component-step.ts";
import type { InputSpec, OutputSpec } from "./io-specs.ts";

/**
 * The component YAML files pipelines load, by the path written in `loadComponent(...)`, with
 * their inputs and outputs. Empty here; `sluice types` writes `sluice-components.d.ts`, which
 * adds one entry per file, so a wrong input name is a TypeScript error.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging from generated declarations.
export interface ComponentFiles {}

/** A component's inputs and outputs, as `sluice types` writes them for each file. */
export interface ComponentInterface<I extends Record<string, InputSpec>, O extends Record<string, OutputSpec>> {
  /** Each input's type, and whether a step must give it. */
  inputs: I;
  /** Each output's type. */
  outputs: O;
}

/** Before `sluice types` has run: any names, checked when the pipeline loads (SL008, SL140–SL142). */
export interface UntypedInterface {
  // biome-ignore lint/suspicious/noExplicitAny: not generated yet; the loaded YAML is checked at load time.
  /** Any input name. */ inputs: any;
  // biome-ignore lint/suspicious/noExplicitAny: not generated yet; the loaded YAML is checked at load time.
  /** Any output name. */ outputs: any;
}

/** The interface `loadComponent(path)` has: the generated one, or {@link UntypedInterface} until `sluice types` runs. */
export type LoadedInterface<P extends string> = P extends keyof ComponentFiles
  ? ComponentFiles[P] extends ComponentInterface<infer I, infer O>
    ? ComponentInterface<I, O>
    : never
  : UntypedInterface;

/** @internal Reads a component YAML (path as written, and the file that wrote it) into IR; installed by the Sluice CLI. */
export type ComponentFileLoader = (path: string, calledFrom: SourceLocation) => ComponentIR | SparkComponentIR | ParallelComponentIR;

// A global, not a module variable: the CLI and the pipeline file may load different copies of this package.
const LOADER = Symbol.for("sluice.componentFileLoader");

/** @internal Installs the reader `loadComponent` uses (the CLI does, before loading pipeline files). */
export function setComponentFileLoader(loader: ComponentFileLoader | undefined): void {
  (globalThis as Record<symbol, unknown>)[LOADER] = loader;
}

/**
 * A command, Spark or parallel component from its CLI v2 YAML file (`type: command`, `type: spark`, `type: parallel`): name, version, inputs with
 * their types and constraints, outputs, code, environment and command, exactly as `az ml`
 * reads them. The path is relative to the file that calls `loadComponent`. Run `sluice types`
 * once (and after editing the YAML) to get its inputs and outputs as TypeScript types; until
 * then a misspelled name is still reported when the pipeline loads (SL008), with a suggestion.
 *
 * @example
 * ```ts
 * const train = loadComponent("./components/train.yml");
 * // inside pipeline(...):
 * const trained = train({ name: "train_job", inputs: { training_data: dataFolder("./data"), max_epochs: 20 } });
 * ```
 */
export function loadComponent<const P extends string>(path: P): Component<LoadedInterface<P>["inputs"], LoadedInterface<P>["outputs"]> {
  type I = LoadedInterface<P>["inputs"];
  type O = LoadedInterface<P>["outputs"];
  const calledFrom = captureLocation();
  const loader = (globalThis as Record<symbol, unknown>)[LOADER] as ComponentFileLoader | undefined;
  if (typeof path !== "string" || path.length === 0)
    throw new SluiceDefinitionError({
      code: "SL009",
      message: "loadComponent needs the path of a component YAML file",
      hint: 'write loadComponent("./train.yml")',
      location: calledFrom,
    });
  if (!loader)
    throw new SluiceDefinitionError({
      code: "SL147",
      message: `loadComponent("${path}") was called outside the Sluice CLI, which reads component YAML`,
      hint: "run the pipeline file with sluice (check, run, compile, deploy), or write the component with component({...})",
      location: calledFrom,
    });
  const ir = loader(path, calledFrom);
  const call = (options: ComponentStepOptions<I, O>) => componentStep(ir, {} as I, {} as O, options);
  // A Spark component YAML runs as a Spark step (its steps take Spark's settings), a parallel one as a parallel step.
  return Object.assign(call, { componentName: ir.name, ir }) as Component<I, O>;
}
