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
