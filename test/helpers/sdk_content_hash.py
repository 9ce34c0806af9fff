"""Prints the official Azure ML SDK v2 content hash of a folder (Debian python3-azure), for cross-checks."""
import sys, types
class _Stub(types.ModuleType):
    """Stands in for SDK dependencies Debian lacks; only their import is needed here."""
    __path__ = []
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Stub(f"{self.__name__}.{name}")
    def __call__(self, *a, **k):
        return None
import importlib.abc, importlib.machinery
class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        root = name.split(".")[0]
        if root in MISSING:
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None
    def create_module(self, spec):
        return _Stub(spec.name)
    def exec_module(self, module):
        pass
MISSING = set()
for mod in ("pydash", "marshmallow", "strictyaml", "colorama", "pyjwt", "jwt", "tqdm", "opencensus", "azure.storage.filedatalake", "azure.storage.fileshare"):
    try:
        __import__(mod)
    except Exception:
        MISSING.add(mod.split(".")[0])
sys.meta_path.insert(0, _Finder())
from azure.ai.ml._utils._asset_utils import get_content_hash
from azure.ai.ml.entities._component.code import ComponentIgnoreFile
path = sys.argv[1]
print(get_content_hash(path, ComponentIgnoreFile(path)))
