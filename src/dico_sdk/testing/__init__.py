"""Public test helpers: the real sandbox hub in a thread (:func:`run_hub`), and more to come."""

from dico_sdk.testing._run_hub import RunningHub, run_hub

__all__ = [
    "RunningHub",
    "run_hub",
]
