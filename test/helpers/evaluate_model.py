"""Loads a best_model folder and scores it on held-out raw Titanic rows (prepared like dataprep)."""
import importlib.util
import json
import os
import pickle
import sys

import pandas as pd
from sklearn.metrics import roc_auc_score

model_dir, holdout_csv, dataprep_py = sys.argv[1:4]
spec = importlib.util.spec_from_file_location("dataprep", dataprep_py)
dataprep = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dataprep)
raw = pd.read_csv(holdout_csv).drop(["PassengerId", "Name", "Ticket", "Cabin"], axis=1)
rows = dataprep.prepare_embarked(dataprep.prepare_genders(dataprep.prepare_fare(dataprep.prepare_age(raw))))
with open(os.path.join(model_dir, "model.pkl"), "rb") as f:
    model = pickle.load(f)
y = rows["Survived"]
proba = model.predict_proba(rows.drop(columns=["Survived"]))[:, list(model.classes_).index(1)]
print(json.dumps({"auc": roc_auc_score(y, proba), "rows": len(rows)}))
