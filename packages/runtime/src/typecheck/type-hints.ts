/** Hints for the wiring mistakes Sluice's types are designed to catch, by what the message says. */
const HINTS: Array<[RegExp, string]> = [
  [
    /DataLink<"file">.*DataLink<"tabular">|"file"' is not assignable to type '"tabular"|'FileData' is not assignable to type 'TableData'/s,
    "AutoML needs tabular data: pass output.readDelimitedFiles() instead of the plain output, or an MLTable folder with dataTable(…)",
  ],
  [
    // Only a metric of the wrong task: a misspelled `primaryMetric` key is TypeScript's own "did you mean".
    /is not assignable to type '"AUC_weighted"|ClassificationMetric|RegressionMetric/s,
    "use a primary metric of the step's task (classification: AUC_weighted, accuracy, ...; regression: r2_score, ...)",
  ],
];

const SCALARS = ["string", "number", "boolean"] as const;
type Scalar = (typeof SCALARS)[number];

/** The type a value was given and the type its slot needs, from the message's first line. */
function assignment(message: string): { given: string; needed: string } | undefined {
  const first = message.split("\n")[0] ?? "";
  const m = /(?:Type|Argument of type) '(.+)' is not assignable to (?:type|parameter of type) '(.+)'\.?$/.exec(first);
  return m ? { given: m[1] as string, needed: m[2] as string } : undefined;
}

/** The scalar kinds a type accepts, plain or as a pipeline parameter (`number | PipelineParameter<number>`). */
function scalars(type: string): Scalar[] {
  const kind = (t: string) => (/^".*"$/.test(t) ? "string" : /^-?\d/.test(t) ? "number" : t === "true" || t === "false" ? "boolean" : t);
  const members = type.split("|").map((t) => kind(t.trim().replace(/^PipelineParameter<(\w+)>$/, "$1")));
  return SCALARS.filter((s) => members.includes(s));
}

/**
 * A scalar slot given the wrong kind (a string where a number is needed, a number parameter
 * where a string is): the hint names what the slot needs, which the target type says.
 */
function scalarHint(message: string): string | undefined {
  const found = assignment(message);
  if (!found) return undefined;
  const needed = scalars(found.needed);
  const given = scalars(found.given);
  if (needed.length !== 1 || given.length === 0 || given.includes(needed[0] as Scalar)) return undefined;
  const kind = needed[0] as Scalar;
  const example = { string: '"text"', number: "3", boolean: "true" }[kind];
  const what = found.given.includes("PipelineParameter")
    ? `declare the parameter with a ${kind} default, e.g. pipelineParameter("name", ${example})`
    : `pass a ${kind}, e.g. ${example}`;
  return `this slot needs a ${kind}${kind === "number" ? " (a whole number for an integer input)" : ""}: ${what}`;
}

/** The hint for one TypeScript error of a pipeline file. */
export function hintFor(message: string): string {
  return HINTS.find(([re]) => re.test(message))?.[1] ?? scalarHint(message) ?? "fix the type error; Sluice's builder types encode Azure ML's wiring rules";
}
