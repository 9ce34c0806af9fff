"""Loads a CLI v2 endpoint or deployment YAML with the official SDK's loaders (the schemas
`az ml online-endpoint create -f` and friends validate with) and prints the REST body the SDK
would send, as sorted JSON. Usage: sdk_load_endpoint.py <yaml> online-endpoint|online-deployment|batch-endpoint|batch-deployment"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import sdk_stubs  # noqa: E402

sdk_stubs.install()
import logging  # noqa: E402

logging.disable(logging.WARNING)
from azure.ai.ml import load_batch_deployment, load_batch_endpoint, load_online_deployment, load_online_endpoint  # noqa: E402

path, kind = sys.argv[1], sys.argv[2]
if kind == "online-endpoint":
    body = load_online_endpoint(path)._to_rest_online_endpoint("westeurope")
elif kind == "online-deployment":
    body = load_online_deployment(path)._to_rest_object(location="westeurope")
elif kind == "batch-endpoint":
    body = load_batch_endpoint(path)._to_rest_batch_endpoint("westeurope")
else:
    body = load_batch_deployment(path)._to_rest_object(location="westeurope")
print(json.dumps(body.serialize(), sort_keys=True, default=str))
