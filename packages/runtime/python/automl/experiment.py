"""One AutoML experiment: its data, featurization and how a trial is scored."""
import numpy as np
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict, train_test_split
from sklearn.pipeline import Pipeline

from .algorithms import algorithm_table, trial_spec
from .data import UserError, featurizer, read_table, split_label
from .metrics import azure_metric_name, classification_metrics, regression_metrics


class Experiment:
    def __init__(self, config):
        self.config = config
        self.task = config["task"]
        self.seed = int(config.get("seed", 42))
        self.metric = azure_metric_name(self.task, config["primary_metric"])
        train = read_table(config["training_data"])
        self.X, self.y = split_label(train, config["target_column"])
        self.validation = None
        if config.get("validation_data"):
            self.validation = split_label(read_table(config["validation_data"]), config["target_column"])
        elif config.get("validation_data_size"):
            self.X, self.validation = self.hold_out(float(config["validation_data_size"]))
        self.algorithms = algorithm_table(self.task, config.get("allowed_algorithms"), config.get("blocked_algorithms"))
        if not self.algorithms:
            raise UserError("no algorithm is left to try: the allowed and blocked lists exclude every one the local engine has")
        self.featurization = config.get("featurization") or "auto"
        self.preprocess, self.numeric, self.categorical = featurizer(self.X, self.featurization)
        if self.task == "classification" and self.y.nunique() < 2:
            raise UserError("the label column has a single class; classification needs at least two")

    def hold_out(self, size):
        """Splits the training rows into what trials fit on and the share (validation_data_size) they are scored on."""
        stratify = self.y if self.task == "classification" else None
        X_fit, X_val, y_fit, y_val = train_test_split(self.X, self.y, test_size=size, random_state=self.seed, stratify=stratify)
        self.y = y_fit
        return X_fit, (X_val, y_val)

    def folds(self):
        n = self.config.get("n_cross_validations")
        n = 5 if n in (None, "auto") else int(n)
        if self.task == "classification":
            n = max(2, min(n, int(self.y.value_counts().min())))
            return StratifiedKFold(n_splits=n, shuffle=True, random_state=self.seed)
        return KFold(n_splits=n, shuffle=True, random_state=self.seed)

    def pipeline(self, cls, params):
        return Pipeline([("featurize", self.preprocess), ("model", cls(**params))])

    def evaluate(self, iteration):
        name, cls, params = trial_spec(self.task, iteration, self.seed, self.algorithms)
        model = self.pipeline(cls, params)
        if self.validation is not None:
            Xv, yv = self.validation
            model.fit(self.X, self.y)
            pred = model.predict_proba(Xv) if self.task == "classification" else model.predict(Xv)
            truth = yv.to_numpy()
        else:
            method = "predict_proba" if self.task == "classification" else "predict"
            pred = cross_val_predict(model, self.X, self.y, cv=self.folds(), method=method)
            truth = self.y.to_numpy()
        if self.task == "classification":
            values = classification_metrics(truth, pred, np.array(sorted(self.y.unique())))
        else:
            values = regression_metrics(truth, pred)
        return name, params, {k: float(v) for k, v in values.items()}
