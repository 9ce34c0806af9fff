// Official example pipelines that the SDK oracle here (azure-ai-ml 1.4.0, Debian's python3-azure)
// cannot load, because they use what arrived in later SDK releases. The conformance tests name
// them instead of skipping them, and check that each still fails for the recorded reason: when
// the oracle learns one, the test says so and the entry goes.

/** One example the oracle refuses: which YAML, loaded as what, the error it gives, and why. */
export interface OracleGap {
  /** Path under `cli/jobs/pipelines-with-components/`. */
  readonly file: string;
  /** `job`: the pipeline itself fails to load; `component`: one of the components it runs. */
  readonly kind: "job" | "component";
  /** A fragment of the SDK's error that pins the reason. */
  readonly error: string;
  readonly why: string;
}

export const SDK_CANNOT_LOAD: readonly OracleGap[] = [
  {
    file: "pipeline_job_with_flow_as_component/pipeline.yml",
    kind: "job",
    error: "jobs.flow_node_from_dag.component",
    why: "prompt flow components (flow.dag.yaml) arrived after azure-ai-ml 1.4.0",
  },
  {
    file: "pipeline_job_with_flow_as_component/pipeline.yml",
    kind: "component",
    error: "Missing data for required field",
    why: "prompt flow components (flow.dag.yaml) arrived after azure-ai-ml 1.4.0",
  },
  {
    file: "shakespear_sample_and_word_count_using_spark/pipeline.yml",
    kind: "job",
    error: "runtime version should be either 3.1 or 3.2",
    why: "its Spark runtime 3.3 is newer than azure-ai-ml 1.4.0 knows",
  },
  {
    file: "basics/6c_r_iris/pipeline.yml",
    kind: "component",
    error: "Component name should only contain lower letter, number, underscore",
    why: "its component name has hyphens (r-iris-example), which azure-ai-ml 1.4.0 refuses",
  },
  ...["basics/1b_e2e_registered_components/pipeline.yml", "basics/1b_e2e_registered_components/pipeline-serverless.yml"].map(
    (file): OracleGap => ({
      file,
      kind: "job",
      error: "jobs.train_job.services.my_vscode.type: Unknown field.",
      why: "typed job services (vs_code, jupyter_lab, tensor_board) arrived after azure-ai-ml 1.4.0",
    }),
  ),
];
