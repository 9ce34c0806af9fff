// azureml-examples cli/jobs/spark/attached-spark-pipeline-user-identity.yml, written in Sluice: a
// Spark component wrangling the Titanic data, run on an attached Synapse Spark pool with the
// submitting user's identity, reading and writing the datastore directly.
import { cmd, dataFile, input, output, pipeline, sparkComponent } from "@sluice/dsl";

const titanicSpark = sparkComponent({
  name: "titanic_spark_component",
  version: "1",
  displayName: "Titanic-Spark-Component",
  description: "Spark component for Titanic data",
  code: "../../../.shared/corpus/azureml-examples/cli/jobs/spark/src",
  entry: { file: "titanic.py" },
  inputs: { titanic_data: input.uriFile({ mode: "direct" }) },
  outputs: { wrangled_data: output.uriFolder({ mode: "direct" }) },
  args: ({ inputs, outputs }) => cmd`--titanic_data ${inputs.titanic_data} --wrangled_data ${outputs.wrangled_data}`,
  conf: {
    "spark.driver.cores": 1,
    "spark.driver.memory": "2g",
    "spark.executor.cores": 2,
    "spark.executor.memory": "2g",
    "spark.dynamicAllocation.enabled": true,
    "spark.dynamicAllocation.minExecutors": 1,
    "spark.dynamicAllocation.maxExecutors": 4,
  },
});

export default pipeline({ name: "titanic-spark", displayName: "Titanic-Spark-CLI-Pipeline-2", description: "Spark component for Titanic data in Pipeline" }, () => {
  titanicSpark({
    name: "spark_job",
    // The example's <ATTACHED_SPARK_POOL_NAME>, filled in.
    compute: "spark-pool",
    identity: "user_identity",
    inputs: { titanic_data: dataFile("azureml://datastores/workspaceblobstore/paths/data/titanic.csv", { mode: "direct" }) },
    outputs: { wrangled_data: { path: "azureml://datastores/workspaceblobstore/paths/data/wrangled/", mode: "direct" } },
  });
  return {};
});
