"""Capture built into the operating system is listed on each platform its entry names."""

import shutil
from pathlib import Path

from meetguard.catalog.loader import load_catalog
from meetguard.host import Host
from meetguard.inventory.scanner import scan
from meetguard.resources import catalog_dir
from meetguard.services import Services

OS_CLIENT = """schema = 1

[client]
id = "os-test"
name = "OS capture test"
vendor = "Test"
homepage = "https://example.com"
kind = "desktop"
status = "active"
reviewed = 2026-12-01
category = "os"
terms_from = "otter"

[detect.windows]
"""


def _os_client_catalog(folder: Path) -> Path:
    """Otter, and a client of category "os" with an empty `[detect.windows]` table that takes
    Otter's terms (so the test needs no rights of its own)."""
    folder.mkdir()
    shutil.copy(catalog_dir() / "otter.toml", folder)
    (folder / "os-test.toml").write_text(OS_CLIENT, encoding="utf-8")
    return folder


def test_os_client_is_found_on_its_platform_only(tmp_path: Path) -> None:
    loaded = load_catalog(_os_client_catalog(tmp_path / "catalog"))
    assert loaded.errors == ()
    (tmp_path / "win" / "Users" / "alice").mkdir(parents=True)
    (tmp_path / "lin" / "home" / "alice").mkdir(parents=True)
    windows = scan(Host.at_root(tmp_path / "win", "windows"), loaded.catalog)
    linux = scan(Host.at_root(tmp_path / "lin", "linux"), loaded.catalog)
    [found] = windows.os_capture
    assert (found.source, found.location) == ("operating system", "Windows")
    assert "part of Windows" in found.evidence[0]
    assert linux.for_client("os-test") == ()


SHIPPED = load_catalog(catalog_dir()).catalog
POLICIES = "SOFTWARE\\Policies\\Microsoft\\Windows"


def _windows(tmp_path: Path, reg: str | None) -> Host:
    (tmp_path / "pc" / "Users" / "alice").mkdir(parents=True)
    regfile = None
    if reg is not None:
        regfile = tmp_path / "policies.reg"
        regfile.write_text(f"Windows Registry Editor Version 5.00\r\n\r\n{reg}", encoding="utf-16")
    return Host.at_root(tmp_path / "pc", "windows", registry_file=regfile)


def _states(host: Host, client_id: str) -> dict[str, str]:
    inspection = Services.open(host=host).inspect()
    return {step: r.state for (client, step), r in inspection.probes.items() if client == client_id}


def test_recall_and_copilot_are_listed_on_windows_only(tmp_path: Path) -> None:
    windows = scan(_windows(tmp_path / "w", ""), SHIPPED)
    assert {i.client_id for i in windows.os_capture} >= {"windows-recall", "windows-copilot"}
    assert not [i for i in windows.installations if i.source == "operating system"]
    assert "windows-recall" in {r["client"] for r in windows.to_json()["os_capture"]}
    (tmp_path / "l" / "home" / "alice").mkdir(parents=True)
    linux = scan(Host.at_root(tmp_path / "l", "linux"), SHIPPED)
    assert linux.os_capture == ()
    recall = SHIPPED.get("windows-recall")
    assert recall is not None and recall.category == "os"


def test_recall_policy_read_from_hkcu_and_hklm(tmp_path: Path) -> None:
    user = (
        f'[HKEY_CURRENT_USER\\{POLICIES}\\WindowsAI]\r\n"DisableAIDataAnalysis"=dword:00000001\r\n'
    )
    assert _states(_windows(tmp_path / "u", user), "windows-recall") == {
        "turn-off-saving-snapshots": "configured",
        "remove-recall": "not_configured",
    }
    machine = (
        f"[HKEY_LOCAL_MACHINE\\{POLICIES}\\WindowsAI]\r\n"
        '"DisableAIDataAnalysis"=dword:00000000\r\n"AllowRecallEnablement"=dword:00000000\r\n'
    )
    assert _states(_windows(tmp_path / "m", machine), "windows-recall") == {
        "turn-off-saving-snapshots": "not_configured",
        "remove-recall": "configured",
    }


def test_a_missing_policy_is_not_configured_and_no_registry_is_unknown(tmp_path: Path) -> None:
    assert _states(_windows(tmp_path / "empty", ""), "windows-copilot") == {
        "turn-off-windows-copilot": "not_configured"
    }
    assert _states(_windows(tmp_path / "none", None), "windows-copilot") == {
        "turn-off-windows-copilot": "unknown"
    }
    copilot = (
        f'[HKEY_CURRENT_USER\\{POLICIES}\\WindowsCopilot]\r\n"TurnOffWindowsCopilot"=dword:1\r\n'
    )
    assert _states(_windows(tmp_path / "set", copilot), "windows-copilot") == {
        "turn-off-windows-copilot": "configured"
    }


def test_windows_copilot_takes_copilot_terms_and_adds_its_own_steps() -> None:
    client = SHIPPED.get("windows-copilot")
    origin = SHIPPED.get("microsoft-copilot")
    assert client is not None and origin is not None
    assert client.rights == origin.rights
    assert [s.id for s in client.checklist] == [s.id for s in origin.checklist] + [
        "turn-off-windows-copilot",
        "commercial-data-protection",
    ]


def test_own_steps_may_not_reuse_the_origin_step_ids(tmp_path: Path) -> None:
    folder = _os_client_catalog(tmp_path / "catalog")
    otter = load_catalog(folder).catalog.get("otter")
    assert otter is not None and otter.checklist
    step = otter.checklist[0]
    own = (
        f'\n[[checklist]]\nid = "{step.id}"\nrevision = 1\nfeature = "f"\nwhat = "w"\n'
        'surface = "desktop"\npath = ["A"]\nrecommended = "r"\ncontrolled_by = "user"\n'
        'why = "y"\ndocument = "own"\nverified = true\n'
        '\n[[documents]]\nid = "own"\ntitle = "t"\nurl = "https://example.com"\nkind = "help"\n'
        'undated_reason = "test page"\nretrieved = 2026-12-01\n'
    )
    with (folder / "os-test.toml").open("a", encoding="utf-8") as fh:
        fh.write(own)
    loaded = load_catalog(folder)
    assert loaded.catalog.get("os-test") is None
    assert any(
        "os-test.toml" in str(e) and step.id in str(e) and "otter.toml" in str(e)
        for e in loaded.errors
    ), loaded.errors
