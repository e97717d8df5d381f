import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from meetguard import APP_ID, APP_NAME, __version__, resources

DESKTOP = resources.linux_path(f"{APP_ID}.desktop")
METAINFO = resources.linux_path(f"{APP_ID}.metainfo.xml")


def validate(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (scripts/system-deps.sh test installs it)")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=False)


def test_desktop_file_validates() -> None:
    result = validate("desktop-file-validate", str(DESKTOP))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


def test_metainfo_validates() -> None:
    result = validate("appstreamcli", "validate", "--no-net", str(METAINFO))
    assert result.returncode == 0, result.stdout + result.stderr


def test_one_application_id_everywhere() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(DESKTOP, encoding="utf-8")
    group = entry["Desktop Entry"]
    assert group["Icon"] == APP_ID
    assert group["StartupWMClass"] == APP_NAME
    assert group["Exec"] == "meetguard"

    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.find("developer") is None and root.findtext("developer_name")
    (release,) = root.iter("release")
    assert release.get("version") == __version__
    assert root.find("content_rating").get("type") == "oars-1.1"  # type: ignore[union-attr]
    image = root.findtext("screenshots/screenshot/image") or ""
    prefix = "https://raw.githubusercontent.com/meetguard/meetguard/main/"
    assert image.startswith(prefix)
    readme = Path(__file__).resolve().parents[2] / "README.md"
    assert f"]({image.removeprefix(prefix)})" in readme.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [f"{APP_ID}.svg", f"{APP_ID}-symbolic.svg"])
@pytest.mark.parametrize("size", [16, 32, 64, 256, 512])
def test_icon_renders_opaque_centre(qapp: object, name: str, size: int) -> None:
    renderer = QSvgRenderer(str(resources.icon_path(name)))
    assert renderer.isValid()
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    # The shield fills the middle and leaves the corners transparent at every size.
    assert image.pixelColor(size // 2, size * 7 // 8).alpha() == 255
    assert image.pixelColor(0, size - 1).alpha() == 0
