"""Lets the official Azure ML SDK v2 (Debian's python3-azure) import offline.

Debian lacks a few of its dependencies (pydash, some azure.* packages). The code paths the tests
use never call them, so they are replaced by inert stand-ins: only their import has to succeed.
"""
import importlib.abc
import importlib.machinery
import sys
import types


class _Stub(types.ModuleType):
    __path__ = []

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Stub(f"{self.__name__}.{name}")

    def __call__(self, *args, **kwargs):
        return None


def _missing(candidates):
    missing = set()
    for mod in candidates:
        try:
            __import__(mod)
        except Exception:
            missing.add(mod)
    return missing


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def __init__(self, missing):
        self.missing = missing

    def find_spec(self, name, path, target=None):
        if any(name == m or name.startswith(m + ".") for m in self.missing):
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec):
        return _Stub(spec.name)

    def exec_module(self, module):
        pass


def install():
    missing = _missing(["pydash", "azure.storage.blob", "azure.storage.filedatalake",
                        "azure.storage.fileshare", "opencensus", "azure.mgmt.core"])
    sys.meta_path.insert(0, _Finder(missing))
