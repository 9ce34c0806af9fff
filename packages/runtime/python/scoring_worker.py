"""One scoring process of a deployment, as Azure ML's inference server runs it.

Loads the model once, then answers requests read from stdin, one JSON line each
(`{"id": n, "body": "<the raw request body>"}`). Replies go to the protocol stream (the real
stdout), one line each, framed so that nothing in a reply can desynchronize the protocol:

    ready <json schema>            the model loaded
    failed <json message>          it did not (the process then exits)
    <id> <status> <json envelope>  the answer to request <id>: {"body": ..., "warning": ...}

A request line `{"id": n, "ping": true}` is the liveness probe, answered `n 200 {"body": "pong"}`.

The id and status come before the JSON, so the server knows whom an answer is for even if its
JSON were unreadable; the JSON is strict (NaN and Infinity are written as null, as pandas'
`to_json` does) and has no raw newline. The scoring script's own prints go to stderr.

With --script, Azure's contract: `init()` once (AZUREML_MODEL_DIR names the model folder),
`run(raw_body)` per request, its return value serialized as JSON. Without it, the MLflow no-code
contract: `{"input_data": {"columns": [...], "index": [...], "data": [[...]]}}` is checked against
the model's signature (columns by name, in any order; types) and scored by its pickled estimator.
"""
import parent_watch  # noqa: F401  (first: ends this process if Sluice dies, SIGKILL included)
import argparse
import importlib.util
import json
import math
import os
import sys
import traceback

from scoring_schema import RequestError, frame_from_request, explain_model_error


def load_signature(model_dir):
    """The model's input columns from its MLmodel signature, if it has one."""
    meta = os.path.join(model_dir, "MLmodel.json")
    if os.path.exists(meta):
        with open(meta, encoding="utf-8") as f:
            inputs = (json.load(f).get("signature") or {}).get("inputs")
        if isinstance(inputs, list):
            return inputs
    mlmodel = os.path.join(model_dir, "MLmodel")
    if os.path.exists(mlmodel):
        with open(mlmodel, encoding="utf-8") as f:
            text = f.read()
        start = text.find("inputs: '")
        if start >= 0:
            end = text.find("'\n", start + 9)
            try:
                return json.loads(text[start + 9:end].replace("\n    ", " "))
            except ValueError:
                return None
    return None


class NoCodeModel:
    """An MLflow model served without a scoring script (its sklearn flavour's pickle)."""

    def __init__(self, model_dir):
        import pickle

        path = os.path.join(model_dir, "model.pkl")
        if not os.path.exists(path):
            raise RuntimeError(f"no model.pkl in {os.path.basename(model_dir) or model_dir}: a no-code deployment needs an MLflow sklearn model; give the deployment a scoring script")
        with open(path, "rb") as f:
            self.model = pickle.load(f)
        self.signature = load_signature(model_dir)
        # Without a signature, the columns the estimator was fitted on (names only) are enforced.
        names = getattr(self.model, "feature_names_in_", None)
        self.columns = self.signature or ([{"name": str(n)} for n in names] if names is not None else None)

    def schema(self):
        return self.signature

    def score(self, body):
        df, warning = frame_from_request(body, self.columns)
        try:
            predictions = self.model.predict(df)
        except (ValueError, TypeError, KeyError, IndexError, OverflowError) as e:
            traceback.print_exc()
            raise RequestError(explain_model_error(e, df)) from None
        return [p.item() if hasattr(p, "item") else p for p in predictions], warning


class ScriptModel:
    """A scoring script with init() and run(data), Azure's entry-script contract."""

    def __init__(self, model_dir, code_dir, script):
        os.environ["AZUREML_MODEL_DIR"] = model_dir
        sys.path.insert(0, code_dir)
        spec = importlib.util.spec_from_file_location("score", os.path.join(code_dir, script))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name in ("init", "run"):
            if not callable(getattr(module, name, None)):
                raise RuntimeError(f"{script} has no {name}() function")
        module.init()
        self.module = module
        self.signature = load_signature(model_dir)

    def schema(self):
        return self.signature

    def score(self, body):
        return self.module.run(body), None


def _plain(o):
    """numpy and pandas values as JSON's own types (arrays as lists); anything else as its text."""
    if hasattr(o, "tolist"):
        return o.tolist()
    if hasattr(o, "item"):
        return o.item()
    if hasattr(o, "to_dict"):
        return o.to_dict()
    return str(o)


def _finite(o):
    """The value with every NaN and ±Infinity replaced by None (JSON has neither)."""
    if isinstance(o, float):
        return o if math.isfinite(o) else None
    if isinstance(o, dict):
        return {k: _finite(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_finite(v) for v in o]
    if o is None or isinstance(o, (str, int, bool)):
        return o
    return _finite(_plain(o))


def encode(envelope):
    """Strict one-line JSON: the fast path when every number is finite, else NaN/Infinity → null."""
    try:
        return json.dumps(envelope, allow_nan=False, default=_plain)
    except ValueError:
        return json.dumps(_finite(envelope), allow_nan=False, default=str)


def answer(proto, rid, status, body, warning=None):
    envelope = {"body": body}
    if warning:
        envelope["warning"] = warning
    try:
        text = encode(envelope)
    except (TypeError, ValueError, RecursionError) as e:
        status, text = 500, json.dumps({"body": {"error": f"the scoring script returned something that is not JSON ({type(e).__name__})"}})
    proto.write(f"{rid} {status} {text}\n")
    proto.flush()


def die_with_parent():
    """On Linux, the kernel kills this process when `sluice serve` dies, even by SIGKILL."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:
            os._exit(1)
    except (OSError, AttributeError):
        pass


def serve(proto, model):
    for line in sys.stdin:
        try:
            req = json.loads(line)
            rid = int(req["id"])
            if req.get("ping"):  # the liveness probe: answered between requests
                answer(proto, rid, 200, "pong")
                continue
            body = req["body"]
        except (ValueError, KeyError, TypeError):
            continue
        try:
            result, warning = model.score(body)
            answer(proto, rid, 200, result, warning)
        except RequestError as e:
            answer(proto, rid, 400, {"error": str(e)})
        except RecursionError:
            answer(proto, rid, 400, {"error": "the request nests too deeply"})
        except Exception as e:  # noqa: BLE001 - a script that raises is a 500, and the server keeps serving
            traceback.print_exc()
            answer(proto, rid, 500, {"error": f"{type(e).__name__}: {e}".splitlines()[0][:500]})


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model-dir", required=True)
    p.add_argument("--code-dir")
    p.add_argument("--script")
    args = p.parse_args()
    die_with_parent()
    # The protocol keeps the real stdout; everything the model code prints goes to stderr.
    proto = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        model = ScriptModel(args.model_dir, args.code_dir, args.script) if args.script else NoCodeModel(args.model_dir)
    except Exception as e:  # noqa: BLE001 - any failure to load is the deployment's readiness failure
        traceback.print_exc()
        proto.write(f"failed {json.dumps(f'{type(e).__name__}: {e}'.splitlines()[0][:500])}\n")
        proto.flush()
        return 1
    proto.write(f"ready {encode(model.schema())}\n")
    proto.flush()
    serve(proto, model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
