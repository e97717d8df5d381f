"""Build fake computers in a folder, the way each OS lays clients out."""

from __future__ import annotations

import plistlib
from pathlib import Path


class FakeLinux:
    def __init__(self, root: Path, user: str = "alice") -> None:
        self.root = root
        self.home = root / "home" / user
        self.home.mkdir(parents=True, exist_ok=True)

    def file(self, path: str, content: str | bytes) -> Path:
        target = self.root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
        return target

    def desktop(self, path: str, name: str, exec_: str, categories: str = "") -> Path:
        body = f"[Desktop Entry]\nType=Application\nName={name}\nExec={exec_}\n"
        if categories:
            body += f"Categories={categories}\n"
        return self.file(path, body)

    def zoom_deb(self, version: str = "6.2.11.5069") -> None:
        self.file("/opt/zoom/version.txt", f"{version}\n")
        self.file("/opt/zoom/ZoomLauncher", b"\x7fELF")
        self.desktop(
            "/usr/share/applications/Zoom.desktop",
            "Zoom Workplace",
            "/usr/bin/zoom %U",
            "Network;VideoConference;",
        )
        self.file(
            "/var/lib/dpkg/status",
            "Package: bash\nStatus: install ok installed\nVersion: 5.2\n\n"
            f"Package: zoom\nStatus: install ok installed\nVersion: {version}\n",
        )

    def flatpak(self, app_id: str, version: str, user: bool = False) -> None:
        base = "/home/alice/.local/share/flatpak" if user else "/var/lib/flatpak"
        self.file(
            f"{base}/app/{app_id}/current/active/files/share/metainfo/{app_id}.metainfo.xml",
            f'<component><releases><release version="{version}"/></releases></component>',
        )

    def snap(self, name: str, version: str) -> None:
        self.file(f"/snap/{name}/current/meta/snap.yaml", f"name: {name}\nversion: '{version}'\n")

    def web_app(self, name: str, app_id: str) -> None:
        self.desktop(
            f"/home/alice/.local/share/applications/chrome-{app_id}-Default.desktop",
            name,
            f"/opt/google/chrome/google-chrome --profile-directory=Default --app-id={app_id}",
        )

    def busy_desktop(self) -> None:
        """A computer with several clients installed in different ways."""
        self.zoom_deb("6.2.11.5069")
        self.flatpak("com.slack.Slack", "4.41.105", user=True)
        self.snap("skype", "8.138.0.203")
        self.web_app("Google Meet", "kjgfgldnnfoeklkmfkjfagphfepbbdan")
        self.file("/opt/Signal/signal-desktop", b"\x7fELF")
        self.desktop(
            "/usr/share/applications/signal-desktop.desktop",
            "Signal",
            "/opt/Signal/signal-desktop %U",
            "Network;InstantMessaging;",
        )
        self.desktop(
            "/usr/share/applications/qtox.desktop", "qTox", "qtox", "Network;VideoConference;"
        )


class FakeMac:
    def __init__(self, root: Path, user: str = "alice") -> None:
        self.root = root
        self.home = root / "Users" / user
        self.home.mkdir(parents=True, exist_ok=True)

    def app(
        self, folder: str, name: str, bundle_id: str, version: str, binary: bool = False
    ) -> Path:
        bundle = self.root / folder.lstrip("/") / f"{name}.app"
        contents = bundle / "Contents"
        contents.mkdir(parents=True, exist_ok=True)
        info = {"CFBundleIdentifier": bundle_id, "CFBundleShortVersionString": version}
        fmt = plistlib.FMT_BINARY if binary else plistlib.FMT_XML
        (contents / "Info.plist").write_bytes(plistlib.dumps(info, fmt=fmt))
        return bundle
