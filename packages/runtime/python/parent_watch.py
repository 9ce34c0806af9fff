"""Ends this process (and the process group it leads) when the Sluice process that started it dies.

Linux's PR_SET_PDEATHSIG is out of Node's reach, so the child watches instead: importing this
module starts a daemon thread that checks twice a second whether its parent is still the one
that started it. A parent killed with SIGKILL
leaves no chance to stop its children; without this an AutoML or sweep engine would train on,
orphaned, for hours. When the engine leads its own process group (Sluice starts it so), the whole
group goes: sweep trials and worker processes included.

Import it first, before anything slow: `import parent_watch  # noqa: F401`.
"""
import os
import signal
import threading
import time


def _alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except PermissionError:
        return True
    except OSError:
        return False


def _die():
    try:
        if os.getpgrp() == os.getpid():
            os.killpg(os.getpid(), signal.SIGKILL)
    finally:
        os._exit(1)


def _watch(parent, interval):
    while True:
        time.sleep(interval)
        if os.getppid() != parent:
            _die()


def start(interval=0.5):
    """Starts watching (once); an already orphaned process ends at once."""
    parent = os.getppid()
    named = os.environ.get("SLUICE_PARENT_PID", "")
    # The Sluice process that started this one died before this import ran (it names itself in
    # the environment; an inherited name of a live process belongs to an outer Sluice: ignored).
    if named.isdigit() and int(named) != parent and not _alive(int(named)):
        _die()
    if parent <= 1:
        return
    threading.Thread(target=_watch, args=(parent, interval), daemon=True, name="sluice-parent-watch").start()


start()
