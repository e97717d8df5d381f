"""Windows channels: per-user install folders."""

from __future__ import annotations

from meetguard.inventory.scanner import Channel, Finding, ScanContext


def expand(ctx: ScanContext, path: str) -> str:
    """Expand %APPDATA% / %LOCALAPPDATA% / %USERPROFILE% against the inspected user's home."""
    home = ctx.host.home
    values = {
        "%USERPROFILE%": home,
        "%APPDATA%": f"{home}\\AppData\\Roaming",
        "%LOCALAPPDATA%": f"{home}\\AppData\\Local",
        "%PROGRAMFILES%": "C:\\Program Files",
        "%PROGRAMFILES(X86)%": "C:\\Program Files (x86)",
    }
    for var, value in values.items():
        if path.upper().startswith(var):
            return value + path[len(var) :]
    return path


def user_paths(ctx: ScanContext) -> list[Finding]:
    findings: list[Finding] = []
    for client in ctx.catalog.clients:
        for pattern in client.footprints("windows").user_paths:
            host_path = expand(ctx, pattern)
            if ctx.host.exists(ctx.host.path(host_path)):
                findings.append(
                    Finding(client.id, "native", "user folder", client.name, host_path, host_path)
                )
    return findings


CHANNELS: list[tuple[str, Channel]] = [("install folders", user_paths)]
