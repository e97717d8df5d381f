import datetime as dt
import json
import plistlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetguard.catalog.model import ChecklistStep, Document, Probe
from meetguard.host import Host
from meetguard.probes import evaluate, normalise, probe_step
from tests.fakehost import FakeLinux, FakeMac


def _host(tmp_path: Path) -> Host:
    FakeLinux(tmp_path)
    return Host.at_root(tmp_path, "linux")


def _write(tmp_path: Path, rel: str, data: bytes) -> None:
    target = tmp_path / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


JSON_PROBE = Probe(
    "linux", "~/.config/app/config.json", "json", "privacy.telemetry", "false", "not_configured"
)


def test_json_configured_and_not(tmp_path: Path) -> None:
    host = _host(tmp_path)
    path = "home/alice/.config/app/config.json"
    _write(tmp_path, path, json.dumps({"privacy": {"telemetry": False}}).encode())
    assert evaluate(JSON_PROBE, host).state == "configured"
    _write(tmp_path, path, json.dumps({"privacy": {"telemetry": True}}).encode())
    result = evaluate(JSON_PROBE, host)
    assert result.state == "not_configured" and "= True" in result.detail


def test_absent_file_and_key_use_the_declared_default(tmp_path: Path) -> None:
    host = _host(tmp_path)
    assert evaluate(JSON_PROBE, host).state == "not_configured"
    _write(tmp_path, "home/alice/.config/app/config.json", b'{"other": 1}')
    assert evaluate(JSON_PROBE, host).state == "not_configured"
    unknown = Probe("linux", "~/.config/app/config.json", "json", "x", "1")
    assert evaluate(unknown, host).state == "unknown"


def test_ini_key(tmp_path: Path) -> None:
    host = _host(tmp_path)
    _write(tmp_path, "home/alice/.config/zoomus.conf", b"[General]\nenableMiniWindow=false\n")
    probe = Probe("linux", "~/.config/zoomus.conf", "ini", "General.enableMiniWindow", "false")
    assert evaluate(probe, host).state == "configured"


def test_plist_managed_preference(tmp_path: Path) -> None:
    FakeMac(tmp_path)
    host = Host.at_root(tmp_path, "macos")
    _write(
        tmp_path,
        "Library/Managed Preferences/us.zoom.config.plist",
        plistlib.dumps({"zdisablecmr": True}, fmt=plistlib.FMT_BINARY),
    )
    probe = Probe(
        "macos", "/Library/Managed Preferences/us.zoom.config.plist", "plist", "zdisablecmr", "true"
    )
    assert evaluate(probe, host).state == "configured"


@pytest.mark.parametrize(
    "content",
    [b"\x00\x01binary", b"{" * 100_000, b"[" * 5000 + b"]" * 5000, b"not json at all"],
)
def test_malformed_is_unknown_with_a_warning(tmp_path: Path, content: bytes) -> None:
    host = _host(tmp_path)
    _write(tmp_path, "home/alice/.config/app/config.json", content)
    result = evaluate(JSON_PROBE, host)
    assert result.state == "unknown" and result.warning


def test_huge_file_and_symlink_escape_are_unknown(tmp_path: Path) -> None:
    host = _host(tmp_path)
    target = tmp_path / "home/alice/.config/app/config.json"
    target.parent.mkdir(parents=True)
    with target.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    assert "too large" in evaluate(JSON_PROBE, host).warning
    target.unlink()
    target.symlink_to("/etc/passwd")
    assert "outside" in evaluate(JSON_PROBE, host).warning
    target.unlink()
    target.symlink_to(target)
    assert evaluate(JSON_PROBE, host).state == "unknown"


def test_probe_step_picks_the_host_platform(tmp_path: Path) -> None:
    host = _host(tmp_path)
    step = ChecklistStep(
        "app",
        "s",
        1,
        "F",
        "w",
        "desktop",
        ("a",),
        "",
        "off",
        "user",
        "why",
        Document("d", "t", "https://example.com", "help", dt.date(2026, 1, 1), undated_reason="r"),
        True,
        probes=(Probe("macos", "/x.plist", "plist", "k", "1"), JSON_PROBE),
    )
    result = probe_step(step, host)
    assert result is not None and result.state == "not_configured"
    assert probe_step(step, Host.at_root(tmp_path, "windows", home="C:\\Users\\alice")) is None


def test_normalise_booleans() -> None:
    assert normalise(True) == normalise("YES") == normalise(1) == "true"
    assert normalise("off") == normalise(False) == "false"


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=3000))
def test_fuzzed_config_never_raises(tmp_path_factory, blob: bytes) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("h")
    host = _host(root)
    _write(root, "home/alice/.config/app/config.json", blob)
    for fmt in ("json", "ini", "plist"):
        probe = Probe("linux", "~/.config/app/config.json", fmt, "a.b", "1")
        assert evaluate(probe, host).state in ("configured", "not_configured", "unknown")


def test_registry_policy_probe_reads_the_reg_export(tmp_path: Path) -> None:
    (tmp_path / "pc" / "Users" / "alice").mkdir(parents=True)
    reg = tmp_path / "policies.reg"
    reg.write_bytes(
        b"REGEDIT4\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Example\\App]\r\n"
        b'"DisableCloudRecording"=dword:00000001\r\n'
    )
    host = Host.at_root(tmp_path / "pc", "windows", registry_file=reg)
    probe = Probe(
        "windows",
        "HKLM\\SOFTWARE\\Policies\\Example\\App",
        "registry",
        "disablecloudrecording",
        "1",
        "not_configured",
    )
    assert evaluate(probe, host).state == "configured"
    other = Probe(
        "windows",
        "HKLM\\SOFTWARE\\Policies\\Example\\App",
        "registry",
        "Missing",
        "1",
        "not_configured",
    )
    assert evaluate(other, host).state == "not_configured"
    reg.write_bytes(b"garbage")
    assert evaluate(probe, host).state == "configured", "one Host reads its export once"
    assert evaluate(probe, host.fresh()).state == "unknown"


def test_zoom_cloud_recording_policy_on_a_mac(tmp_path: Path) -> None:
    from meetguard.catalog.loader import load_catalog
    from meetguard.resources import catalog_dir

    zoom = load_catalog(catalog_dir()).catalog.get("zoom")
    assert zoom is not None
    step = zoom.step("cloud-recording")
    assert step is not None and not step.verified
    FakeMac(tmp_path)
    host = Host.at_root(tmp_path, "macos")
    absent = probe_step(step, host)
    assert absent is not None and absent.state == "not_configured" and not absent.found
    _write(
        tmp_path, "Library/Preferences/us.zoom.config.plist", plistlib.dumps({"zdisablecmr": "YES"})
    )
    enforced = probe_step(step, host)
    assert enforced is not None and enforced.state == "configured"
    assert probe_step(step, Host.at_root(tmp_path, "linux", home="/Users/alice")) is None
