"""Reports this interpreter's version and which of the given top-level modules it lacks.

Modules of the standard library are never reported missing (they are filtered here, where
`sys.stdlib_module_names` knows this interpreter's standard library).
"""
import importlib.util
import json
import sys

names = [n for n in sys.argv[1:] if n not in getattr(sys, "stdlib_module_names", ())]
missing = []
for name in names:
    try:
        if importlib.util.find_spec(name) is None:
            missing.append(name)
    except (ImportError, ValueError):
        missing.append(name)
# sys.executable is the real interpreter even when a shim (pyenv) started this one.
print(json.dumps({"version": sys.version.split()[0], "executable": sys.executable, "missing": missing}))
