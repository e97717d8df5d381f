import plistlib
from pathlib import Path

from meetguard.catalog.model import Catalog
from meetguard.host import Host
from meetguard.inventory import scan
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
    (broken / "Info.plist").write_bytes(b"bplist00\xff\xff garbage")
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
    # Broken bundles in the middle: no Info.plist, garbage, a plist that is not a dictionary,
    # a symlink to itself, a symlink out of the computer.
    (tmp_path / "Applications/Empty.app/Contents").mkdir(parents=True)
    (tmp_path / "Applications/Bad.app/Contents").mkdir(parents=True)
    (tmp_path / "Applications/Bad.app/Contents/Info.plist").write_bytes(b"<plist><dict>")
    (tmp_path / "Applications/List.app/Contents").mkdir(parents=True)
    (tmp_path / "Applications/List.app/Contents/Info.plist").write_bytes(plistlib.dumps([1]))
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
