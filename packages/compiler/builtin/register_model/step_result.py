"""The result document a built-in model step ends with (what it registered or deployed, and why).

Sluice reads this, never the prose lines the step also prints for people: written to
SLUICE_RESULT_FILE when a local run sets it, and always printed as one marked line, which is what
an Azure ML job's log gives back. Its schema is ModelStepResultSchema in Sluice's runtime
(progress/model-step-result.ts); change both together.
"""

import json
import os

SCHEMA = "sluice.model-step-result/1"
MARKER = "SLUICE_RESULT "


def report(doc):
    """Writes the step's result document (atomically) and prints it as the marked line."""
    text = json.dumps({"schema": SCHEMA, **doc}, sort_keys=True, ensure_ascii=True)
    path = os.environ.get("SLUICE_RESULT_FILE")
    if path:
        partial = f"{path}.partial"
        with open(partial, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(partial, path)
    print(MARKER + text, flush=True)
