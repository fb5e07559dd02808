"""srm-bot: who owns a piece of cloud security under the AWS Shared Responsibility Model."""

import gc as _gc
import sys as _sys

# A gunicorn worker importing the app creates ~300k objects that live as long as it does
# (SQLAlchemy, Bolt, the knowledge base); the garbage collector's passes over them while they
# are imported and built cost ~50 ms of CPU per worker (a third of a bare Bolt app's whole
# start) and find a few hundred objects of garbage. So collection waits until the app is built,
# and bot.web.create_wsgi then calls `settle()`. Only in gunicorn: other processes (tests, the
# CLI, the clock) keep Python's default.
_postponed = bool(_sys.argv) and "gunicorn" in _sys.argv[0] and _gc.isenabled()
if _postponed:
    _gc.disable()


def settle() -> None:
    """After start-up: freeze what start-up built (later collections skip it, so their pauses
    stay short for the worker's life) and collect again from now on."""
    global _postponed
    if _postponed:
        _gc.freeze()
        _gc.enable()
        _postponed = False
