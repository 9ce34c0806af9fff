import { DataLink, ProducedData } from "../data/data-link.ts";
import { PipelineParameter } from "../data/parameter-value.ts";
import { closestName } from "../ir/closest-name.ts";

/**
 * Run-time checks of builder options, so a misspelled option or a value of the wrong kind is
 * a located diagnostic even when nobody runs the type-checker (`sluice run`, `compile`, CI).
 * A check returns what it expected when the value does not fit, else undefined.
 */
export type Check = (value: unknown) => string | undefined;

export interface Field {
  check: Check;
  required?: boolean;
  /** Options of a nested object (`limits`, `recurrence`), checked key by key too. */
  shape?: Shape;
}
export type Shape = Readonly<Record<string, Field>>;

/** One problem with one option; `key` is its dotted path (`limits.maxTrials`). */
export interface OptionProblem {
  code: "SL008" | "SL009";
  key: string;
  message: string;
  hint: string;
}

export const is =
  (expected: string, test: (v: unknown) => boolean): Check =>
  (v) =>
    test(v) ? undefined : expected;

export const text = is("a string", (v) => typeof v === "string");
export const flag = is("true or false", (v) => typeof v === "boolean");
export const wholeNumber = is("a whole number", (v) => typeof v === "number" && Number.isInteger(v));
export const stringRecord = is("an object of string values", (v) => isPlainObject(v) && Object.values(v).every((x) => typeof x === "string"));
export const oneOf = (...values: readonly string[]): Check => is(values.map((v) => `"${v}"`).join(" or "), (v) => typeof v === "string" && values.includes(v));
export const either =
  (...checks: Check[]): Check =>
  (v) =>
    checks.every((c) => c(v) !== undefined) ? checks.map((c) => c(v)).join(", or ") : undefined;
export const number = is("a number", (v) => typeof v === "number" && Number.isFinite(v));
/** A list whose items pass `item`; a failure names the first bad item (`item 3 is file data`). */
export const listOf =
  (item: Check): Check =>
  (v) => {
    if (!Array.isArray(v)) return `a list of ${item(Symbol())}`;
    const bad = v.findIndex((x) => item(x) !== undefined);
    return bad < 0 ? undefined : `a list of ${item(Symbol())}; item ${bad + 1} is ${describe(v[bad])}`;
  };
export const object = (shape: Shape): Field => ({ check: is("an object", isPlainObject), shape });
export const data = (kind: DataLink["kind"], expected: string): Check => is(expected, (v) => v instanceof DataLink && v.kind === kind);
export const stringParameter = is(
  "a string or a string pipelineParameter",
  (v) => typeof v === "string" || (v instanceof PipelineParameter && typeof v.default === "string"),
);
export const kindOf = (kind: string, expected: string): Check => is(expected, (v) => isPlainObject(v) && (v as { kind?: unknown }).kind === kind);
export const instance = (type: abstract new (...args: never[]) => unknown, expected: string): Check => is(expected, (v) => v instanceof type);

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof DataLink) && !(v instanceof ProducedData);
}

/** What a wrong value is, in the words of the DSL (`file data`, `the output 'prepped'`). */
export function describe(v: unknown): string {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (v instanceof DataLink) return `${v.kind} data`;
  if (v instanceof ProducedData) return `the output '${v.name}' itself`;
  if (v instanceof PipelineParameter) return `a ${typeof v.default} pipelineParameter ('${v.name}')`;
  if (Array.isArray(v)) return "a list";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === "number" || typeof v === "boolean") return `${typeof v === "number" ? "the number" : ""} ${String(v)}`.trim();
  return typeof v === "object" ? "an object" : typeof v;
}

/** The known option a misspelling most likely meant, if one is close (one rule for every did-you-mean). */
export { closestName as closest } from "../ir/closest-name.ts";

/** Every problem with `options` against `shape`: unknown keys, missing required keys, wrong kinds. */
export function checkShape(builder: string, options: unknown, shape: Shape, prefix = ""): OptionProblem[] {
  if (!isPlainObject(options)) {
    const key = prefix.replace(/\.$/, "");
    const what = prefix ? `option '${key}' of ${builder}` : `${builder}()`;
    return [
      {
        code: "SL009",
        key,
        message: `${what} takes an object of options, not ${describe(options)}`,
        hint: `pass { ${Object.keys(shape).slice(0, 3).join(", ")}, … }`,
      },
    ];
  }
  const problems: OptionProblem[] = [];
  // A required option the SL008 of a misspelling already names is one mistake: not also "needs option".
  const meant = new Set<string>();
  for (const key of Object.keys(options)) {
    if (key in shape) continue;
    const guess = closestName(key, Object.keys(shape));
    if (guess) meant.add(guess);
    problems.push({
      code: "SL008",
      key: `${prefix}${key}`,
      message: `unknown option '${prefix}${key}' of ${builder}${guess ? `; did you mean '${prefix}${guess}'?` : ""}`,
      hint: `${builder} takes ${prefix ? `${prefix.replace(/\.$/, "")}: ` : ""}${Object.keys(shape).join(", ")}`,
    });
  }
  for (const [key, field] of Object.entries(shape)) {
    const value = options[key];
    if (value === undefined) {
      if (field.required && !meant.has(key))
        problems.push({
          code: "SL009",
          key: `${prefix}${key}`,
          message: `${builder} needs option '${prefix}${key}'`,
          hint: `give ${prefix}${key}: ${field.check(Symbol())}`,
        });
      continue;
    }
    const expected = field.check(value);
    if (expected) {
      const got = expected.includes("; item ") ? "" : `, not ${describe(value)}`;
      problems.push({
        code: "SL009",
        key: `${prefix}${key}`,
        message: `option '${prefix}${key}' of ${builder} must be ${expected}${got}`,
        hint: hintFor(value, expected),
      });
    } else if (field.shape && isPlainObject(value)) problems.push(...checkShape(builder, value, field.shape, `${prefix}${key}.`));
  }
  return problems;
}

function hintFor(value: unknown, expected: string): string {
  if (expected.includes("; item ")) return `fix that item: ${expected.slice(0, expected.indexOf(";"))}`;
  if (expected.includes("tabular") && value instanceof ProducedData) return `read the output as a table: ${value.name}.readDelimitedFiles()`;
  if (expected.includes("tabular") && value instanceof DataLink) return "AutoML reads tables: pass output.readDelimitedFiles() or an mltable dataset";
  if (value instanceof ProducedData) return `pass ${value.name}.asInput() to read the folder`;
  return `give it ${expected}`;
}
