import zipfile
from pathlib import Path

from hatchling.builders.wheel import WheelBuilder

from meetguard import APP_ID, __version__

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_ships_catalog_icons_and_desktop_files(tmp_path: Path) -> None:
    (wheel,) = WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])
    names = set(zipfile.ZipFile(wheel).namelist())
    catalog = {p.name for p in (ROOT / "resources" / "catalog").glob("*.toml")}
    assert catalog and {f"meetguard/resources/catalog/{n}" for n in catalog} <= names
    assert {
        f"meetguard/resources/icons/{APP_ID}.svg",
        f"meetguard/resources/icons/{APP_ID}-symbolic.svg",
        f"meetguard/resources/linux/{APP_ID}.desktop",
        f"meetguard/resources/linux/{APP_ID}.metainfo.xml",
        f"meetguard-{__version__}.data/data/share/applications/{APP_ID}.desktop",
        f"meetguard-{__version__}.data/data/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
    } <= names
    assert not any(n.startswith(("tests/", "packaging/")) for n in names)
