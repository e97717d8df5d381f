"""The window. Importing this package imports PySide6, and with it shiboken's import hook."""

import sys

import PySide6  # noqa: F401 - installs the hook adjusted below


def _skip_feature_scans() -> None:
    """Shiboken's import hook reads the whole source of every module imported after PySide6
    (`inspect.getsource`, keeping it in linecache) to see whether it says "PySide6", i.e. may
    select a `__feature__` (snake_case, true_property). MeetGuard selects none, so no module
    needs one: without the reads start-up is ~20 ms and ~4 MiB lighter. A module that does
    `from __feature__ import ...` is still registered by the hook itself."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = _uses_no_feature  # type: ignore[attr-defined]


def _uses_no_feature(_module: object) -> bool:
    return False


_skip_feature_scans()
