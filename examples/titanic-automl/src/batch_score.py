"""The Titanic batch deployment's scoring script (Azure's batch contract): each mini-batch is a
list of raw passenger CSV files; they are prepared as the pipeline's dataprep step prepares the
training data, then scored. One row per passenger: PassengerId, predicted Survived."""
import os
import pickle

import pandas as pd

from dataprep import prepare

FEATURES = ["Pclass", "Sex", "SibSp", "Parch", "Embarked", "Age_Group", "Fare_Group"]
model = None


def init():
    global model
    with open(os.path.join(os.environ["AZUREML_MODEL_DIR"], "model.pkl"), "rb") as f:
        model = pickle.load(f)


def run(mini_batch):
    rows = []
    for path in mini_batch:
        raw = pd.read_csv(path)
        features = prepare(raw)[FEATURES]
        for passenger, survived in zip(raw["PassengerId"], model.predict(features)):
            rows.append([int(passenger), int(survived)])
    return rows
