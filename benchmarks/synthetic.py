"""Build a synthetic computer with thousands of apps, the catalog's clients hidden among them."""

from __future__ import annotations

import plistlib
from pathlib import Path

from meetguard.catalog.model import Catalog


def build_linux(root: Path, catalog: Catalog, scale: float = 1) -> None:
    """10,000 desktop entries, 5,000 dpkg packages, Flatpak and Snap installs (× scale)."""
    apps = root / "usr/share/applications"
    apps.mkdir(parents=True, exist_ok=True)
    (root / "home/alice/.local/share/applications").mkdir(parents=True, exist_ok=True)
    for i in range(int(10_000 * scale)):
        (apps / f"app{i:06d}.desktop").write_text(
            f"[Desktop Entry]\nType=Application\nName=App {i}\nName[de]=Anwendung {i}\n"
            f"Exec=/usr/bin/app{i} %U\nIcon=app{i}\nCategories=Utility;Office;\n"
            "Comment=A synthetic application used to measure the scan\n"
        )
    stanzas = [
        f"Package: pkg{i}\nStatus: install ok installed\nPriority: optional\nSection: misc\n"
        f"Installed-Size: 123\nMaintainer: Someone <a@b.c>\nArchitecture: amd64\n"
        f"Version: 1.{i}\nDescription: synthetic package {i}\n long description line\n"
        for i in range(int(5_000 * scale))
    ]
    for client in catalog.clients:
        prints = client.footprints("linux")
        for name in prints.deb:
            stanzas.append(f"Package: {name}\nStatus: install ok installed\nVersion: 9.9\n")
        for name in prints.desktop_files[:1]:
            (apps / name).write_text(
                f"[Desktop Entry]\nType=Application\nName={client.name}\nExec={name}\n"
            )
        for app_id in prints.flatpak[:1]:
            meta = root / f"var/lib/flatpak/app/{app_id}/current/active/files/share/metainfo"
            meta.mkdir(parents=True, exist_ok=True)
            (meta / f"{app_id}.metainfo.xml").write_text(
                '<component><releases><release version="1.2.3"/></releases></component>'
            )
        for snap in prints.snap[:1]:
            meta = root / f"snap/{snap}/current/meta"
            meta.mkdir(parents=True, exist_ok=True)
            (meta / "snap.yaml").write_text(f"name: {snap}\nversion: '4.5'\n")
    dpkg = root / "var/lib/dpkg"
    dpkg.mkdir(parents=True, exist_ok=True)
    (dpkg / "status").write_text("\n".join(stanzas))


def build_macos(root: Path, catalog: Catalog, scale: float = 1) -> None:
    """2,000 application bundles (× scale), the catalog's bundle ids among them."""
    folder = root / "Applications"
    (root / "Users/alice").mkdir(parents=True, exist_ok=True)
    ids = [f"com.example.app{i}" for i in range(int(2_000 * scale))]
    for client in catalog.clients:
        ids.extend(client.footprints("macos").bundle_ids[:1])
    for i, bundle_id in enumerate(ids):
        contents = folder / f"App{i:05d}.app" / "Contents"
        contents.mkdir(parents=True, exist_ok=True)
        (contents / "Info.plist").write_bytes(
            plistlib.dumps({"CFBundleIdentifier": bundle_id, "CFBundleShortVersionString": "1.0"})
        )
