"""Azure ML's early termination policies, applied to the primary metric as trials report it.

Each report of the primary metric is one interval. A policy is applied at interval k when
k >= delay_evaluation and k is a multiple of evaluation_interval, comparing the trials that
have reached interval k:
- Bandit: a trial is stopped when its best value up to k is not within the slack of the best
  trial's best value up to k (factor: best / (1 + f) when maximizing, best * (1 + f) when
  minimizing; amount: best - a, or best + a).
- Median stopping: a trial is stopped when its best value up to k is worse than the median of
  the trials' running averages up to k.
- Truncation selection: the worst truncation_percentage of the trials at interval k (by their
  value at k) are stopped.
"""
import statistics


def _better(goal, a, b):
    return a > b if goal == "maximize" else a < b


def _best(goal, values):
    return max(values) if goal == "maximize" else min(values)


def due(policy, k):
    interval = int(policy.get("evaluation_interval") or 1)
    delay = int(policy.get("delay_evaluation") or 0)
    return k >= max(delay, 1) and k % interval == 0


def should_stop(policy, goal, series, trial):
    """Whether `trial` (its primary metric reports in `series[trial]`) stops at its latest interval."""
    if not policy:
        return False
    mine = series[trial]
    k = len(mine)
    if not due(policy, k):
        return False
    peers = {t: s[:k] for t, s in series.items() if len(s) >= k}
    kind = policy["policy"]
    if kind == "bandit":
        top = _best(goal, [_best(goal, s) for s in peers.values()])
        own = _best(goal, mine)
        if policy.get("slack_factor") is not None:
            f = float(policy["slack_factor"])
            bound = top / (1 + f) if goal == "maximize" else top * (1 + f)
        else:
            a = float(policy["slack_amount"])
            bound = top - a if goal == "maximize" else top + a
        return _better(goal, bound, own)
    if kind == "median_stopping":
        if len(peers) < 2:
            return False
        median = statistics.median(statistics.fmean(s) for s in peers.values())
        return _better(goal, median, _best(goal, mine))
    if kind == "truncation_selection":
        ranked = sorted(peers, key=lambda t: peers[t][-1], reverse=goal == "maximize")
        cut = int(len(ranked) * float(policy["truncation_percentage"]) / 100)
        return cut > 0 and trial in ranked[-cut:]
    return False
