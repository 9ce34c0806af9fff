"""The census oracle: loads many CLI v2 job YAMLs with the official SDK's `load_job` in one Python
process (starting the SDK once costs seconds; per file it is milliseconds) and prints one JSON line
per file: {"file", "ok": true, "body"} with the REST body the SDK would send, or {"file", "ok":
false, "error"} with the SDK's own refusal. Files are read from stdin, one path per line."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import sdk_stubs  # noqa: E402

sdk_stubs.install()
from azure.ai.ml import load_job  # noqa: E402

for line in sys.stdin:
    path = line.strip()
    if not path:
        continue
    try:
        job = load_job(path)
        # A command or Spark job loads as a node builder; the job it submits is its `_to_job()`.
        job = job._to_job() if hasattr(job, "_to_job") else job
        body = job._to_rest_object().serialize()
        out = {"file": path, "ok": True, "body": body}
    except Exception as e:  # noqa: BLE001 - any refusal of the SDK is the answer
        first = (str(e).strip().splitlines() or [type(e).__name__])[0]
        out = {"file": path, "ok": False, "error": f"{type(e).__name__}: {first}"[:300]}
    print(json.dumps(out, sort_keys=True, default=str), flush=True)
