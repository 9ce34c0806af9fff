"""Loads a CLI v2 pipeline YAML with the official SDK's `load_job` (the schemas `az ml job create
-f` validates with) and prints the REST body the SDK would send, as sorted JSON."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import sdk_stubs  # noqa: E402

sdk_stubs.install()
from azure.ai.ml import load_job  # noqa: E402

job = load_job(sys.argv[1])
print(json.dumps(job._to_rest_object().serialize(), sort_keys=True))
