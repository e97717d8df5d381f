import plistlib
from pathlib import Path

import pytest

from meetguard.catalog.model import Catalog
from meetguard.host import Host
from meetguard.inventory.scanner import scan
from tests.fakehost import FakeMac


def test_bundles_in_every_folder_xml_and_binary_nested(tmp_path: Path, catalog: Catalog) -> None:
    mac = FakeMac(tmp_path)
    mac.app("/Applications", "zoom.us", "us.zoom.xos", "6.2.11 (50691)")
    mac.app("/Users/alice/Applications", "Slack", "com.tinyspeck.slackmacgap", "4.41", binary=True)
    mac.app("/Users/Shared/Applications", "Signal", "org.whispersystems.signal-desktop", "7.30")
    mac.app("/Applications/Utilities", "Discord", "com.hnc.Discord", "0.0.300")
    mac.app(
        "/Users/alice/Applications/Chrome Apps.localized",
        "Google Meet",
        "com.google.Chrome.app.kjgfgldnnfoeklkmfkjfagphfepbbdan",
        "1.0",
    )
    mac.app("/Applications", "TextEdit", "com.apple.TextEdit", "1.19")
    result = scan(Host.at_root(tmp_path, "macos"), catalog)
    found = {i.client_id: i for i in result.installations}
    assert set(found) == {"zoom", "slack", "signal", "discord", "google-meet"}
    assert found["zoom"].version == "6.2.11 (50691)" and found["zoom"].source == "app bundle"
    assert found["slack"].location == "/Users/alice/Applications/Slack.app"
    assert found["google-meet"].source == "web app"
    assert result.warnings == ()


def test_hostile_plists_warn_and_scan_goes_on(tmp_path: Path, catalog: Catalog) -> None:
    mac = FakeMac(tmp_path)
    mac.app("/Applications", "zoom.us", "us.zoom.xos", "6.0")
    broken = tmp_path / "Applications/Broken.app/Contents"
    broken.mkdir(parents=True)
    # Broken, and it could be Zoom's: parsed, and the failure said.
    (broken / "Info.plist").write_bytes(b"bplist00\xff\xff us.zoom.xos garbage")
    huge = tmp_path / "Applications/Huge.app/Contents"
    huge.mkdir(parents=True)
    with (huge / "Info.plist").open("wb") as fh:
        fh.truncate(100 * 1024 * 1024)
    loop = tmp_path / "Applications/Loop.app/Contents"
    loop.mkdir(parents=True)
    (loop / "Info.plist").symlink_to(loop / "Info.plist")
    result = scan(Host.at_root(tmp_path, "macos"), catalog)
    assert [i.client_id for i in result.installations] == ["zoom"]
    text = "\n".join(result.warnings)
    assert "Broken.app" in text and "Huge.app" in text


def test_bundle_without_info_plist_is_skipped_quietly(tmp_path: Path, catalog: Catalog) -> None:
    mac = FakeMac(tmp_path)
    (tmp_path / "Applications/Empty.app/Contents").mkdir(parents=True)
    mac.app("/Applications", "zoom.us", "us.zoom.xos", "6.0")
    result = scan(Host.at_root(tmp_path, "macos"), catalog)
    assert [i.client_id for i in result.installations] == ["zoom"]
    assert result.warnings == ()


def test_symlinked_folder_does_not_list_an_app_twice(tmp_path: Path, catalog: Catalog) -> None:
    mac = FakeMac(tmp_path)
    mac.app("/Applications", "zoom.us", "us.zoom.xos", "6.0")
    (tmp_path / "Applications" / "Alias").symlink_to(tmp_path / "Applications")
    result = scan(Host.at_root(tmp_path, "macos"), catalog)
    assert len(result.for_client("zoom")) == 1


