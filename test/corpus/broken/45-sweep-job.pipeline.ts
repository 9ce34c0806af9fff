// A standalone sweep job with what users get wrong: no compute, an empty objective metric, a
// fractional seed, a rule for grid sampling, a swept name the trial does not have.
import { choice, cmd, component, environment, input, sweepJob, uniform } from "@sluice/dsl";

const train = component({
  name: "train",
  environment: environment("azureml:env:1"),
  inputs: { lr: input.number({ default: 0.1 }), kind: input.string({ default: "a" }) },
  command: ({ inputs }) => cmd`python train.py --lr ${inputs.lr} --kind ${inputs.kind}`,
});

export default sweepJob({
  name: "tune",
  compute: "",
  trial: train,
  searchSpace: { lr: uniform(0.01, 0.9), kind: choice(["a", "b"]), ...({ lrr: uniform(0, 1) } as object) },
  sampling: { type: "grid", seed: 1.5, rule: "sobol" },
  objective: { metric: " ", goal: "minimize" },
});
