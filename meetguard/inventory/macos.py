"""macOS channel: application bundles and their Info.plist."""

from __future__ import annotations

import os
from pathlib import Path

from meetguard.catalog.model import Client
from meetguard.inventory.parsers import parse_plist
from meetguard.inventory.scanner import Channel, Finding, ScanContext


def _app_folders(ctx: ScanContext) -> list[Path]:
    host = ctx.host
    return [
        host.path("/Applications"),
        host.home_path("Applications"),
        host.path("/Users/Shared/Applications"),
    ]


def _bundles(ctx: ScanContext, folder: Path) -> list[Path]:
    """`.app` bundles in a folder and one level down (e.g. /Applications/Utilities, Chrome Apps)."""
    found: list[Path] = []
    for entry in ctx.listdir(folder):
        if entry.suffix == ".app":
            found.append(entry)
        elif ctx.host.is_dir(entry):
            found.extend(e for e in ctx.listdir(entry) if e.suffix == ".app")
    return found


def app_bundles(ctx: ScanContext) -> list[Finding]:
    by_bundle: dict[str, Client] = {}
    for client in ctx.catalog.clients:
        for bundle_id in client.footprints("macos").bundle_ids:
            by_bundle.setdefault(bundle_id, client)
    findings: list[Finding] = []
    seen: set[str] = set()
    real_dirs: dict[Path, str] = {}
    for folder in _app_folders(ctx):
        for bundle in _bundles(ctx, folder):
            # An app reached through a symlink (a bundle or a folder linked into
            # /Applications) is listed once, under the path it really lives at.
            real = _real_path(bundle, real_dirs)
            if real in seen:
                continue
            seen.add(real)
            if not ctx.host.inside(bundle):
                ctx.warn(f"{ctx.host.display(bundle)} points outside the inspected computer")
                continue
            bundle = Path(real)
            plist = bundle / "Contents" / "Info.plist"
            info = ctx.read_parsed(plist, parse_plist, 1024 * 1024, missing_ok=True)
            if info is None:
                continue
            shown = ctx.host.display(bundle)
            bundle_id = str(info.get("CFBundleIdentifier", ""))
            found = by_bundle.get(bundle_id)
            if found is None:
                continue
            version = info.get("CFBundleShortVersionString") or info.get("CFBundleVersion") or ""
            web = bundle_id.startswith(("com.google.Chrome.app.", "com.microsoft.edgemac.app."))
            findings.append(
                Finding(
                    found.id,
                    f"bundle:{shown}",
                    "web app" if web else "app bundle",
                    found.name,
                    shown,
                    f"{shown} ({bundle_id})",
                    str(version)[:64],
                )
            )
    return findings


def _real_path(bundle: Path, real_dirs: dict[Path, str]) -> str:
    """os.path.realpath(bundle), resolving each folder once: only a bundle that is itself a
    symlink needs its own resolution (8,000 bundles cost ~100,000 lstat calls otherwise)."""
    try:
        linked = bundle.is_symlink()
    except OSError:
        linked = True
    if linked:
        return os.path.realpath(bundle)
    parent = real_dirs.get(bundle.parent)
    if parent is None:
        parent = real_dirs[bundle.parent] = os.path.realpath(bundle.parent)
    return parent.rstrip(os.sep) + os.sep + bundle.name


CHANNELS: list[tuple[str, Channel]] = [("applications", app_bundles)]
