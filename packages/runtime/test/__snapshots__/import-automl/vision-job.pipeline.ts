// Imported by `sluice import` from ../job.yml.
import { automlJob, choice, dataTable, uniform } from "@sluice/dsl";

export default automlJob({
  name: "job",
  experiment: "fridge",
  compute: "gpu-cluster",
  task: "image_object_detection",
  labelColumn: "label",
  trainingData: dataTable("../train"),
  validationData: dataTable("../valid"),
  primaryMetric: "mean_average_precision",
  trainingParameters: { earlyStopping: true, evaluationFrequency: 1, optimizer: "adamw", validationMetricType: "coco" },
  searchSpace: [
    { modelName: choice(["yolov5"]), learningRate: uniform(0.0001, 0.01), modelSize: choice(["small", "medium"]) },
    { modelName: choice(["fasterrcnn_resnet50_fpn"]), minSize: choice([600, 800]), multiScale: choice([true, false]) },
  ],
  sweep: { sampling: "grid", earlyTermination: { policy: "median_stopping", evaluationInterval: 2, delayEvaluation: 4 } },
  limits: { maxTrials: 6, maxConcurrentTrials: 2, timeoutMinutes: 90 },
});
