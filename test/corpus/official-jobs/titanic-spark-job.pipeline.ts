// azureml-examples cli/jobs/spark/attached-spark-standalone-managed-identity.yml, written in
// Sluice: a standalone Spark job on an attached pool with the pool's managed identity.
import { cmd, dataFile, output, sparkJob } from "@sluice/dsl";

export default sparkJob({
  name: "titanic-spark-job",
  // The example's <ATTACHED_SPARK_POOL_NAME>, filled in.
  compute: "spark-pool",
  identity: "managed",
  code: "../../../.shared/corpus/azureml-examples/cli/jobs/spark/src",
  entry: { file: "titanic.py" },
  conf: { "spark.driver.cores": 1, "spark.driver.memory": "2g", "spark.executor.cores": 2, "spark.executor.memory": "2g", "spark.executor.instances": 2 },
  inputs: { titanic_data: dataFile("azureml://datastores/workspaceblobstore/paths/data/titanic.csv", { mode: "direct" }) },
  outputs: { wrangled_data: output.uriFolder() },
  outputSettings: { wrangled_data: { path: "azureml://datastores/workspaceblobstore/paths/data/wrangled/", mode: "direct" } },
  args: ({ inputs, outputs }) => cmd`--titanic_data ${inputs.titanic_data} --wrangled_data ${outputs.wrangled_data}`,
});
