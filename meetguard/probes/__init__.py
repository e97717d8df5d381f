"""Read a client's local settings files to tell a setting's real state.

A probe never writes, never leaves the host root, and turns anything odd
(malformed, huge, binary, a symlink cycle) into Unknown with a warning.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from meetguard.catalog.model import ChecklistStep, Probe
from meetguard.display_text import one_line
from meetguard.host import Host, HostMissingError, HostReadError
from meetguard.inventory.parsers import ParseError, parse_plist

CONFIG_LIMIT = 1024 * 1024
STATE_LABELS = {
    "configured": "Configured",
    "not_configured": "Not configured",
    "unknown": "Unknown",
}
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


@dataclass(frozen=True)
class ProbeResult:
    state: str
    detail: str
    warning: str = ""
    found: bool = True

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


class _Missing(Exception):
    """The file or the key is not there."""


def normalise(value: object) -> str:
    text = str(value).strip().lower()
    if isinstance(value, bool) or text in _TRUE | _FALSE:
        return "true" if text in _TRUE else "false"
    return text


def _lookup(data: Any, dotted: str, any_case: bool = False) -> Any:
    for part in dotted.split("."):
        if not isinstance(data, dict):
            raise _Missing(dotted)
        if part not in data and any_case:
            part = next((k for k in data if str(k).lower() == part.lower()), part)
        if part not in data:
            raise _Missing(dotted)
        data = data[part]
    return data


def _read_value(host: Host, probe: Probe) -> Any:
    if probe.format == "registry":
        registry = host.registry()
        if registry is None:  # nothing to read is not the same as a policy that is not set
            raise HostReadError("no Windows registry to read here (give --registry FILE.reg)")
        values = {name.lower(): value for name, value in registry.values(probe.file).items()}
        if probe.key.lower() not in values:
            raise _Missing(probe.key)
        return values[probe.key.lower()]
    try:
        raw = host.read_bytes(host.path(host.expand(probe.file)), CONFIG_LIMIT)
    except HostMissingError as exc:
        raise _Missing(probe.file) from exc
    if probe.format == "json":
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise ParseError(f"not valid JSON ({exc.__class__.__name__})") from exc
        return _lookup(data, probe.key)
    if probe.format == "plist":
        # Admin documentation spells plist keys in varying case (zDisableCMR, zdisablecmr).
        return _lookup(parse_plist(raw), probe.key, any_case=True)
    if probe.format == "ini":
        import configparser  # ~0.3 MiB, for the few clients whose settings are INI files

        parser = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            parser.read_string(raw.decode("utf-8", errors="replace"))
        except configparser.Error as exc:
            raise ParseError(f"not a valid INI file ({exc.__class__.__name__})") from exc
        section, _, option = probe.key.partition(".")
        if not parser.has_option(section, option):
            raise _Missing(probe.key)
        return parser.get(section, option)
    raise ParseError(f"probe format '{probe.format}' cannot be read on this computer")


def evaluate(probe: Probe, host: Host) -> ProbeResult:
    where = f"{probe.file} › {probe.key}"
    try:
        value = _read_value(host, probe)
    except _Missing:
        return ProbeResult(probe.absent, f"{where} is not set", found=False)
    except (HostReadError, ParseError) as exc:
        return ProbeResult(
            "unknown", f"{where} could not be read", one_line(f"{probe.file}: {exc}")
        )
    state = "configured" if normalise(value) == normalise(probe.expected) else "not_configured"
    return ProbeResult(state, f"{where} = {one_line(str(value))[:80]}")


def probe_step(step: ChecklistStep, host: Host) -> ProbeResult | None:
    """The state read from this computer, or None when the step has no probe for its platform."""
    probes = [p for p in step.probes if p.platform == host.platform]
    if not probes:
        return None
    results = [evaluate(p, host) for p in probes]
    return next((r for r in results if r.found), results[0])
