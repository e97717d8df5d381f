"""Extension lists an organisation set by policy for Chrome, Chromium and Edge.

`ExtensionInstallBlocklist` (ids, or "*" for all but `ExtensionInstallAllowlist`) makes the
browser disable and refuse those extensions; `ExtensionInstallForcelist` ("id;update URL")
installs them so the user cannot remove them. Read where the browsers read them: the Windows
registry (HKLM, then HKCU, `SOFTWARE\\Policies\\...`, one value per entry), macOS managed
preferences, and on Linux every JSON file in the browser's managed-policy folder (Chrome's
`/etc/opt/chrome/policies/managed` was seen only in third-party scripts).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from meetguard.inventory.context import ScanContext
from meetguard.inventory.parsers import ParseError, parse_plist

POLICY_LIMIT = 1024 * 1024
MAX_POLICY_FILES = 50
BLOCK, ALLOW, FORCE = (
    "ExtensionInstallBlocklist",
    "ExtensionInstallAllowlist",
    "ExtensionInstallForcelist",
)
# browser → (registry key under HKLM/HKCU, macOS preference domain, Linux policy folder)
_WHERE = {
    "Google Chrome": ("SOFTWARE\\Policies\\Google\\Chrome", "com.google.Chrome", "/etc/opt/chrome"),
    "Chromium": ("SOFTWARE\\Policies\\Chromium", "org.chromium.Chromium", "/etc/chromium"),
    "Microsoft Edge": ("SOFTWARE\\Policies\\Microsoft\\Edge", "com.microsoft.Edge", ""),
}


@dataclass
class ExtensionPolicy:
    lists: dict[str, set[str]] = field(
        default_factory=lambda: {BLOCK: set(), ALLOW: set(), FORCE: set()}
    )
    sources: list[str] = field(default_factory=list)

    def add(self, name: str, entries: Iterable[object], source: str) -> None:
        ids = {e.split(";", 1)[0].strip() for e in entries if isinstance(e, str) and e.strip()}
        if ids:
            self.lists[name] |= ids
            if source not in self.sources:
                self.sources.append(source)

    def verdict(self, ext_id: str) -> str:
        """What the organisation's policy does to this extension, in words; "" for nothing."""
        if ext_id in self.lists[FORCE]:
            return "installed by your organisation's policy; you cannot remove it"
        blocked = self.lists[BLOCK]
        if ext_id in blocked or ("*" in blocked and ext_id not in self.lists[ALLOW]):
            return "blocked by your organisation's policy (ExtensionInstallBlocklist)"
        return ""


def parse_policy_json(data: bytes) -> dict[str, Any]:
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ParseError(f"not valid JSON ({exc.__class__.__name__})") from exc
    if not isinstance(value, dict):
        raise ParseError("a policy file must hold a JSON object")
    return value


def read_policy(ctx: ScanContext, browser: str) -> ExtensionPolicy:
    policy = ExtensionPolicy()
    where = _WHERE.get(browser)
    if where is None:
        return policy
    key, domain, folder = where
    platform = ctx.host.platform
    if platform == "windows":
        registry = ctx.registry()
        if registry is not None:
            for hive in ("HKEY_LOCAL_MACHINE", "HKEY_CURRENT_USER"):
                for name in (BLOCK, ALLOW, FORCE):
                    path = f"{hive}\\{key}\\{name}"
                    policy.add(name, registry.values(path).values(), path)
    elif platform == "macos":
        user = ctx.host.username
        for path in (
            f"/Library/Managed Preferences/{domain}.plist",
            f"/Library/Managed Preferences/{user}/{domain}.plist",
        ):
            found = ctx.read_parsed(ctx.host.path(path), parse_plist, POLICY_LIMIT, missing_ok=True)
            for name in (BLOCK, ALLOW, FORCE):
                value = (found or {}).get(name)
                policy.add(name, value if isinstance(value, list) else (), path)
    elif folder:
        managed = ctx.host.path(f"{folder}/policies/managed")
        for file in ctx.listdir(managed)[:MAX_POLICY_FILES]:
            if file.suffix != ".json":
                continue
            found = ctx.read_parsed(file, parse_policy_json, POLICY_LIMIT)
            for name in (BLOCK, ALLOW, FORCE):
                value = (found or {}).get(name)
                policy.add(name, value if isinstance(value, list) else (), ctx.host.display(file))
    return policy
