"""Symbolic links in a model folder, checked before anything is read or registered.

A link that stays inside the folder is kept as a link (made relative, so the registry's copy
points into the copy, never back at the step's output). A link that leaves the folder (say to
/etc/passwd), dangles or loops is refused: registering would otherwise copy whatever it points
at into the registry, or upload it to Azure.
"""
import os
import shutil


class LinkError(Exception):
    pass


def _inside(path, root):
    return path == root or path.startswith(root + os.sep)


def check_links(folder):
    """Raises LinkError naming the first link that leaves `folder`, dangles or loops."""
    root = os.path.realpath(folder)
    for current, dirs, files in os.walk(folder):
        for name in sorted(dirs + files):
            path = os.path.join(current, name)
            if not os.path.islink(path):
                continue
            rel = os.path.relpath(path, folder)
            try:
                target = os.path.realpath(path, strict=True)
            except OSError as error:
                reason = "it loops" if "loop" in str(error).lower() or getattr(error, "errno", None) == 40 else "its target does not exist"
                raise LinkError(f"the symbolic link {rel} in the model folder cannot be followed: {reason}") from None
            if not _inside(target, root):
                raise LinkError(f"the symbolic link {rel} in the model folder points outside it (to {target}); Sluice does not copy it into the registry")


def copy_model(source, destination, dirs_exist_ok=False):
    """Copies a checked model folder, links as relative links to the same files in the copy."""
    root = os.path.realpath(source)
    shutil.copytree(source, destination, symlinks=True, dirs_exist_ok=dirs_exist_ok)
    for current, dirs, files in os.walk(destination):
        for name in dirs + files:
            path = os.path.join(current, name)
            if os.path.islink(path):
                original = os.path.join(source, os.path.relpath(path, destination))
                target = os.path.relpath(os.path.realpath(original), root)
                relative = os.path.relpath(os.path.join(destination, target), os.path.dirname(path))
                os.unlink(path)
                os.symlink(relative, path)
