"""Windows channels: uninstall registry keys, MSIX packages, per-user install folders."""

from __future__ import annotations

import re

from meetguard.catalog.model import Client
from meetguard.inventory.registry import RegValue
from meetguard.inventory.scanner import Channel, Finding, ScanContext

UNINSTALL = "Microsoft\\Windows\\CurrentVersion\\Uninstall"
PACKAGES = (
    "Local Settings\\Software\\Microsoft\\Windows\\CurrentVersion\\AppModel\\Repository\\Packages"
)


def _text(values: dict[str, RegValue], name: str) -> str:
    value = values.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _user_roots(ctx: ScanContext) -> list[tuple[str, str]]:
    """(software root, classes root) for the current user and every loaded user hive."""
    registry = ctx.registry()
    roots = [("HKEY_CURRENT_USER\\Software", "HKEY_CURRENT_USER\\Software\\Classes")]
    if registry is not None:
        for sid in registry.subkeys("HKEY_USERS"):
            if not sid.lower().endswith("_classes"):
                roots.append((f"HKEY_USERS\\{sid}\\Software", f"HKEY_USERS\\{sid}_Classes"))
    return roots


def uninstall_keys(ctx: ScanContext) -> list[Finding]:
    registry = ctx.registry()
    if registry is None:
        return []
    patterns: list[tuple[re.Pattern[str], Client]] = []
    by_key: dict[str, Client] = {}
    for client in ctx.catalog.clients:
        prints = client.footprints("windows")
        for pattern in prints.uninstall_names:
            try:
                patterns.append((re.compile(pattern, re.IGNORECASE), client))
            except re.error as exc:
                ctx.warn(f"{client.source_file}: uninstall name pattern {pattern!r}: {exc}")
        for key in prints.uninstall_keys:
            by_key[key.lower()] = client
    bases = [
        (f"HKEY_LOCAL_MACHINE\\SOFTWARE\\{UNINSTALL}", "machine"),
        (f"HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\{UNINSTALL}", "machine, 32-bit"),
    ]
    bases += [(f"{software}\\{UNINSTALL}", "per-user") for software, _ in _user_roots(ctx)]
    findings: list[Finding] = []
    for base, scope in bases:
        for name in registry.subkeys(base):
            values = registry.values(f"{base}\\{name}")
            display = _text(values, "DisplayName")
            found = by_key.get(name.lower()) or next(
                (c for p, c in patterns if display and p.fullmatch(display)), None
            )
            if found is None:
                continue
            key = f"{base}\\{name}"
            location = _text(values, "InstallLocation")
            findings.append(
                Finding(
                    found.id,
                    f"registry:{scope}:{location or name}",
                    "registry",
                    found.name,
                    location or key,
                    f"{key} ({display or name}, {scope})",
                    _text(values, "DisplayVersion"),
                )
            )
    return findings


def msix_packages(ctx: ScanContext) -> list[Finding]:
    registry = ctx.registry()
    if registry is None:
        return []
    by_family: dict[str, Client] = {}
    for client in ctx.catalog.clients:
        for family in client.footprints("windows").msix_families:
            by_family[family.lower()] = client
    findings: list[Finding] = []
    for _, classes in _user_roots(ctx):
        base = f"{classes}\\{PACKAGES}"
        for full_name in registry.subkeys(base):
            parts = full_name.split("_")
            if len(parts) != 5:
                continue
            found = by_family.get(f"{parts[0]}_{parts[4]}".lower())
            if found is None:
                continue
            values = registry.values(f"{base}\\{full_name}")
            findings.append(
                Finding(
                    found.id,
                    f"msix:{parts[0]}",
                    "msix",
                    found.name,
                    _text(values, "PackageRootFolder") or full_name,
                    f"{base}\\{full_name}",
                    parts[1],
                )
            )
    return findings


def user_paths(ctx: ScanContext) -> list[Finding]:
    findings: list[Finding] = []
    for client in ctx.catalog.clients:
        for pattern in client.footprints("windows").user_paths:
            host_path = ctx.host.expand(pattern)
            if ctx.host.exists(ctx.host.path(host_path)):
                findings.append(
                    Finding(client.id, "native", "user folder", client.name, host_path, host_path)
                )
    return findings


CHANNELS: list[tuple[str, Channel]] = [
    ("installed programs", uninstall_keys),
    ("Store (MSIX) packages", msix_packages),
    ("install folders", user_paths),
]
