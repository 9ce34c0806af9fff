// A small scikit-learn model written straight into a sandbox's local registry (a second, no
// AutoML and no pipeline run), so serving tests start in seconds: a pipeline that imputes and
// one-hot encodes, trained on synthetic rows with the columns age, fare (numbers) and sex (text)
// plus `extra` numeric features f0, f1, ... for wide rows.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const TRAIN = String.raw`
import json, os, pickle, sys
import numpy as np, pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder
folder, extra = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(0)
n = 200
df = pd.DataFrame({"age": rng.uniform(1, 80, n), "fare": rng.uniform(5, 500, n), "sex": rng.choice(["male", "female"], n)})
for i in range(extra):
    df[f"f{i}"] = rng.normal(size=n)
y = np.where((df["sex"] == "female") | (df["age"] < 12), "survived", "died")
numbers = [c for c in df.columns if c != "sex"]
prep = ColumnTransformer([("num", SimpleImputer(strategy="median"), numbers), ("cat", OneHotEncoder(handle_unknown="ignore"), ["sex"])])
model = Pipeline([("prep", prep), ("clf", LogisticRegression(max_iter=300))]).fit(df, y)
os.makedirs(folder, exist_ok=True)
with open(os.path.join(folder, "model.pkl"), "wb") as f:
    pickle.dump(model, f)
signature = [{"name": c, "type": "string" if c == "sex" else "double"} for c in df.columns]
with open(os.path.join(folder, "MLmodel.json"), "w") as f:
    json.dump({"flavor": "sklearn", "signature": {"inputs": signature}}, f)
`;

/** Registers a version (1 by default) of model `name` in `<stateDir>/registry`; returns its column names in signature order. */
export function registerTinyModel(stateDir: string, name = "tiny", extra = 0, version = 1): string[] {
  const dir = join(stateDir, "registry", "models", name, String(version));
  mkdirSync(dir, { recursive: true });
  const made = spawnSync("/usr/bin/python3", ["-c", TRAIN, join(dir, "model"), String(extra)], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`the tiny model was not written: ${made.stderr}`);
  writeFileSync(join(dir, "model.json"), JSON.stringify({ name, version, description: "", tags: {}, lineage: {}, metric: null }));
  return ["age", "fare", "sex", ...Array.from({ length: extra }, (_, i) => `f${i}`)];
}
