"""The one scanner: asks each platform's channels what is installed, then merges the findings.

A channel reports `Finding`s; findings of one client in the same `group` are one
installation (a deb and its desktop entry), different groups are different
installations (a Flatpak and a Snap of the same app).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from meetguard.catalog.model import Catalog
from meetguard.display_text import one_line
from meetguard.host import Host
from meetguard.inventory import browsers, os_capture
from meetguard.inventory.context import Channel, Finding, ScanContext
from meetguard.inventory.model import Installation, ScanResult, read_log

# Lower ranks are better sources of the version and of the row's "source" label.
SOURCE_RANK = {
    "deb": 0,
    "rpm": 0,
    "flatpak": 0,
    "snap": 0,
    "app bundle": 0,
    "msix": 0,
    "registry": 0,
    "install folder": 1,
    "user folder": 1,
    "version file": 2,
    "desktop entry": 3,
    "web app": 3,
}


OS_CAPTURE = "operating system capture"


def channels(platform: str) -> list[tuple[str, Channel]]:
    """The channels a scan asks on a platform, in order, named as the report names them."""
    # Each platform's channels are imported for a scan of it only (a Linux scan never loads
    # the Windows channels and their .reg parser: ~0.5 MiB in the window after its first scan).
    own: list[tuple[str, Channel]] = []
    if platform == "linux":
        from meetguard.inventory import linux

        own = linux.CHANNELS
    elif platform == "macos":
        from meetguard.inventory import macos

        own = macos.CHANNELS
    elif platform == "windows":
        from meetguard.inventory import windows

        own = windows.CHANNELS
    return [*own, ("browser extensions", browsers.browser_extensions)]


def places(platform: str) -> tuple[str, ...]:
    """Every place a scan looks on a platform: its channels, then the OS's own capture."""
    return (*(label for label, _ in channels(platform)), OS_CAPTURE)


def scan(host: Host, catalog: Catalog, progress: Callable[[str], None] | None = None) -> ScanResult:
    ctx = ScanContext(host=host, catalog=catalog, progress=progress)
    findings: list[Finding] = []
    for label, channel in channels(host.platform):
        if progress is not None:
            progress(label)
        findings.extend(channel(ctx))
    known = merge(f for f in findings if f.client_id)
    others = merge(f for f in findings if not f.client_id)
    capture = merge(os_capture.os_features(ctx))
    ctx.registry_warnings()
    return ScanResult(
        host=host,
        installations=known,
        others=others,
        warnings=tuple(ctx.warnings),
        extensions=tuple(ctx.extensions),
        os_capture=capture,
        read_log=read_log(ctx.reads),
    )


WEAK_SOURCES = {"desktop entry", "user folder", "install folder"}


def merge(findings: Iterable[Finding]) -> tuple[Installation, ...]:
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.client_id, f.group), []).append(f)
    # Evidence with no package identity (a data folder, a launcher) belongs to the client's
    # only packaged install when there is exactly one, e.g. new Teams' MSIX and its LocalCache;
    # never to another account's install.
    for client_id in {c for c, _ in groups if c}:
        native = groups.get((client_id, "native"))
        others = [
            g
            for (c, g), items in groups.items()
            if c == client_id and g != "native" and any(not f.account for f in items)
        ]
        if native and len(others) == 1 and all(f.source in WEAK_SOURCES for f in native):
            groups[(client_id, others[0])].extend(groups.pop((client_id, "native")))
    rows: list[Installation] = []
    for (client_id, _), items in groups.items():
        items.sort(key=lambda f: SOURCE_RANK.get(f.source, 9))
        best = items[0]
        version = next((f.version for f in items if f.version), "")
        evidence: list[str] = []
        for f in items:
            if f.evidence not in evidence:
                evidence.append(f.evidence)
        location = next((f.location for f in items if f.location), "")
        # Names, versions and paths come from the inspected computer: display text from here on.
        rows.append(
            Installation(
                client_id,
                one_line(best.name),
                one_line(version),
                best.source,
                one_line(location),
                tuple(one_line(e) for e in evidence),
                best.state,
            )
        )
    rows.sort(key=lambda i: (i.name.lower(), i.source, i.location))
    return tuple(rows)