def test_twenty_common_installs_in_every_placement_are_all_found(
    tmp_path: Path, catalog: Catalog
) -> None:
    mac = FakeMac(tmp_path)
    apps = [
        ("/Applications", "zoom.us", "us.zoom.xos", "6.2.11 (50691)", "zoom"),
        ("/Applications", "Microsoft Teams", "com.microsoft.teams2", "25060.205", "teams"),
        (
            "/Applications",
            "Microsoft Teams classic",
            "com.microsoft.teams",
            "1.6.00",
            "teams-classic",
        ),
        ("/Applications", "Webex", "Cisco-Systems.Spark", "45.6.1", "webex"),
        ("/Applications", "Cisco Webex Meetings", "com.cisco.webexmeetingsapp", "44.6", "webex"),
        ("/Users/alice/Applications", "Slack", "com.tinyspeck.slackmacgap", "4.41", "slack"),
        ("/Applications", "Discord", "com.hnc.Discord", "0.0.300", "discord"),
        ("/Applications", "Signal", "org.whispersystems.signal-desktop", "7.30", "signal"),
        ("/Applications/Chat", "Element", "im.riot.app", "1.11.111", "element"),
        ("/Applications", "Telegram Desktop", "com.tdesktop.Telegram", "5.12.3", "telegram"),
        ("/Applications", "Telegram", "ru.keepcoder.Telegram", "11.5", "telegram"),
        ("/Applications", "Jitsi Meet", "org.jitsi.jitsi-meet", "2025.2.0", "jitsi-meet"),
        (
            "/Users/Shared/Applications",
            "Mumble",
            "net.sourceforge.mumble.Mumble",
            "1.5.7",
            "mumble",
        ),
        ("/Applications", "Linphone", "com.belledonnecommunications.linphone", "5.2", "linphone"),
        ("/Applications", "RingCentral", "com.ringcentral.glip", "25.1.30", "ringcentral"),
        ("/Applications", "Skype", "com.skype.skype", "8.130", "skype"),
        (
            "/Users/alice/Applications/Chrome Apps.localized",
            "Google Meet",
            "com.google.Chrome.app.kjgfgldnnfoeklkmfkjfagphfepbbdan",
            "1.0",
            "google-meet",
        ),
    ]
    for folder, name, bundle_id, version, _ in apps:
        mac.app(folder, name, bundle_id, version, binary=name.startswith("S"))
    # Apps reached through symlinks are listed once, under the path they really live at.
    real_zoom = mac.app("/Users/alice/Downloads", "zoom.us", "us.zoom.xos", "6.3.0")
    (tmp_path / "Applications/zoom.us 6.3.app").symlink_to(real_zoom)
    real_linphone = mac.app("/Users/alice/Tools", "Linphone", "com.linphone.linphone", "4.4")
    (tmp_path / "Users/alice/Applications/Linphone.app").symlink_to(real_linphone)
    real_webex = mac.app("/Users/Shared/Cisco", "Webex", "com.webex.meetingmanager", "43.2")
    (tmp_path / "Applications/Cisco").symlink_to(real_webex.parent)
    # Broken bundles in the middle: no Info.plist, garbage, a plist that is not a dictionary
    # (both naming a client, so both are parsed), a symlink to itself, one out of the computer.
    (tmp_path / "Applications/Empty.app/Contents").mkdir(parents=True)
    (tmp_path / "Applications/Bad.app/Contents").mkdir(parents=True)
    bad = b"<plist><dict><string>us.zoom.xos</string>"
    (tmp_path / "Applications/Bad.app/Contents/Info.plist").write_bytes(bad)
    (tmp_path / "Applications/List.app/Contents").mkdir(parents=True)
    listed = plistlib.dumps(["us.zoom.xos"])
    (tmp_path / "Applications/List.app/Contents/Info.plist").write_bytes(listed)
    (tmp_path / "Applications/Self.app").symlink_to(tmp_path / "Applications/Self.app")
    (tmp_path / "Applications/Away.app").symlink_to("/usr")
    result = scan(Host.at_root(tmp_path, "macos"), catalog)
    found = {(i.client_id, i.version) for i in result.installations}
    expected = {(client, version) for *_, version, client in apps}
    expected |= {("zoom", "6.3.0"), ("linphone", "4.4"), ("webex", "43.2")}
    assert len(expected) == 20
    assert found == expected and len(result.installations) == 20
    by_version = {i.version: i for i in result.installations}
    assert by_version["6.3.0"].location == "/Users/alice/Downloads/zoom.us.app"
    assert by_version["4.4"].location == "/Users/alice/Tools/Linphone.app"
    assert by_version["43.2"].location == "/Users/Shared/Cisco/Webex.app"
    assert len(result.warnings) == 4, result.warnings
    text = "\n".join(result.warnings)
    assert all(f"{n}.app" in text for n in ("Bad", "List", "Away", "Self"))


