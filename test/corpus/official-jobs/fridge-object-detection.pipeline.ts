// azureml-examples cli/jobs/automl-standalone-jobs/cli-automl-image-object-detection-task-fridge-items,
// written in Sluice: AutoML object detection on GPUs, two model families swept at random with a
// bandit policy (yolov5 by size and learning rate, Faster R-CNN by optimizer and image size).
// Its data folders are made by the example's prepare_data.py.
import { automlJob, choice, dataTable, uniform } from "@sluice/dsl";

export default automlJob({
  name: "fridge-object-detection",
  experiment: "dpv2-cli-automl-image-object-detection-experiment",
  description: "An Image Object Detection job using fridge items dataset",
  compute: "gpu-cluster",
  task: "image_object_detection",
  logVerbosity: "debug",
  primaryMetric: "mean_average_precision",
  labelColumn: "label",
  trainingData: dataTable("../../../.shared/corpus/azureml-examples/cli/jobs/automl-standalone-jobs/cli-automl-image-object-detection-task-fridge-items/data/training-mltable-folder"),
  validationData: dataTable("../../../.shared/corpus/azureml-examples/cli/jobs/automl-standalone-jobs/cli-automl-image-object-detection-task-fridge-items/data/validation-mltable-folder"),
  limits: { timeoutMinutes: 60, maxTrials: 10, maxConcurrentTrials: 2 },
  trainingParameters: { earlyStopping: true, evaluationFrequency: 1 },
  sweep: { sampling: "random", earlyTermination: { policy: "bandit", evaluationInterval: 2, slackFactor: 0.2, delayEvaluation: 6 } },
  searchSpace: [
    { modelName: choice(["yolov5"]), learningRate: uniform(0.0001, 0.01), modelSize: choice(["small", "medium"]) },
    { modelName: choice(["fasterrcnn_resnet50_fpn"]), learningRate: uniform(0.0001, 0.001), optimizer: choice(["sgd", "adam", "adamw"]), minSize: choice([600, 800]) },
  ],
});
