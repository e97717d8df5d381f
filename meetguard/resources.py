"""Find the runtime assets (catalog, icons, fonts) shipped with MeetGuard.

In a wheel or bundle they sit inside the package as `meetguard/resources`;
in a source checkout they are the top-level `resources/` folder.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resource_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen is not None:
        return Path(frozen) / "meetguard" / "resources"
    # The package's own folder, as importlib.resources.files("meetguard") gives for an
    # installed package, without importing importlib.resources before the window paints.
    package = Path(__file__).resolve().parent
    packaged = package / "resources"
    if packaged.is_dir():
        return packaged
    return package.parent / "resources"


def catalog_dir() -> Path:
    return resource_dir() / "catalog"


def rubric_path() -> Path:
    return catalog_dir() / "rubric.toml"


def icon_path(name: str) -> Path:
    return resource_dir() / "icons" / name


def linux_path(name: str) -> Path:
    """The desktop entry and metainfo: packaged as resources/linux, kept in packaging/linux."""
    shipped = resource_dir() / "linux" / name
    if shipped.exists():
        return shipped
    return Path(__file__).resolve().parent.parent / "packaging" / "linux" / name
