"""The home table's "How it was found" column says where each app was seen."""

from pathlib import Path

from PySide6.QtCore import Qt

from meetguard.host import Host
from meetguard.services import Services
from meetguard.ui.models import HomeModel
from tests.fakehost import FakeLinux


def test_an_app_known_only_by_its_desktop_entry_names_that_entry(tmp_path: Path) -> None:
    entry = "/usr/share/applications/signal-desktop.desktop"
    fake = FakeLinux(tmp_path)
    fake.desktop(entry, "Signal", "/opt/Signal/signal-desktop %U", "Network;InstantMessaging;")
    fake.zoom_deb("6.2.11.5069")
    services = Services.open(host=Host.at_root(tmp_path, "linux"))
    model = HomeModel()
    model.set_apps(services.journey(services.inspect()).apps)
    tips = {
        model.index(row, HomeModel.APP).data(): model.index(row, HomeModel.FOUND).data(
            Qt.ItemDataRole.ToolTipRole
        )
        for row in range(model.rowCount())
    }
    signal = next(name for name in tips if name.startswith("Signal"))
    zoom = next(name for name in tips if name.startswith("Zoom"))
    assert tips[signal] == entry
    assert tips[zoom] == "/opt/zoom"
