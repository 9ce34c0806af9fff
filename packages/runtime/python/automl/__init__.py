"""Sluice's local AutoML engine, in parts: data, algorithms, metrics, experiment, scheduler, outputs."""
