"""Loads a CLI v2 YAML with the official SDK's `load_job` or `load_schedule` (the schemas
`az ml job create -f` / `az ml schedule create -f` validate with) and prints the REST body the SDK
would send, as sorted JSON (`component`: a component version's body, as `load_component` gives
it). Usage: sdk_load_job.py <yaml> [job|schedule|component]"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import sdk_stubs  # noqa: E402

sdk_stubs.install()
from azure.ai.ml import load_component, load_job  # noqa: E402
from azure.ai.ml.entities._load_functions import load_schedule  # noqa: E402

kind = sys.argv[2] if len(sys.argv) > 2 else "job"
entity = {"schedule": load_schedule, "component": load_component}.get(kind, load_job)(sys.argv[1])
print(json.dumps(entity._to_rest_object().serialize(), sort_keys=True, default=str))
