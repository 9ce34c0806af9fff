// AutoML's deep-learning tasks (vision and NLP): their fixed training parameters, the search
// space their trials sample, and how the trials are swept. Azure runs them on GPU clusters; the
// local engine refuses them before any step starts.
import type { Hyperparameter } from "../components/hyperparameters.ts";
import type { EarlyTermination } from "../components/sweep-step.ts";

/** AutoML's image tasks. */
export type AutoMLImageTask = "image_classification" | "image_classification_multilabel" | "image_object_detection" | "image_instance_segmentation";
/** AutoML's text (NLP) tasks. */
export type AutoMLTextTask = "text_classification" | "text_classification_multilabel" | "text_ner";

/** Settings every image model takes (Azure's `training_parameters`, the CLI YAML's snake_case in camelCase). */
export interface ImageTrainingParameters {
  /** Use AMSGrad with the adam/adamw optimizers. */
  amsGradient?: boolean;
  /** Extra settings as JSON text. */
  advancedSettings?: string;
  /** Adam's beta1 (0–1). */
  beta1?: number;
  /** Adam's beta2 (0–1). */
  beta2?: number;
  /** Save a checkpoint every this many epochs. */
  checkpointFrequency?: number;
  /** Start from this run's checkpoint. */
  checkpointRunId?: string;
  /** Train on several GPUs. */
  distributed?: boolean;
  /** Stop when the primary metric stops improving. */
  earlyStopping?: boolean;
  /** Epochs to wait before early stopping may start. */
  earlyStoppingDelay?: number;
  /** Epochs without improvement before stopping. */
  earlyStoppingPatience?: number;
  /** Evaluate every this many epochs. */
  evaluationFrequency?: number;
  /** Normalize the exported ONNX model. */
  enableOnnxNormalization?: boolean;
  /** Steps whose gradients add up before an update. */
  gradientAccumulationStep?: number;
  /** Layers of the backbone kept frozen. */
  layersToFreeze?: number;
  /** The initial learning rate. */
  learningRate?: number;
  /** `warmup_cosine` or `step`. */
  learningRateScheduler?: "none" | "warmup_cosine" | "step";
  /** The model to train (`vitb16r224`, `seresnext`, `yolov5`, `fasterrcnn_resnet50_fpn`, `maskrcnn_resnet50_fpn`, …). */
  modelName?: string;
  /** SGD's momentum. */
  momentum?: number;
  /** Nesterov momentum for SGD. */
  nesterov?: boolean;
  /** Training epochs. */
  numberOfEpochs?: number;
  /** Data loader workers. */
  numberOfWorkers?: number;
  /** `sgd`, `adam` or `adamw`. */
  optimizer?: "none" | "sgd" | "adam" | "adamw";
  /** Seed for deterministic training. */
  randomSeed?: number;
  /** The step scheduler's gamma. */
  stepLrGamma?: number;
  /** The step scheduler's step size. */
  stepLrStepSize?: number;
  /** Images per training batch. */
  trainingBatchSize?: number;
  /** Images per validation batch. */
  validationBatchSize?: number;
  /** Cosine cycles of the warmup_cosine scheduler. */
  warmupCosineLrCycles?: number;
  /** Warmup epochs of the warmup_cosine scheduler. */
  warmupCosineLrWarmupEpochs?: number;
  /** Weight decay. */
  weightDecay?: number;
  /** Classification: the crop fed to the network in training. */
  trainingCropSize?: number;
  /** Classification: the crop fed to the network in validation. */
  validationCropSize?: number;
  /** Classification: the size images are resized to before the validation crop. */
  validationResizeSize?: number;
  /** Classification: 0 (none), 1 (sqrt) or 2 (balanced) weighted loss. */
  weightedLoss?: number;
  /** Detection: the most detections kept per image. */
  boxDetectionsPerImage?: number;
  /** Detection: the least score a kept box has. */
  boxScoreThreshold?: number;
  /** Detection (yolov5): the input image size. */
  imageSize?: number;
  /** Detection: the largest image side. */
  maxSize?: number;
  /** Detection: the smallest image side. */
  minSize?: number;
  /** Detection (yolov5): `small`, `medium`, `large` or `extra_large`. */
  modelSize?: "none" | "small" | "medium" | "large" | "extra_large";
  /** Detection (yolov5): vary image size by ±50 %. */
  multiScale?: boolean;
  /** Detection: the IoU threshold of non-maximum suppression. */
  nmsIouThreshold?: number;
  /** Detection: the tile grid as text, e.g. `3x2`. */
  tileGridSize?: string;
  /** Detection: the overlap between tiles (0–1). */
  tileOverlapRatio?: number;
  /** Detection: the IoU threshold merging tiles' predictions. */
  tilePredictionsNmsThreshold?: number;
  /** Detection: the IoU threshold of the validation metric. */
  validationIouThreshold?: number;
  /** Detection: `none`, `coco`, `voc` or `coco_voc`. */
  validationMetricType?: "none" | "coco" | "voc" | "coco_voc";
}

/** Settings every text model takes (Azure's NLP `training_parameters`). */
export interface TextTrainingParameters {
  /** Steps whose gradients add up before an update. */
  gradientAccumulationSteps?: number;
  /** The initial learning rate. */
  learningRate?: number;
  /** The learning rate's schedule (`linear`, `cosine`, …). */
  learningRateScheduler?: "none" | "linear" | "cosine" | "cosine_with_restarts" | "polynomial" | "constant" | "constant_with_warmup";
  /** The model to fine-tune (`bert-base-cased`, `roberta-base`, …). */
  modelName?: string;
  /** Training epochs. */
  numberOfEpochs?: number;
  /** Examples per training batch. */
  trainingBatchSize?: number;
  /** Examples per validation batch. */
  validationBatchSize?: number;
  /** The share of training spent warming up (0–1). */
  warmupRatio?: number;
  /** Weight decay. */
  weightDecay?: number;
}

/** The training parameters a task takes: image or text ones. */
export type TrainingParametersFor<T> = T extends AutoMLImageTask ? ImageTrainingParameters : T extends AutoMLTextTask ? TextTrainingParameters : never;

/**
 * One subspace of the search space: each training parameter a value or a distribution
 * ({@link choice}, {@link uniform}, …). Azure samples each subspace in turn (one per model family).
 */
export type SearchSubspace<P> = { readonly [K in keyof P]?: P[K] | Hyperparameter<unknown> };

/** How the trials of a deep-learning task are sampled and stopped (Azure's `sweep`). */
export interface AutoMLSweep {
  /** `random`, `grid` or `bayesian`. */
  sampling: "random" | "grid" | "bayesian";
  /** When trials falling behind stop. */
  earlyTermination?: EarlyTermination;
}
