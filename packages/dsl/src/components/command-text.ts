import { SluiceDefinitionError } from "../core/errors.ts";
import { captureLocation } from "../core/source-location.ts";

/** A typed stand-in for `${{inputs.x}}` / `${{outputs.y}}` inside {@link cmd}. */
export class Placeholder<Scope extends "inputs" | "outputs" = "inputs" | "outputs", Name extends string = string> {
  /** @internal */
  readonly scope: Scope;
  /** The input's or output's name. */
  readonly name: Name;

  /** @internal */
  constructor(scope: Scope, name: Name) {
    this.scope = scope;
    this.name = name;
  }

  /** The binding Azure substitutes: `${{inputs.name}}`. */
  toString(): string {
    return `\${{${this.scope}.${this.name}}}`;
  }
}

/**
 * A part of a command that Azure keeps only when the optional inputs it names are given
 * (`$[[--lr ${{inputs.lr}}]]`); local runs do the same.
 *
 * @example
 * ```ts
 * command: ({ inputs }) => cmd`python train.py ${opt`--lr ${inputs.learning_rate}`}`,
 * ```
 */
export function opt(strings: TemplateStringsArray, ...values: ReadonlyArray<Placeholder | string | number>): CommandText {
  return { kind: "command-text", text: `$[[${cmd(strings, ...values).text}]]` };
}

/** A component's command line, built by {@link cmd}. */
export interface CommandText {
  /** @internal */
  readonly kind: "command-text";
  /** The command with Azure's `${{…}}` bindings. */
  readonly text: string;
}

/**
 * Writes a component's command with typed placeholders: each `${inputs.x}` is checked by
 * TypeScript against the component's declared inputs, so a binding cannot be misspelled, and
 * becomes Azure's `${{inputs.x}}`. Literal parts are kept as written (Azure runs the command
 * in a shell; Sluice's local runner parses it the same way).
 *
 * @example
 * ```ts
 * command: ({ inputs, outputs }) => cmd`python train.py --data ${inputs.training_data} --model ${outputs.model}`,
 * ```
 */
export function cmd(strings: TemplateStringsArray, ...values: ReadonlyArray<Placeholder | CommandText | string | number>): CommandText {
  let text = strings[0] ?? "";
  values.forEach((value, i) => {
    if (value === undefined || value === null) {
      throw new SluiceDefinitionError({
        code: "SL143",
        message: `placeholder ${i + 1} of the command is ${value}: it names an input or output the component does not declare`,
        hint: "use only inputs.<name> and outputs.<name> the component declares",
        location: captureLocation(),
      });
    }
    const part = typeof value === "object" && "kind" in value && value.kind === "command-text" ? value.text : String(value);
    text += `${part}${strings[i + 1] ?? ""}`;
  });
  return { kind: "command-text", text };
}
