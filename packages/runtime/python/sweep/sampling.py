"""Drawing hyperparameter values: random (seeded, optionally Sobol), grid, and Bayesian (Optuna's TPE)."""
import itertools
import math

import numpy as np


class UserError(Exception):
    """A problem with the sweep's configuration: one line, exit code 2."""


def _quantize(value, q):
    if q is None:
        return float(value)
    out = round(value / q) * q
    return int(out) if float(q).is_integer() else float(out)


def _from_unit(d, u):
    """A value of distribution `d` from a point `u` in [0, 1) (inverse CDF), for random and Sobol draws."""
    from scipy.stats import norm

    kind = d["type"]
    if kind == "choice":
        return d["values"][min(int(u * len(d["values"])), len(d["values"]) - 1)]
    if kind == "randint":
        return min(int(u * d["upper"]), d["upper"] - 1)
    if kind in ("uniform", "quniform"):
        return _quantize(d["min"] + u * (d["max"] - d["min"]), d.get("q"))
    if kind in ("loguniform", "qloguniform"):
        return _quantize(math.exp(d["min"] + u * (d["max"] - d["min"])), d.get("q"))
    z = d["mu"] + d["sigma"] * float(norm.ppf(min(max(u, 1e-12), 1 - 1e-12)))
    return _quantize(math.exp(z) if kind in ("lognormal", "qlognormal") else z, d.get("q"))


class RandomSampler:
    """Trial i's values depend only on the seed and i, so a sweep with more trials repeats the first ones."""

    def __init__(self, space, seed, rule):
        self.names = sorted(space)
        self.space = space
        self.seed = seed
        self.sobol = None
        if rule == "sobol":
            from scipy.stats import qmc

            self.sobol = qmc.Sobol(d=len(self.names), scramble=True, seed=seed)

    def total(self, limit):
        return limit

    def draw(self, i):
        if self.sobol is not None:
            while len(getattr(self, "_points", [])) <= i:
                self._points = np.vstack([getattr(self, "_points", np.empty((0, len(self.names)))), self.sobol.random(64)])
            units = self._points[i]
        else:
            units = np.random.default_rng([self.seed, i]).random(len(self.names))
        return {n: _from_unit(self.space[n], float(u)) for n, u in zip(self.names, units)}

    def tell(self, *_):
        pass


class GridSampler:
    """Every combination of the choices, in a fixed order, up to the trial limit."""

    def __init__(self, space):
        self.names = sorted(space)
        for n in self.names:
            if space[n]["type"] != "choice":
                raise UserError(f"grid sampling enumerates choice(...) values only; '{n}' is {space[n]['type']}")
        self.points = list(itertools.product(*[space[n]["values"] for n in self.names]))

    def total(self, limit):
        return min(limit, len(self.points))

    def draw(self, i):
        return dict(zip(self.names, self.points[i]))

    def tell(self, *_):
        pass


class BayesianSampler:
    """Optuna's TPE sampler (Debian's python3-optuna): each draw learns from the trials told before it.
    Reproducible with a seed when trials run one at a time (more at once, the order they finish varies)."""

    def __init__(self, space, seed, goal):
        import optuna

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        for n, d in space.items():
            if d["type"] not in ("choice", "uniform", "quniform"):
                raise UserError(f"bayesian sampling takes choice, uniform and quniform (as on Azure ML); '{n}' is {d['type']}")
        self.space = space
        self.study = optuna.create_study(direction=goal, sampler=optuna.samplers.TPESampler(seed=seed))
        self.asked = {}

    def total(self, limit):
        return limit

    def draw(self, i):
        trial = self.study.ask()
        values = {}
        for n in sorted(self.space):
            d = self.space[n]
            if d["type"] == "choice":
                values[n] = trial.suggest_categorical(n, d["values"])
            elif d["type"] == "uniform":
                values[n] = trial.suggest_float(n, d["min"], d["max"])
            else:
                values[n] = _quantize(trial.suggest_float(n, d["min"], d["max"]), d["q"])
        self.asked[i] = trial
        return values

    def tell(self, i, metric):
        trial = self.asked.pop(i, None)
        if trial is not None:
            import optuna

            self.study.tell(trial, metric if metric is not None else None, state=None if metric is not None else optuna.trial.TrialState.FAIL)


def sampler_for(config):
    sampling = config["sampling"]
    space = config["search_space"]
    if sampling["type"] == "grid":
        return GridSampler(space)
    if sampling["type"] == "bayesian":
        return BayesianSampler(space, sampling.get("seed"), config["objective"]["goal"])
    return RandomSampler(space, int(sampling["seed"]), sampling.get("rule"))
