"""Candidate algorithms per task: defaults first, then seeded hyperparameter samples."""
import math

import numpy as np
from sklearn import ensemble, linear_model, neighbors, tree


def _choice(rng, values):
    return values[int(rng.integers(len(values)))]


def _logu(rng, low, high):
    return float(math.exp(rng.uniform(math.log(low), math.log(high))))


def _forest(rng):
    return {"n_estimators": _choice(rng, [50, 100, 200]), "max_depth": _choice(rng, [None, 4, 8, 16]),
            "min_samples_leaf": _choice(rng, [1, 2, 5]), "max_features": _choice(rng, ["sqrt", 0.5, None])}


CLASSIFIERS = [
    ("LogisticRegression", linear_model.LogisticRegression, {"max_iter": 1000},
     lambda r: {"C": _logu(r, 1e-3, 1e2), "class_weight": _choice(r, [None, "balanced"])}),
    ("RandomForest", ensemble.RandomForestClassifier, {"n_estimators": 100}, _forest),
    ("GradientBoosting", ensemble.GradientBoostingClassifier, {},
     lambda r: {"n_estimators": _choice(r, [50, 100, 200]), "learning_rate": _logu(r, 0.01, 0.3),
                "max_depth": _choice(r, [2, 3, 4]), "subsample": _choice(r, [0.7, 1.0])}),
    ("ExtremeRandomTrees", ensemble.ExtraTreesClassifier, {"n_estimators": 100}, _forest),
    ("KNN", neighbors.KNeighborsClassifier, {},
     lambda r: {"n_neighbors": _choice(r, [3, 5, 11, 21]), "weights": _choice(r, ["uniform", "distance"])}),
    ("DecisionTree", tree.DecisionTreeClassifier, {},
     lambda r: {"max_depth": _choice(r, [3, 5, 8, None]), "min_samples_leaf": _choice(r, [1, 5, 10])}),
]
REGRESSORS = [
    ("ElasticNet", linear_model.ElasticNet, {"max_iter": 5000},
     lambda r: {"alpha": _logu(r, 1e-4, 10), "l1_ratio": float(r.uniform(0, 1))}),
    ("RandomForest", ensemble.RandomForestRegressor, {"n_estimators": 100}, _forest),
    ("GradientBoosting", ensemble.GradientBoostingRegressor, {},
     lambda r: {"n_estimators": _choice(r, [50, 100, 200]), "learning_rate": _logu(r, 0.01, 0.3),
                "max_depth": _choice(r, [2, 3, 4]), "subsample": _choice(r, [0.7, 1.0])}),
    ("ExtremeRandomTrees", ensemble.ExtraTreesRegressor, {"n_estimators": 100}, _forest),
    ("Ridge", linear_model.Ridge, {}, lambda r: {"alpha": _logu(r, 1e-3, 1e2)}),
    ("KNN", neighbors.KNeighborsRegressor, {},
     lambda r: {"n_neighbors": _choice(r, [3, 5, 11, 21]), "weights": _choice(r, ["uniform", "distance"])}),
    ("DecisionTree", tree.DecisionTreeRegressor, {},
     lambda r: {"max_depth": _choice(r, [3, 5, 8, None]), "min_samples_leaf": _choice(r, [1, 5, 10])}),
]


def algorithm_table(task, allowed=None, blocked=None):
    """The algorithms a task may try: all of them, only the allowed ones, never the blocked ones."""
    table = CLASSIFIERS if task == "classification" else REGRESSORS
    return [a for a in table if (allowed is None or a[0] in allowed) and a[0] not in (blocked or [])]


def trial_spec(task, iteration, seed, table=None):
    """Iteration i: each algorithm with defaults first, then sampled hyperparameters (seeded)."""
    table = table or algorithm_table(task)
    name, cls, defaults, sample = table[iteration % len(table)]
    params = dict(defaults)
    if iteration >= len(table):
        params.update(sample(np.random.default_rng(seed + iteration)))
    if "random_state" in cls().get_params():
        params["random_state"] = seed
    return name, cls, params
