"""Capture built into the operating system (Windows Recall, Copilot in Windows).

A catalog client of category "os" is part of every computer of each platform it has a
`[detect.<platform>]` table for: MeetGuard lists it there (`ScanResult.os_capture`, apart from
installed software) and its checklist probes read the
policy that governs it. Whether the feature runs on this computer (Recall needs a Copilot+
PC) is for those probes and the user to tell, not for a file MeetGuard could find.
"""

from __future__ import annotations

from meetguard.inventory.context import Finding, ScanContext

PLATFORM_NAMES = {"linux": "Linux", "macos": "macOS", "windows": "Windows"}


def os_features(ctx: ScanContext) -> list[Finding]:
    platform = ctx.host.platform
    return [
        Finding(
            client.id,
            "os",
            "operating system",
            client.name,
            PLATFORM_NAMES[platform],
            f"part of {PLATFORM_NAMES[platform]}: listed on every {PLATFORM_NAMES[platform]} "
            "computer; the checklist shows what its policy is set to here",
        )
        for client in ctx.catalog.clients
        if client.category == "os" and platform in client.detect
    ]
