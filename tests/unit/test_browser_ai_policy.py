"""Edge's CopilotPageContext and EdgeEntraCopilotPageContext policies, read by the shipped
Microsoft 365 Copilot steps."""

import plistlib
from pathlib import Path

import pytest

from meetguard.catalog.loader import load_catalog
from meetguard.catalog.model import ChecklistStep
from meetguard.host import Host
from meetguard.probes import probe_step
from meetguard.resources import catalog_dir
from tests.fakehost import FakeMac

EDGE = "SOFTWARE\\Policies\\Microsoft\\Edge"
POLICIES = [
    ("edge-copilot-page-context-off", "CopilotPageContext"),
    ("edge-entra-copilot-page-context-off", "EdgeEntraCopilotPageContext"),
]


def _step(step_id: str) -> ChecklistStep:
    client = load_catalog(catalog_dir()).catalog.get("microsoft-365-copilot")
    assert client is not None
    step = client.step(step_id)
    assert step is not None
    return step


def _windows(tmp_path: Path, reg: str) -> Host:
    (tmp_path / "pc" / "Users" / "alice").mkdir(parents=True)
    regfile = tmp_path / "policies.reg"
    regfile.write_text(f"Windows Registry Editor Version 5.00\r\n\r\n{reg}", encoding="utf-16")
    return Host.at_root(tmp_path / "pc", "windows", registry_file=regfile)


def _state(step: ChecklistStep, host: Host) -> tuple[str, str]:
    result = probe_step(step, host)
    assert result is not None
    return result.state, result.detail


@pytest.mark.parametrize(("step_id", "key"), POLICIES)
def test_page_context_policy_from_the_registry(tmp_path: Path, step_id: str, key: str) -> None:
    step = _step(step_id)
    user_off = f'[HKEY_CURRENT_USER\\{EDGE}]\r\n"{key}"=dword:00000000\r\n'
    state, detail = _state(step, _windows(tmp_path / "u", user_off))
    assert state == "configured" and "HKEY_CURRENT_USER" in detail and key in detail
    # The machine policy is read first: enabled there, Copilot may read pages whatever HKCU says.
    machine_on = f'[HKEY_LOCAL_MACHINE\\{EDGE}]\r\n"{key}"=dword:00000001\r\n\r\n' + user_off
    state, detail = _state(step, _windows(tmp_path / "m", machine_on))
    assert state == "not_configured" and "HKEY_LOCAL_MACHINE" in detail
    other = f'[HKEY_LOCAL_MACHINE\\{EDGE}]\r\n"HubsSidebarEnabled"=dword:00000000\r\n'
    assert _state(step, _windows(tmp_path / "o", other))[0] == "not_configured"


def test_one_page_context_policy_does_not_answer_for_the_other(tmp_path: Path) -> None:
    # CopilotPageContext does not cover Copilot with enterprise data protection (Edge policy list).
    only_old = f'[HKEY_LOCAL_MACHINE\\{EDGE}]\r\n"CopilotPageContext"=dword:00000000\r\n'
    host = _windows(tmp_path, only_old)
    assert _state(_step("edge-copilot-page-context-off"), host)[0] == "configured"
    result = probe_step(_step("edge-entra-copilot-page-context-off"), host)
    assert result is not None and result.state == "not_configured" and not result.found


@pytest.mark.parametrize(("step_id", "key"), POLICIES)
def test_page_context_policy_from_mac_managed_preferences(
    tmp_path: Path, step_id: str, key: str
) -> None:
    step = _step(step_id)
    FakeMac(tmp_path)
    host = Host.at_root(tmp_path, "macos")
    result = probe_step(step, host)
    assert result is not None and result.state == "not_configured" and not result.found
    managed = tmp_path / "Library" / "Managed Preferences" / "com.microsoft.Edge.plist"
    managed.parent.mkdir(parents=True, exist_ok=True)
    managed.write_bytes(plistlib.dumps({key: False}, fmt=plistlib.FMT_BINARY))
    assert _state(step, host)[0] == "configured"
    managed.write_bytes(plistlib.dumps({key: True}))
    assert _state(step, host)[0] == "not_configured"
    assert probe_step(step, Host.at_root(tmp_path, "linux", home="/Users/alice")) is None
