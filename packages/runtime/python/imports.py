"""Which top-level modules a step's scripts import, read with `ast` (never a regex).

Reads a JSON list of {"key", "dir", "files", "entry", "archives"} on stdin and prints {key: {"required":
[...], "optional": [...]}}. Imports are followed from the entry script through the snapshot's own
modules and packages; what the snapshot does not provide is external. An import inside a `try`
whose handlers catch ImportError (or ModuleNotFoundError, Exception, or everything) is optional:
the script runs without it. Relative imports and `__future__` are the snapshot's or Python's own.
The snapshot's archives on the step's Python path (a Spark job's `py_files`: .zip, .egg, .whl)
provide the top-level modules and packages they hold.
"""
import ast
import json
import os
import sys
import zipfile

CATCHES_IMPORT = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}


def catches_import_error(handler):
    if handler.type is None:
        return True
    names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(n, ast.Name) and n.id in CATCHES_IMPORT for n in names)


# The MLflow calls Sluice's stand-in (python/mlflow_shim) answers; anything else of MLflow (a
# model flavour such as `mlflow.sklearn`, `mlflow.pyfunc`) needs the real package. Such a use is
# reported as the dotted name (`mlflow.sklearn`), so the runtime knows the stand-in cannot serve.
MLFLOW_TRACKING = {
    "log_metric", "log_metrics", "log_param", "log_params", "set_tag", "set_tags", "autolog", "log_artifact",
    "log_artifacts", "set_experiment", "set_tracking_uri", "start_run", "end_run", "active_run",
}


class Imports(ast.NodeVisitor):
    def __init__(self):
        self.required, self.optional, self.guarded = set(), set(), 0
        self.mlflow_names = set()

    def add(self, name):
        top = name.split(".")[0]
        if top and top != "__future__":
            (self.optional if self.guarded else self.required).add(top)
        parts = name.split(".")
        if top == "mlflow" and len(parts) > 1 and parts[1] not in MLFLOW_TRACKING:
            (self.optional if self.guarded else self.required).add(f"mlflow.{parts[1]}")

    def visit_Attribute(self, node):
        if isinstance(node.value, ast.Name) and node.value.id in self.mlflow_names and node.attr not in MLFLOW_TRACKING:
            self.required.add(f"mlflow.{node.attr}")
        self.generic_visit(node)

    def visit_Try(self, node):
        guarded = any(catches_import_error(h) for h in node.handlers)
        self.guarded += guarded
        for child in node.body:
            self.visit(child)
        self.guarded -= guarded
        for child in node.handlers + node.orelse + node.finalbody:
            self.visit(child)

    visit_TryStar = visit_Try

    def visit_Import(self, node):
        for alias in node.names:
            self.add(alias.name)
            if alias.name.split(".")[0] == "mlflow":
                self.mlflow_names.add(alias.asname or "mlflow")

    def visit_ImportFrom(self, node):
        if node.level == 0 and node.module:
            self.add(node.module)
            if node.module == "mlflow":
                for alias in node.names:
                    self.add(f"mlflow.{alias.name}")


def archived(step):
    """Top-level modules and packages in the step's archives on its Python path."""
    names = set()
    for archive in step.get("archives", []):
        try:
            with zipfile.ZipFile(os.path.join(step["dir"], archive)) as z:
                names.update(n.split("/")[0].removesuffix(".py") for n in z.namelist() if n.endswith(".py"))
        except (OSError, zipfile.BadZipFile):
            continue  # the step itself will report it when it runs
    return names


def scan(step):
    files = set(step["files"])
    local = lambda name: [f for f in files if f == f"{name}.py" or f.startswith(f"{name}/")]
    start = [step["entry"]] if step.get("entry") in files else sorted(f for f in files if f.endswith(".py"))
    queue, seen, required, optional = list(start), set(start), set(), set()
    while queue:
        path = queue.pop(0)
        if not path.endswith(".py"):
            continue
        with open(os.path.join(step["dir"], path), "rb") as f:
            try:
                tree = ast.parse(f.read(), filename=path)
            except SyntaxError:
                continue  # the step itself will report it when it runs
        found = Imports()
        found.visit(tree)
        for names, bucket in ((found.required, required), (found.optional, optional)):
            for name in names:
                mine = [] if "." in name else local(name)
                if not mine:
                    bucket.add(name)
                for f in mine:
                    if f not in seen:
                        seen.add(f)
                        queue.append(f)
    stdlib = getattr(sys, "stdlib_module_names", set()) | archived(step)
    required -= stdlib
    return {"required": sorted(required), "optional": sorted((optional - required) - stdlib)}


def main():
    steps = json.load(sys.stdin)
    print(json.dumps({step["key"]: scan(step) for step in steps}, sort_keys=True))


if __name__ == "__main__":
    main()
