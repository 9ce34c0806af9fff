"""Prints the official Azure ML SDK v2 content hash of a folder, for cross-checks."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import sdk_stubs  # noqa: E402

sdk_stubs.install()
from azure.ai.ml._utils._asset_utils import get_content_hash  # noqa: E402
from azure.ai.ml.entities._component.code import ComponentIgnoreFile  # noqa: E402

path = sys.argv[1]
print(get_content_hash(path, ComponentIgnoreFile(path)))
