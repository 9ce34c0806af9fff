/**
 * Every diagnostic code Sluice reports, with its severity and when it is reported: the one
 * table the DSL, the loader and the compiler report from (a code missing here does not type-
 * check), and the source of the table in docs/diagnostics.md (`npm run docs:diagnostics`).
 * Codes are stable: SL0xx while loading and building, SL1xx compile errors, SL5xx warnings.
 */
export const DIAGNOSTIC_CODES = {
  SL001: { severity: "error", when: "a step builder was called outside a pipeline's build function" },
  SL002: { severity: "error", when: "`readDelimitedFiles()` called twice on one output with different options" },
  SL003: { severity: "error", when: "two different inputs (or outputs) of one step get the same name" },
  SL004: { severity: "error", when: "a pipeline output is not data written by a step" },
  SL005: { severity: "error", when: "a step was added after the pipeline's build function returned" },
  SL006: { severity: "error", when: "the file exports no pipeline" },
  SL007: { severity: "error", when: 'the pipeline file would load as CommonJS (the nearest package.json has `"type": "commonjs"`)' },
  SL008: { severity: "error", when: "an unknown option or input name of a builder, such as a misspelled one (with the name it most likely meant)" },
  SL009: { severity: "error", when: "a builder option missing, or a value of the wrong kind (file data where a table is needed, a number where a string is)" },
  SL010: { severity: "error", when: "an IR that does not match the schema (from another tool, or built by hand)" },
  SL100: { severity: "error", when: "the pipeline file threw while loading (its own bug)" },
  SL101: { severity: "error", when: "a cycle (the steps are named in order) or a step reading its own output" },
  SL102: { severity: "error", when: "a step (or pipeline output) reads data no step writes" },
  SL103: { severity: "error", when: "one output is written by two steps" },
  SL104: { severity: "error", when: "duplicate step names (compared ignoring case)" },
  SL105: { severity: "error", when: "a step name breaks Azure's node naming rule" },
  SL106: { severity: "error", when: "an input, output, parameter or data input name breaks Azure's naming rule" },
  SL107: { severity: "error", when: "an invalid pipeline, experiment, compute or model name" },
  SL108: { severity: "error", when: "a source directory does not exist, or is a file" },
  SL109: { severity: "error", when: "a script does not exist in its source directory" },
  SL110: { severity: "error", when: "a script lies outside its source directory" },
  SL111: { severity: "error", when: "a conda file, a Docker build context or its Dockerfile does not exist" },
  SL112: {
    severity: "error",
    when: "local data that does not exist, is a file/folder when declared otherwise, or is an mltable folder without its MLTable file",
  },
  SL113: {
    severity: "error",
    when: "a step has no compute and the pipeline has no default compute (for Azure: `run` and `plan` on this machine ignore computes)",
  },
  SL114: { severity: "error", when: "a parameter's default does not match its declared type" },
  SL115: { severity: "error", when: "a parameter or data input declared twice differently, or a name shared by both" },
  SL116: { severity: "error", when: "a parameter of the wrong type in a typed slot (e.g. a number as `modelName`)" },
  SL117: { severity: "error", when: "a primary metric that the AutoML task does not offer" },
  SL118: { severity: "error", when: "an empty AutoML label column" },
  SL119: { severity: "error", when: "AutoML training or validation data that is not tabular" },
  SL120: {
    severity: "error",
    when: "invalid AutoML settings: limits, validation or test splits, cross-validation, weights and labels, ensembles, featurization or forecasting",
  },
  SL121: { severity: "error", when: "a parameter default Azure refuses as a literal input (empty, or no letter, digit or `_`)" },
  SL122: { severity: "error", when: "a step reads a pipeline parameter or data input the pipeline does not declare (IR from other tools)" },
  SL123: { severity: "error", when: "a step reads AutoML metrics as data" },
  SL124: { severity: "error", when: "one step output exposed as two pipeline outputs" },
  SL125: { severity: "error", when: "an environment or dataset without a version" },
  SL127: { severity: "error", when: "a web input with more than one URL, or one that is not a URL" },
  SL130: { severity: "error", when: "a schedule name that is not a valid Azure name, or used twice in the pipeline" },
  SL131: {
    severity: "error",
    when: "an invalid schedule trigger: cron not 5 NCronTab fields in range; recurrence with bad frequency, interval, hours, minutes or days",
  },
  SL132: { severity: "error", when: "a schedule time zone Azure does not accept (not a Windows zone name from `TIME_ZONES`)" },
  SL133: { severity: "error", when: "a schedule start/end time that is not `YYYY-MM-DDThh:mm:ss`, or an end not after the start" },
  SL140: { severity: "error", when: "a required component input (no default, not optional) is not given" },
  SL141: { severity: "error", when: "an input or output the component does not declare" },
  SL142: { severity: "error", when: "a literal that does not fit a component input's type, range or allowed values" },
  SL143: { severity: "error", when: "a component command whose `${{inputs.x}}` or `${{outputs.y}}` names nothing the component declares" },
  SL144: { severity: "error", when: "a component step's instance count, process counts or timeout that is not a whole number in range" },
  SL145: { severity: "error", when: "an optional component input the step leaves out, used in the command outside `$[[…]]`" },
  SL146: { severity: "error", when: "an AutoML algorithm the task does not have, or one both allowed and blocked" },
  SL147: {
    severity: "error",
    when: "`loadComponent` could not read its component YAML: outside the Sluice CLI, a missing file, invalid YAML, or a key or type it cannot express",
  },
  SL148: {
    severity: "error",
    when: "a sweep's search space, sampling, limits or early-termination policy Azure would refuse (an input the trial lacks or that is also given, a distribution of the wrong type, grid over a continuous range)",
  },
  SL149: {
    severity: "error",
    when: "an endpoint Azure would refuse: a name outside its rules or used twice, no deployments, traffic shares that are not whole percents adding up to 100, a default deployment it does not have",
  },
  SL150: {
    severity: "error",
    when: "a deployment Azure would refuse: a bad name, a model version that is not a number or latest, a missing scoring folder or script, counts, probes or batch settings out of range",
  },
  SL151: {
    severity: "error",
    when: "a step output registered under a name or version Azure refuses, or a model output given a name (models are registered with registerModelStep)",
  },
  SL152: {
    severity: "error",
    when: "a deploy step that cannot deploy: an endpoint the pipeline does not declare or a deployment it does not have, a model no register step registered (or registered under another name than the deployment serves), two deploy steps updating one deployment, a held-out comparison without a label column",
  },
  SL160: {
    severity: "error",
    when: "a Spark step Azure ML would refuse: neither an attached pool (compute) nor serverless resources, or both; a configuration without the driver and executor settings, or with contradictory dynamic allocation; data not read directly (mode direct); an unknown serverless instance type or runtime version",
  },
  SL161: {
    severity: "error",
    when: "a parallel step Azure ML would refuse or run wrongly: inputData naming a value input, appendRowTo naming no output, both miniBatchSize and partitionKeys (or partition keys on files), sizes, counts or thresholds that are not whole numbers in range",
  },
  SL162: {
    severity: "error",
    when: "`step.after(other)` naming a step the pipeline does not have, the step itself, or a step whose ports Sluice cannot add (an AutoML, sweep, sub-pipeline, registration or registered component step)",
  },
  SL163: {
    severity: "error",
    when: "a control-flow node (`ifElse`, `doWhile`, `parallelFor`) names a step not in its pipeline or held by another one, a condition that is not a boolean (a control output, a parameter or a literal), a `doWhile` mapping between unknown or differently typed ports, an iteration limit outside 0–1000, or `parallelFor` items that are empty, differ in keys or set inputs the body does not have",
  },
  SL164: {
    severity: "error",
    when: "a step output of a value type (`output.boolean()`, …) read where data is expected (data where a value is expected is SL116)",
  },
  SL501: { severity: "warning", when: "a step output nothing reads and no pipeline output exposes" },
  SL502: { severity: "warning", when: "the generated component types (`sluice-components.d.ts`) are missing or older than the YAML: run `sluice types`" },
  SL503: {
    severity: "warning",
    when: "`sluice.config.json` maps an input name the pipeline does not have while one of its data inputs is left unmapped (a misspelled name, with the one it most likely meant), or names one of its parameters",
  },
  SL504: {
    severity: "warning",
    when: "`sluice check`: a deployment serves a model that no register step of the pipeline registers and the local registry does not hold (a misspelled model name, or one only the workspace has)",
  },
  SL505: {
    severity: "warning",
    when: "`sluice compile` of local data that does not exist yet (run, deploy and check refuse it: SL112)",
  },
  SL506: {
    severity: "warning",
    when: "a local run of a step that asks for interactive services (VS Code, JupyterLab, TensorBoard, SSH): only Azure opens them",
  },
} as const satisfies Record<string, { severity: "error" | "warning"; when: string }>;

/** A code of the diagnostics table (docs/diagnostics.md); scripts can match on it, it never changes meaning. */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
