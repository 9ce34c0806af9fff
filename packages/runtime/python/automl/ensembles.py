"""Azure AutoML's closing iterations: a soft-voting ensemble and a stacked ensemble of the best trials."""
import time

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.ensemble import VotingClassifier, VotingRegressor
from sklearn.linear_model import ElasticNet, ElasticNetCV, LinearRegression, LogisticRegression, LogisticRegressionCV
from sklearn.model_selection import train_test_split

from .metrics import MINIMIZE

# Azure's default meta-learners: logistic regression for classification, elastic net (CV) for regression.
META_LEARNERS = {
    "logistic_regression": lambda: LogisticRegression(max_iter=1000),
    "logistic_regression_cv": lambda: LogisticRegressionCV(max_iter=1000),
    "elastic_net": lambda: ElasticNet(max_iter=5000),
    "elastic_net_cv": lambda: ElasticNetCV(max_iter=5000),
    "linear_regression": LinearRegression,
}
MEMBERS = 5


class HoldoutStack(BaseEstimator):
    """Base models fit on most of the rows; the meta-learner on their predictions for the rest
    (`stack_meta_learner_train_percentage`); then the base models refit on every row."""

    def __init__(self, estimators, final_estimator, share=0.2, classification=True, seed=42):
        self.estimators = estimators
        self.final_estimator = final_estimator
        self.share = share
        self.classification = classification
        self.seed = seed

    def _features(self, models, X):
        if self.classification:
            return np.hstack([m.predict_proba(X) for m in models])
        return np.column_stack([m.predict(X) for m in models])

    def fit(self, X, y):
        stratify = y if self.classification else None
        X_base, X_meta, y_base, y_meta = train_test_split(X, y, test_size=self.share, random_state=self.seed, stratify=stratify)
        base = [clone(e).fit(X_base, y_base) for _, e in self.estimators]
        self.final_ = clone(self.final_estimator).fit(self._features(base, X_meta), y_meta)
        self.models_ = [clone(e).fit(X, y) for _, e in self.estimators]
        if self.classification:
            self.classes_ = self.final_.classes_
        return self

    def predict_proba(self, X):
        return self.final_.predict_proba(self._features(self.models_, X))

    def predict(self, X):
        if self.classification:
            return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
        return self.final_.predict(self._features(self.models_, X))


def ensemble_model(experiment, kind, members, meta_learner=None):
    estimators = [(f"iteration_{m}", experiment.model_for({"iteration": m})) for m in members]
    classification = experiment.task == "classification"
    if kind == "VotingEnsemble":
        return VotingClassifier(estimators, voting="soft") if classification else VotingRegressor(estimators)
    name = meta_learner if meta_learner not in (None, "none") else ("logistic_regression" if classification else "elastic_net_cv")
    share = float((experiment.config.get("training") or {}).get("stack_meta_learner_train_percentage") or 0.2)
    return HoldoutStack(estimators, META_LEARNERS[name](), share, classification, experiment.seed)


def _members(scheduler):
    done = [r for r in scheduler.records.values() if r["status"] == "completed" and "members" not in r]
    sign = 1 if scheduler.experiment.metric in MINIMIZE else -1
    return [r["iteration"] for r in sorted(done, key=lambda r: (sign * r["primary_metric"]["value"], r["iteration"]))[:MEMBERS]]


def run_ensembles(experiment, scheduler):
    """After the trials: the ensembles `training` enables, scored like a trial and recorded as the next iterations."""
    training = experiment.config.get("training") or {}
    members = _members(scheduler)
    if len(members) < 2:
        return
    meta = training.get("stack_meta_learner_type")
    for kind, enabled in (("VotingEnsemble", training.get("enable_vote_ensemble")), ("StackEnsemble", training.get("enable_stack_ensemble"))):
        if not enabled:
            continue
        started = time.monotonic()
        record = {"algorithm": kind, "members": members, "hyperparameters": {"members": members}}
        if kind == "StackEnsemble":
            record["meta_learner"] = meta
            record["hyperparameters"]["meta_learner"] = meta or "default"
        try:
            values = experiment.score(ensemble_model(experiment, kind, members, meta))
            record.update({"status": "completed", "metrics": {k: float(v) for k, v in values.items()}})
        except Exception as error:  # an ensemble that fails is recorded like a failed trial
            record.update({"status": "failed", "error": f"{type(error).__name__}: {error}"})
        record["duration_seconds"] = round(time.monotonic() - started, 3)
        scheduler.record(max(scheduler.records) + 1, record)
