"""The new note-taker and conferencing entries match the strings real installs write.

The every-client test builds each footprint from the catalog itself; this one writes what the
installers and Fleet's queries say the registry holds (DisplayName with a version in it, the
publisher spelled as the vendor spells it), under key names the catalog does not know, so only
the name and publisher patterns can find them.
"""

from pathlib import Path

import pytest

from meetguard.catalog.model import Catalog
from meetguard.host import Host
from meetguard.inventory.scanner import scan
from tests.fakehost import FakeMac

UNINSTALL = "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall"

# DisplayName, Publisher, the client they must be found as.
REAL_ENTRIES = [
    ("Granola 7.498.1", "Granola", "granola"),
    ("Notion 4.7.0", "Notion Labs, Inc", "notion"),
    ("Amazon Chime", "Amazon.com Services LLC", "amazon-chime"),
    ("Jamie", "wespond UG", "jamie"),
    ("Lifesize Installer", "Lifesize", "lifesize"),
]

# Look-alikes that must not be taken for those clients.
LOOK_ALIKES = [
    ("Granola 7.498.1", "Someone Else"),
    ("Notion Calendar 1.0.0", "Notion Labs, Inc"),
    ("Amazon Chime", "Unknown Publisher"),
    ("Jamie Helper", "wespond UG"),
]


def _host(tmp_path: Path, entries: list[tuple[str, str]]) -> Host:
    root = tmp_path / "pc"
    (root / "Users" / "alice").mkdir(parents=True)
    lines = ["REGEDIT4", ""]
    for n, (name, publisher) in enumerate(entries):
        lines += [
            f"[{UNINSTALL}\\unrelated-key-{n}]",
            f'"DisplayName"="{name}"',
            f'"Publisher"="{publisher}"',
            '"DisplayVersion"="1.2.3"',
            "",
        ]
    reg = tmp_path / "export.reg"
    reg.write_text("\n".join(lines), encoding="utf-8")
    return Host.at_root(root, "windows", registry_file=reg)


@pytest.mark.parametrize(("name", "publisher", "client_id"), REAL_ENTRIES)
def test_real_display_name_and_publisher_find_the_client(
    tmp_path: Path, catalog: Catalog, name: str, publisher: str, client_id: str
) -> None:
    result = scan(_host(tmp_path, [(name, publisher)]), catalog)
    assert [i.client_id for i in result.installations] == [client_id], result


def test_look_alikes_are_not_taken_for_a_client(tmp_path: Path, catalog: Catalog) -> None:
    result = scan(_host(tmp_path, LOOK_ALIKES), catalog)
    assert result.installations == (), result


def test_note_takers_are_in_their_own_category(catalog: Catalog) -> None:
    notetakers = {c.id for c in catalog.clients if c.category == "notetaker"}
    expected = {"granola", "krisp", "fathom", "read-ai", "tldv", "jamie", "macwhisper", "tactiq"}
    expected |= {
        "notion",
        "microsoft-copilot",
        "microsoft-365-copilot",
        "otter",
        "fireflies",
        "bluedot",
    }
    assert expected <= notetakers
    meeting = {c.id for c in catalog.clients if c.category == "meeting"}
    assert {"whatsapp", "wire", "zoho-meeting", "amazon-chime", "dialpad"} <= meeting


def test_discontinued_chime_recommends_removal(catalog: Catalog) -> None:
    chime = catalog.get("amazon-chime")
    assert chime is not None and chime.status == "discontinued"
    assert chime.status_date is not None and chime.status_date.isoformat() == "2026-02-20"
    assert chime.status_note.startswith("Uninstall it")


def test_jamie_on_a_mac_is_found_by_the_bundle_id_its_homebrew_cask_names(
    tmp_path: Path, catalog: Catalog
) -> None:
    mac = FakeMac(tmp_path)
    mac.app("/Applications", "Jamie", "com.jamie.app", "5.7.21")
    mac.app("/Applications", "Jamie Helper", "com.example.jamie-helper", "1.0")
    result = scan(Host.at_root(tmp_path, "macos"), catalog)
    found = [(i.client_id, i.version, i.location) for i in result.installations]
    assert found == [("jamie", "5.7.21", "/Applications/Jamie.app")], result
