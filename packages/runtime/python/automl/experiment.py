"""One AutoML experiment: its data, featurization and how a trial (or an ensemble) is scored."""
import inspect

import numpy as np
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict, train_test_split
from sklearn.pipeline import Pipeline

from .algorithms import algorithm_table, trial_spec
from .data import cast_purposes, featurizer
from .errors import UserError
from .guards import check_hold_out, check_rows, fold_count
from .metrics import azure_metric_name, classification_metrics, regression_metrics


def _accepts_weight(estimator):
    return "sample_weight" in inspect.signature(estimator.fit).parameters


class Experiment:
    def __init__(self, config, tables, warnings):
        """`tables` and `warnings` come from guards.load_tables; thin data adds warnings (the step's log, metrics.json)."""
        self.config = config
        self.task = config["task"]
        self.seed = int(config.get("seed", 42))
        self.metric = azure_metric_name(self.task, config["primary_metric"])
        self.warnings = warnings
        self.X, self.y = tables["training_data"]
        self.test = None
        if config.get("test_data"):
            self.test = tables["test_data"]
        elif config.get("test_data_size"):
            self.X, self.test = self.hold_out(float(config["test_data_size"]), "test")
        self.validation = None
        if config.get("validation_data"):
            self.validation = tables["validation_data"]
        elif config.get("validation_data_size"):
            self.X, self.validation = self.hold_out(float(config["validation_data_size"]), "validation")
        self.weights = self.pop_weights(config.get("weight_column"))
        self.splits = self.pop_splits(config.get("cv_split_columns"))
        self.positive = self.positive_label(config.get("positive_label"))
        self.algorithms = algorithm_table(self.task, config.get("allowed_algorithms"), config.get("blocked_algorithms"))
        if not self.algorithms:
            raise UserError("no algorithm is left to try: the allowed and blocked lists exclude every one the local engine has")
        self.featurization = config.get("featurization") or "auto"
        custom = config.get("featurization_settings")
        self.preprocess, self.numeric, self.categorical = featurizer(self.X, self.featurization, custom)
        for part in (self.validation, self.test):
            if part is not None:
                cast_purposes(part[0], custom)
        check_rows(self.y, self.warnings)
        self.n_folds = None
        if self.validation is None and self.splits is None:
            self.n_folds = fold_count(self.task, self.y, config.get("n_cross_validations"), config["target_column"], self.warnings)

    def hold_out(self, size, what):
        """Splits the training rows into what stays and a held-out share (validation or test)."""
        check_hold_out(self.task, self.y, size, what)
        stratify = self.y if self.task == "classification" else None
        X_fit, X_out, y_fit, y_out = train_test_split(self.X, self.y, test_size=size, random_state=self.seed, stratify=stratify)
        self.y = y_fit
        return X_fit, (X_out, y_out)

    def pop_weights(self, column):
        """The weight column leaves the features; trials fit (and are scored) with it."""
        if not column:
            return None
        if column not in self.X.columns:
            raise UserError(f"weight column '{column}' is not in the data")
        weights = self.X.pop(column).astype(float).to_numpy()
        for part in (self.validation, self.test):
            if part is not None and column in part[0].columns:
                part[0].pop(column)
        return weights

    def pop_splits(self, columns):
        """Each split column is one fold: rows marked 1 train, rows marked 0 validate (Azure's cv_split_column_names)."""
        if not columns:
            return None
        missing = [c for c in columns if c not in self.X.columns]
        if missing:
            raise UserError(f"cross-validation split columns are not in the data: {', '.join(missing)}")
        splits = []
        for c in columns:
            mask = self.X.pop(c).astype(int).to_numpy() == 1
            splits.append((np.flatnonzero(mask), np.flatnonzero(~mask)))
        return splits

    def positive_label(self, label):
        if label is None:
            return None
        classes = [str(c) for c in sorted(self.y.unique())]
        if self.task != "classification" or str(label) not in classes:
            raise UserError(f"positive label '{label}' is not a class of the label column; classes: {', '.join(classes)}")
        return str(label)

    def folds(self):
        if self.splits is not None:
            return self.splits
        if self.task == "classification":
            return StratifiedKFold(n_splits=self.n_folds, shuffle=True, random_state=self.seed)
        return KFold(n_splits=self.n_folds, shuffle=True, random_state=self.seed)

    def pipeline(self, cls, params):
        cores = (self.config.get("limits") or {}).get("max_cores_per_trial")
        if cores is not None and "n_jobs" in cls().get_params():
            params = {**params, "n_jobs": int(cores)}
        return Pipeline([("featurize", self.preprocess), ("model", cls(**params))])

    def fit_params(self, model, rows=None):
        if self.weights is None or not _accepts_weight(model.steps[-1][1]):
            return {}
        return {"model__sample_weight": self.weights if rows is None else self.weights[rows]}

    def fit(self, model):
        return model.fit(self.X, self.y, **self.fit_params(model))

    def metrics(self, truth, pred):
        if self.task == "classification":
            return classification_metrics(truth, pred, np.array(sorted(self.y.unique())), self.positive)
        return regression_metrics(truth, pred)

    def predict(self, model, X):
        return model.predict_proba(X) if self.task == "classification" else model.predict(X)

    def score(self, model):
        """The trial's metrics: on validation data, per given split (averaged), or by cross-validation."""
        if self.validation is not None:
            Xv, yv = self.validation
            return self.metrics(yv.to_numpy(), self.predict(self.fit(model), Xv))
        if self.splits is not None:
            per_split = []
            for train, valid in self.splits:
                model.fit(self.X.iloc[train], self.y.iloc[train], **self.fit_params(model, train))
                per_split.append(self.metrics(self.y.iloc[valid].to_numpy(), self.predict(model, self.X.iloc[valid])))
            return {k: float(np.mean([m[k] for m in per_split])) for k in per_split[0]}
        method = "predict_proba" if self.task == "classification" else "predict"
        pred = cross_val_predict(model, self.X, self.y, cv=self.folds(), method=method, fit_params=self.fit_params(model))
        return self.metrics(self.y.to_numpy(), pred)

    def evaluate(self, iteration):
        name, cls, params = trial_spec(self.task, iteration, self.seed, self.algorithms)
        values = self.score(self.pipeline(cls, params))
        return name, params, {k: float(v) for k, v in values.items()}

    def model_for(self, record):
        """The unfitted model a record stands for: a trial's pipeline, or an ensemble of trials."""
        if "members" not in record:
            _, cls, params = trial_spec(self.task, record["iteration"], self.seed, self.algorithms)
            return self.pipeline(cls, params)
        from .ensembles import ensemble_model

        return ensemble_model(self, record["algorithm"], record["members"], record.get("meta_learner"))

    def test_metrics(self, fitted):
        """The best model's scores on the test data (Azure's test run), when there is test data."""
        if self.test is None:
            return None
        Xt, yt = self.test
        return {k: float(v) for k, v in self.metrics(yt.to_numpy(), self.predict(fitted, Xt)).items()}
