"""One scoring process of a deployment, as Azure ML's inference server runs it.

Loads the model once, then answers requests read from stdin, one JSON line each
(`{"id": n, "body": "<the raw request body>"}`), with one JSON line each on the protocol
stream (`{"id": n, "status": 200, "body": <JSON>}`). The scoring script's own prints go to
stderr, so they never corrupt the protocol.

With --script, Azure's contract: `init()` once (AZUREML_MODEL_DIR names the model folder),
`run(raw_body)` per request, its return value serialized as JSON. Without it, the MLflow no-code
contract: `{"input_data": {"columns": [...], "index": [...], "data": [[...]]}}` is scored by the
model's pickled estimator, columns checked against the model's signature.
"""
import argparse
import importlib.util
import json
import os
import sys
import traceback


class RequestError(Exception):
    """The request is wrong (400), not the model or the script."""


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

    def frame(self, body):
        import pandas as pd

        try:
            doc = json.loads(body)
        except ValueError as e:
            raise RequestError(f"the request is not valid JSON: {e}") from None
        data = doc.get("input_data") if isinstance(doc, dict) else None
        if isinstance(data, dict) and isinstance(data.get("data"), list):
            columns = data.get("columns")
            try:
                df = pd.DataFrame(data["data"], columns=columns, index=data.get("index"))
            except (ValueError, TypeError) as e:
                raise RequestError(f"input_data does not make a table: {e}") from None
        elif isinstance(data, list) and all(isinstance(r, dict) for r in data):
            df = pd.DataFrame(data)
        else:
            raise RequestError('expected {"input_data": {"columns": [...], "index": [...], "data": [[...]]}}')
        if self.signature:
            wanted = [c["name"] for c in self.signature]
            missing = [c for c in wanted if c not in df.columns]
            extra = [c for c in df.columns if c not in wanted]
            if missing:
                raise RequestError(f"missing columns: {', '.join(missing)}" + (f"; unknown columns: {', '.join(map(str, extra))}" if extra else ""))
            if list(df.columns) != wanted:
                df = df[wanted]
        return df

    def schema(self):
        return self.signature

    def score(self, body):
        df = self.frame(body)
        try:
            predictions = self.model.predict(df)
        except (ValueError, TypeError) as e:
            raise RequestError(f"the model cannot score this input: {e}") from None
        return [p.item() if hasattr(p, "item") else p for p in predictions]


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
        return self.module.run(body)


def answer(proto, rid, status, body):
    proto.write(json.dumps({"id": rid, "status": status, "body": body}, default=str) + "\n")
    proto.flush()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model-dir", required=True)
    p.add_argument("--code-dir")
    p.add_argument("--script")
    args = p.parse_args()
    # The protocol keeps the real stdout; everything the model code prints goes to stderr.
    proto = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        model = ScriptModel(args.model_dir, args.code_dir, args.script) if args.script else NoCodeModel(args.model_dir)
    except Exception as e:  # noqa: BLE001 - any failure to load is the deployment's readiness failure
        traceback.print_exc()
        proto.write(json.dumps({"ready": False, "error": f"{type(e).__name__}: {e}"}) + "\n")
        proto.flush()
        return 1
    proto.write(json.dumps({"ready": True, "schema": model.schema()}) + "\n")
    proto.flush()
    for line in sys.stdin:
        try:
            req = json.loads(line)
        except ValueError:
            continue
        try:
            answer(proto, req["id"], 200, model.score(req["body"]))
        except RequestError as e:
            answer(proto, req["id"], 400, {"error": str(e)})
        except Exception as e:  # noqa: BLE001 - a script that raises is a 500, and the server keeps serving
            traceback.print_exc()
            answer(proto, req["id"], 500, {"error": f"{type(e).__name__}: {e}"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
