"""The REST walkthrough's Iris sweep trial, with a learner Debian has (scikit-learn's gradient
boosting instead of LightGBM): reads the Iris CSV, trains with the swept learning rate and
boosting kind, logs `test-multi_logloss` with MLflow as it trains (the sweep's objective, and
the intermediate values early termination judges), and writes the model."""
import argparse
import json
import os
import pickle

import mlflow
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier, HistGradientBoostingClassifier
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import train_test_split


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--iris-csv", required=True)
    p.add_argument("--learning-rate", type=float, default=0.1)
    p.add_argument("--boosting", choices=["gbdt", "hist"], default="gbdt")
    p.add_argument("--n-estimators", type=int, default=60)
    p.add_argument("--model", required=True)
    return p.parse_args()


def main():
    args = parse_args()
    mlflow.log_params({"learning_rate": args.learning_rate, "boosting": args.boosting})
    df = pd.read_csv(args.iris_csv)
    X, y = df.drop(columns=["species"]), df["species"]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42, stratify=y)
    if args.boosting == "gbdt":
        model = GradientBoostingClassifier(learning_rate=args.learning_rate, n_estimators=args.n_estimators, random_state=42)
        model.fit(X_train, y_train)
        stages = list(model.staged_predict_proba(X_test))
        # One report per 10 rounds: the intervals early termination looks at.
        for i in range(9, len(stages), 10):
            mlflow.log_metric("test-multi_logloss", log_loss(y_test, stages[i], labels=model.classes_), step=i + 1)
    else:
        model = HistGradientBoostingClassifier(learning_rate=args.learning_rate, max_iter=10, warm_start=True, random_state=42)
        for rounds in range(10, args.n_estimators + 1, 10):
            model.set_params(max_iter=rounds)
            model.fit(X_train, y_train)
            mlflow.log_metric("test-multi_logloss", log_loss(y_test, model.predict_proba(X_test), labels=model.classes_), step=rounds)
    proba = model.predict_proba(X_test)
    mlflow.log_metric("test-multi_logloss", log_loss(y_test, proba, labels=model.classes_))
    mlflow.log_metric("accuracy", accuracy_score(y_test, model.predict(X_test)))
    os.makedirs(args.model, exist_ok=True)
    with open(os.path.join(args.model, "model.pkl"), "wb") as f:
        pickle.dump(model, f)
    meta = {"flavor": "sklearn", "metric": {"name": "test-multi_logloss", "value": log_loss(y_test, proba, labels=model.classes_)},
            "learning_rate": args.learning_rate, "boosting": args.boosting}
    with open(os.path.join(args.model, "MLmodel.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=2, sort_keys=True)
    with open(os.path.join(args.model, "MLmodel"), "w", encoding="utf-8") as f:
        f.write("artifact_path: model\nflavors:\n  sklearn:\n    pickled_model: model.pkl\n    serialization_format: pickle\n")


if __name__ == "__main__":
    main()
