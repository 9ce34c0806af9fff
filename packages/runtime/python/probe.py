"""Reports this interpreter and, for the given top-level modules, which are missing and which
version of which distribution provides the others.

Modules of the standard library are never reported missing (they are filtered here, where
`sys.stdlib_module_names` knows this interpreter's standard library). Nothing is imported:
`find_spec` and the installed distributions' metadata answer, so probing stays fast. `paths`
lists the import folders, whose modification times tell a later run whether anything was
installed or upgraded since.
"""
import importlib.metadata
import importlib.util
import json
import os
import sys

names = [n for n in sys.argv[1:] if n not in getattr(sys, "stdlib_module_names", ())]
try:
    providers = importlib.metadata.packages_distributions()
except Exception:  # very old importlib.metadata: versions fall back to "unknown"
    providers = {}
missing, versions = [], {}
for name in names:
    try:
        found = importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        missing.append(name)
        continue
    dists = sorted(set(providers.get(name, [])))
    try:
        versions[name] = " ".join(f"{d}=={importlib.metadata.version(d)}" for d in dists) or "unknown"
    except importlib.metadata.PackageNotFoundError:
        versions[name] = "unknown"
# sys.executable is the real interpreter even when a shim (pyenv) started this one.
print(json.dumps({
    "version": sys.version.split()[0],
    "executable": sys.executable,
    "missing": missing,
    "versions": versions,
    "paths": sorted({p for p in sys.path if p and os.path.isdir(p)}),
}))
