"""Build fake computers in a folder, the way each OS lays clients out."""

from __future__ import annotations

import os
import plistlib
import sqlite3
import struct
import subprocess
import zlib
from contextlib import closing
from pathlib import Path

from meetguard.inventory.windows import pack_guid

RegData = str | int | list[str]


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


class FakeRegistry:
    """A regedit export being written, key by key, as Windows' regedit writes it."""

    def __init__(self) -> None:
        self.lines = ["Windows Registry Editor Version 5.00", ""]
        self.keys: dict[str, dict[str, RegData]] = {}

    def key(self, path: str, values: dict[str, RegData] | None = None) -> None:
        self.keys.setdefault(path, {}).update(values or {})
        self.lines.append(f"[{path}]")
        for name, value in (values or {}).items():
            self.lines.append(f'"{_reg_escape(name)}"={_reg_value(value)}')
        self.lines.append("")

    def raw(self, text: str) -> None:
        self.lines.append(text)

    def uninstall(self, base: str, name: str, values: dict[str, RegData]) -> str:
        key = f"{base}\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{name}"
        self.key(key, values)
        return key

    def msi_product(self, classes: str, upgrade_code: str, product_code: str) -> None:
        """Windows Installer's record that `product_code` is installed under `upgrade_code`."""
        self.key(f"{classes}\\{pack_guid(upgrade_code)}", {pack_guid(product_code): ""})

    def write(self, path: Path) -> Path:
        text = "\r\n".join(self.lines) + "\r\n"
        path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
        return path


def _reg_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _reg_value(value: RegData) -> str:
    if isinstance(value, int):
        return f"dword:{value:08x}"
    if isinstance(value, list):
        data = "".join(v + "\0" for v in value) + "\0"
        return "hex(7):" + ",".join(f"{b:02x}" for b in data.encode("utf-16-le"))
    return f'"{_reg_escape(value)}"'


class RpmTool:
    """Packages made by the real rpmbuild and registered by the real rpm, as a package manager
    would (`--justdb`: the database learns of the package, no file is unpacked)."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.built: dict[tuple[str, str, str], Path] = {}

    def package(self, name: str, version: str, release: str = "1") -> Path:
        key = (name, version, release)
        if key not in self.built:
            top = self.workdir / f"top-{len(self.built)}"
            spec = self.workdir / f"{name}-{len(self.built)}.spec"
            spec.write_text(
                f"Name: {name}\nVersion: {version}\nRelease: {release}\nSummary: test\n"
                "License: none\nBuildArch: noarch\n%description\ntest\n%files\n"
            )
            subprocess.run(
                ["rpmbuild", "--quiet", "--define", f"_topdir {top}", "-bb", str(spec)],
                check=True,
                capture_output=True,
                env=self._env(),
            )
            self.built[key] = next((top / "RPMS" / "noarch").glob("*.rpm"))
        return self.built[key]

    def database(self, dbdir: Path, packages: list[tuple[str, str]]) -> Path:
        """An rpm database in `dbdir` holding `packages` (name, version)."""
        dbdir.mkdir(parents=True, exist_ok=True)
        files = [str(self.package(name, version)) for name, version in packages]
        subprocess.run(
            ["rpm", "--dbpath", str(dbdir), "-i", "--justdb", "--nodeps", *files],
            check=True,
            capture_output=True,
            env=self._env(),
        )
        return dbdir / "rpmdb.sqlite"

    def ndb_database(self, dbdir: Path, packages: list[tuple[str, str]]) -> Path:
        """`Packages.db` in rpm's ndb layout (openSUSE), holding the headers the real rpm
        wrote for `packages`. This rpm is built without ndb, so the container is laid out
        here, after lib/backend/ndb/rpmpkg.c; the headers inside are rpm's own."""
        work = self.workdir / f"ndb-{len(self.built)}-{len(packages)}"
        data = self.database(work, packages).read_bytes()
        with closing(sqlite3.connect(":memory:")) as con:
            image = bytearray(data)
            image[18:20] = b"\x01\x01"
            con.deserialize(bytes(image))
            blobs = [bytes(b) for (b,) in con.execute("SELECT blob FROM Packages")]
        dbdir.mkdir(parents=True, exist_ok=True)
        (dbdir / "Packages.db").write_bytes(ndb_image(blobs))
        return dbdir / "Packages.db"

    def _env(self) -> dict[str, str]:
        """rpm keeps a database of its own under ~/.rpmdb: keep it in the work folder."""
        return {**os.environ, "HOME": str(self.workdir)}


def ndb_image(blobs: list[bytes]) -> bytes:
    """rpm's ndb `Packages.db` layout holding these header blobs, one slot page."""
    slots = bytearray(b"RpmP" + struct.pack("<IIII", 0, 1, 1, len(blobs) + 1) + bytes(12))
    body = bytearray()
    first_block = 4096 // 16
    for pkgidx, blob in enumerate(blobs, start=1):
        count = (16 + len(blob) + 12 + 15) // 16
        slots += b"Slot" + struct.pack("<III", pkgidx, first_block + len(body) // 16, count)
        record = b"BlbS" + struct.pack("<III", pkgidx, 0, len(blob)) + blob
        record += bytes(count * 16 - 12 - len(record))
        body += record + struct.pack("<II", zlib.adler32(record), len(blob)) + b"BlbE"
    while len(slots) < 4096:
        slots += b"Slot" + bytes(12)
    return bytes(slots + body)
