"""Build a synthetic computer with thousands of apps, the catalog's clients hidden among them."""

from __future__ import annotations

import plistlib
from pathlib import Path

from meetguard.catalog.model import Catalog


def build_linux(root: Path, catalog: Catalog, scale: float = 1) -> None:
    """10,000 desktop entries, 5,000 dpkg packages, Flatpak and Snap installs (× scale)."""
    apps = root / "usr/share/applications"
    apps.mkdir(parents=True, exist_ok=True)
    (root / "home/alice/.local/share/applications").mkdir(parents=True, exist_ok=True)
    for i in range(int(10_000 * scale)):
        (apps / f"app{i:06d}.desktop").write_text(
            f"[Desktop Entry]\nType=Application\nName=App {i}\nName[de]=Anwendung {i}\n"
            f"Exec=/usr/bin/app{i} %U\nIcon=app{i}\nCategories=Utility;Office;\n"
            "Comment=A synthetic application used to measure the scan\n"
        )
    stanzas = [
        f"Package: pkg{i}\nStatus: install ok installed\nPriority: optional\nSection: misc\n"
        f"Installed-Size: 123\nMaintainer: Someone <a@b.c>\nArchitecture: amd64\n"
        f"Version: 1.{i}\nDescription: synthetic package {i}\n long description line\n"
        for i in range(int(5_000 * scale))
    ]
    for client in catalog.clients:
        prints = client.footprints("linux")
        for name in prints.deb:
            stanzas.append(f"Package: {name}\nStatus: install ok installed\nVersion: 9.9\n")
        for name in prints.desktop_files[:1]:
            (apps / name).write_text(
                f"[Desktop Entry]\nType=Application\nName={client.name}\nExec={name}\n"
            )
        for app_id in prints.flatpak[:1]:
            meta = root / f"var/lib/flatpak/app/{app_id}/current/active/files/share/metainfo"
            meta.mkdir(parents=True, exist_ok=True)
            (meta / f"{app_id}.metainfo.xml").write_text(
                '<component><releases><release version="1.2.3"/></releases></component>'
            )
        for snap in prints.snap[:1]:
            meta = root / f"snap/{snap}/current/meta"
            meta.mkdir(parents=True, exist_ok=True)
            (meta / "snap.yaml").write_text(f"name: {snap}\nversion: '4.5'\n")
    dpkg = root / "var/lib/dpkg"
    dpkg.mkdir(parents=True, exist_ok=True)
    (dpkg / "status").write_text("\n".join(stanzas))


def build_macos(root: Path, catalog: Catalog, scale: float = 1) -> None:
    """2,000 application bundles (× scale), the catalog's bundle ids among them."""
    folder = root / "Applications"
    (root / "Users/alice").mkdir(parents=True, exist_ok=True)
    ids = [f"com.example.app{i}" for i in range(int(2_000 * scale))]
    for client in catalog.clients:
        ids.extend(client.footprints("macos").bundle_ids[:1])
    for i, bundle_id in enumerate(ids):
        contents = folder / f"App{i:05d}.app" / "Contents"
        contents.mkdir(parents=True, exist_ok=True)
        (contents / "Info.plist").write_bytes(
            plistlib.dumps({"CFBundleIdentifier": bundle_id, "CFBundleShortVersionString": "1.0"})
        )


def _string(name: str, text: str) -> str:
    """A string value line as regedit writes it ("@" for the default value)."""
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"@={quoted}" if name == "@" else f'"{name}"={quoted}'


def _expand_string(name: str, text: str) -> str:
    data = ",".join(f"{b:02x}" for b in (text + "\0").encode("utf-16-le"))
    return f'"{name}"=hex(2):{data}'


def build_windows(root: Path, catalog: Catalog, scale: float = 1) -> Path:
    """A regedit export of 40,000 keys (× scale) as regedit writes it (UTF-16 LE, CRLF): class
    registrations, vendors' settings, 1,000 uninstall entries, 400 Store packages and a second
    user's hive, the catalog's clients among them. Returns the export; makes the profile too."""
    (root / "Users/alice").mkdir(parents=True, exist_ok=True)
    sid = "S-1-5-21-1000-2000-3000-1002"
    machine, user = "HKEY_LOCAL_MACHINE\\SOFTWARE", "HKEY_CURRENT_USER\\Software"
    other = f"HKEY_USERS\\{sid}\\Software"
    uninstall = "Microsoft\\Windows\\CurrentVersion\\Uninstall"
    packages = (
        "Classes\\Local Settings\\Software\\Microsoft\\Windows\\CurrentVersion\\AppModel\\"
        "Repository\\Packages"
    )
    profiles = f"{machine}\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList"
    blob = '"Window"=hex:' + ",".join(f"{b:02x}" for b in range(24))
    n = int(40_000 * scale)
    keys = [(f"{profiles}\\{sid}", [_expand_string("ProfileImagePath", "C:\\Users\\bob")])]
    for i in range(n * 6 // 10 // 3):
        clsid = f"{machine}\\Classes\\CLSID\\{{{i:08X}-0000-4000-8000-{i:012X}}}"
        dll = f"C:\\Windows\\System32\\comp{i}.dll"
        keys.append((clsid, [_string("@", f"Component {i}")]))
        keys.append((f"{clsid}\\InprocServer32", [_string("@", dll), '"ThreadingModel"="Both"']))
        keys.append((f"{clsid}\\ProgID", [_string("@", f"Vendor.Component.{i}")]))
    for i in range(n * 35 // 100 // 2):
        base = f"{user if i % 10 else other}\\Vendor{i % 97}\\Product{i}"
        keys.append((base, ['"Installed"=dword:00000001', _string("Path", f"C:\\P{i}")]))
        keys.append((f"{base}\\Settings", [blob, '"Size"=dword:00000400']))
    for i in range(n // 40):
        code = f"{{{i:08X}-1111-4111-8111-{i:012X}}}"
        folder = f"C:\\Program Files\\Program {i}\\"
        keys.append(
            (
                f"{machine}\\{uninstall}\\{code}",
                [
                    _string("DisplayName", f"Program {i}"),
                    _string("DisplayVersion", f"1.{i}"),
                    _string("Publisher", f"Publisher {i % 50}"),
                    _string("InstallLocation", folder),
                    _string("UninstallString", f"MsiExec.exe /X{code}"),
                    '"EstimatedSize"=dword:00001000',
                ],
            )
        )
    for i in range(n // 100):
        folder = f"C:\\Program Files\\WindowsApps\\App{i}"
        keys.append(
            (
                f"{user}\\{packages}\\Vendor.App{i}_1.0.{i}.0_x64__abcdefghijklm",
                [_string("PackageRootFolder", folder)],
            )
        )
    for client in catalog.clients:
        prints = client.footprints("windows")
        for name in prints.uninstall_keys[:1]:
            keys.append(
                (
                    f"{user}\\{uninstall}\\{name}",
                    [_string("DisplayName", client.name), _string("DisplayVersion", "9.9")],
                )
            )
        for family in prints.msix_families[:1]:
            name, publisher = family.split("_", 1)
            keys.append((f"{user}\\{packages}\\{name}_9.9.0.0_x64__{publisher}", []))
    lines = ["Windows Registry Editor Version 5.00", ""]
    for key, values in keys:
        lines += [f"[{key}]", *values, ""]
    export = root.parent / f"{root.name}.reg"
    export.write_bytes(b"\xff\xfe" + ("\r\n".join(lines) + "\r\n").encode("utf-16-le"))
    return export