def test_a_broken_plist_that_cannot_name_a_client_is_skipped_quietly(
    tmp_path: Path, catalog: Catalog
) -> None:
    mac = FakeMac(tmp_path)
    mac.app("/Applications", "zoom.us", "us.zoom.xos", "6.0")
    for name, data in (("Bin", b"bplist00\xff\xff garbage"), ("Xml", b"<?xml version='1.0'?><pl")):
        contents = tmp_path / f"Applications/{name}.app/Contents"
        contents.mkdir(parents=True)
        (contents / "Info.plist").write_bytes(data)
    result = scan(Host.at_root(tmp_path, "macos"), catalog)
    assert [i.client_id for i in result.installations] == ["zoom"]
    assert result.warnings == ()


ZOOM = "us.zoom.xos"
XML = (
    '<?xml version="1.0" encoding="{codec}"?>\n<plist version="1.0"><dict>'
    "<key>CFBundleIdentifier</key>{id}<key>CFBundleShortVersionString</key>"
    "<string>6.0</string></dict></plist>"
)
PLAIN = f"<string>{ZOOM}</string>"


def _utf16_bplist() -> bytes:
    """{"CFBundleIdentifier": ZOOM} in bplist00 with the value as a UTF-16 string, the form
    a writer uses for text that is not all ASCII."""
    key, value = b"CFBundleIdentifier", ZOOM.encode("utf-16-be")
    objects = [b"\xd1\x01\x02", b"\x5f\x10" + bytes([len(key)]) + key, b"\x6b" + value]
    offsets, at = [], 8
    for obj in objects:
        offsets.append(at)
        at += len(obj)
    trailer = bytes(6) + b"\x01\x01" + (3).to_bytes(8, "big") + bytes(8) + at.to_bytes(8, "big")
    return b"bplist00" + b"".join(objects) + bytes(offsets) + trailer


SPELLINGS = {
    "entity": XML.format(codec="UTF-8", id="<string>us.zoom&#46;xos</string>").encode(),
    "CDATA": XML.format(codec="UTF-8", id="<string><![CDATA[us.zoom]]>.xos</string>").encode(),
    "comment": XML.format(codec="UTF-8", id="<string>us.zoom<!-- -->.xos</string>").encode(),
    "attribute": XML.format(codec="UTF-8", id=f'<string a="1">{ZOOM}</string>').encode(),
    "UTF-16 XML": XML.format(codec="UTF-16", id=PLAIN).encode("utf-16"),
    "latin-1 XML": XML.format(codec="ISO-8859-1", id=PLAIN).encode("latin-1"),
    "binary, ASCII": plistlib.dumps({"CFBundleIdentifier": ZOOM}, fmt=plistlib.FMT_BINARY),
    "binary, UTF-16": _utf16_bplist(),
}


@pytest.mark.parametrize("data", SPELLINGS.values(), ids=SPELLINGS.keys())
def test_every_spelling_of_a_bundle_id_plistlib_reads_is_found(
    tmp_path: Path, catalog: Catalog, data: bytes
) -> None:
    assert plistlib.loads(data)["CFBundleIdentifier"] == ZOOM, "the spelling is one plistlib reads"
    contents = tmp_path / "Applications/zoom.us.app/Contents"
    contents.mkdir(parents=True)
    (contents / "Info.plist").write_bytes(data)
    (tmp_path / "Users/alice").mkdir(parents=True)
    result = scan(Host.at_root(tmp_path, "macos"), catalog)
    assert [i.client_id for i in result.installations] == ["zoom"], result.warnings
