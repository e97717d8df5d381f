"""Browser extensions in every profile of the Chromium family and of Firefox.

What counts is what the browser itself keeps: a Chromium profile's `Preferences` and
`Secure Preferences` (`extensions.settings`, one entry per installed extension) and its
`Extensions/<id>/<version>/manifest.json` folders; a Firefox profile's `extensions.json`.
A known note-taker is recognised by its store id from the catalog, never by its name.
Any other extension is listed only when its manifest asks for a permission that captures
a tab's or the screen's media or the microphone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from meetguard.catalog.model import Catalog, Client
from meetguard.inventory.browser_policy import ExtensionPolicy, read_policy
from meetguard.inventory.context import Finding, ScanContext
from meetguard.inventory.model import BrowserExtension
from meetguard.inventory.parsers import ParseError

PREFS_LIMIT = 16 * 1024 * 1024
MANIFEST_LIMIT = 1024 * 1024
INI_LIMIT = 256 * 1024
MAX_PROFILES = 100
MAX_EXTENSIONS = 1000
MAX_VERSIONS = 20

# Permissions that hand an extension a meeting's audio or picture: tabCapture (a tab's media
# stream), desktopCapture (a screen, window or tab with its audio), audioCapture (the
# microphone, for Chrome Apps). `offscreen` is not one: an offscreen document states its
# reasons (USER_MEDIA among them) only when it is created, never in the manifest.
CAPTURE_PERMISSIONS = ("tabCapture", "desktopCapture", "audioCapture")

# Chromium's ManifestLocation values that say where an extension came from. Component
# extensions (5, 10: the PDF viewer, the Web Store app) are the browser's own and never listed.
_COMPONENT = {5, 10}
_ORIGINS = {
    1: "installed from a store",
    2: "installed by another program",
    3: "installed by another program",
    4: "loaded unpacked (developer mode)",
    6: "installed by another program",
    7: "installed by your organisation's policy",
    8: "loaded from the command line",
    9: "installed by your organisation's policy",
}
# Firefox install locations of its own add-ons (never listed) and where others came from.
_FIREFOX_BUILTIN = {"app-builtin", "app-builtin-addons", "app-system-defaults", "app-system-addons"}
_FIREFOX_ORIGINS = {
    "app-profile": "installed in this profile",
    "app-temporary": "loaded temporarily (developer)",
    "app-system-share": "installed by another program for every user",
    "app-system-local": "installed by another program for every user",
    "app-system-user": "installed by another program for this user",
    "app-global": "installed with the browser",
}
_CHROMIUM_ID = re.compile(r"[a-p]{32}")


@dataclass(frozen=True)
class Browser:
    """One browser's folder on the inspected computer: a Chromium user-data folder (which
    holds profiles) or a Firefox folder (which holds `profiles.ini`)."""

    name: str
    store: str  # "chromium", "edge" or "firefox": which catalog ids apply
    folder: str  # on the inspected computer


# (name, store, folder under ~/.config on Linux, Flatpak app id, Snap folder under ~/snap)
_LINUX_CHROMIUM = (
    ("Google Chrome", "chromium", "google-chrome", "com.google.Chrome", ""),
    ("Google Chrome Beta", "chromium", "google-chrome-beta", "", ""),
    ("Google Chrome Dev", "chromium", "google-chrome-unstable", "", ""),
    ("Chromium", "chromium", "chromium", "org.chromium.Chromium", "chromium/common/chromium"),
    ("Microsoft Edge", "edge", "microsoft-edge", "com.microsoft.Edge", ""),
    ("Microsoft Edge Beta", "edge", "microsoft-edge-beta", "", ""),
    ("Microsoft Edge Dev", "edge", "microsoft-edge-dev", "", ""),
    (
        "Brave",
        "chromium",
        "BraveSoftware/Brave-Browser",
        "com.brave.Browser",
        "brave/current/.config/BraveSoftware/Brave-Browser",
    ),
    ("Vivaldi", "chromium", "vivaldi", "com.vivaldi.Vivaldi", "vivaldi/current/.config/vivaldi"),
    ("Opera", "chromium", "opera", "com.opera.Opera", "opera/current/.config/opera"),
)
_MAC_CHROMIUM = (
    ("Google Chrome", "chromium", "Google/Chrome"),
    ("Google Chrome Beta", "chromium", "Google/Chrome Beta"),
    ("Google Chrome Canary", "chromium", "Google/Chrome Canary"),
    ("Chromium", "chromium", "Chromium"),
    ("Microsoft Edge", "edge", "Microsoft Edge"),
    ("Microsoft Edge Beta", "edge", "Microsoft Edge Beta"),
    ("Brave", "chromium", "BraveSoftware/Brave-Browser"),
    ("Vivaldi", "chromium", "Vivaldi"),
    ("Opera", "chromium", "com.operasoftware.Opera"),
)
_WINDOWS_CHROMIUM = (
    ("Google Chrome", "chromium", "%LOCALAPPDATA%\\Google\\Chrome\\User Data"),
    ("Google Chrome Beta", "chromium", "%LOCALAPPDATA%\\Google\\Chrome Beta\\User Data"),
    ("Chromium", "chromium", "%LOCALAPPDATA%\\Chromium\\User Data"),
    ("Microsoft Edge", "edge", "%LOCALAPPDATA%\\Microsoft\\Edge\\User Data"),
    ("Microsoft Edge Beta", "edge", "%LOCALAPPDATA%\\Microsoft\\Edge Beta\\User Data"),
    ("Brave", "chromium", "%LOCALAPPDATA%\\BraveSoftware\\Brave-Browser\\User Data"),
    ("Vivaldi", "chromium", "%LOCALAPPDATA%\\Vivaldi\\User Data"),
    ("Opera", "chromium", "%APPDATA%\\Opera Software\\Opera Stable"),
)


def browsers(platform: str, home: str, expand: Any) -> list[Browser]:
    """Every folder where a supported browser may keep its profiles, present or not."""
    found: list[Browser] = []
    if platform == "linux":
        flatpak_firefox = f"{home}/.var/app/org.mozilla.firefox"
        for name, store, config, flatpak, snap in _LINUX_CHROMIUM:
            found.append(Browser(name, store, f"{home}/.config/{config}"))
            if flatpak:
                folder = f"{home}/.var/app/{flatpak}/config/{config}"
                found.append(Browser(f"{name} (Flatpak)", store, folder))
            if snap:
                found.append(Browser(f"{name} (Snap)", store, f"{home}/snap/{snap}"))
        found += [
            Browser("Firefox", "firefox", f"{home}/.mozilla/firefox"),
            Browser("Firefox", "firefox", f"{home}/.config/mozilla/firefox"),
            Browser("Firefox (Flatpak)", "firefox", f"{flatpak_firefox}/.mozilla/firefox"),
            Browser("Firefox (Flatpak)", "firefox", f"{flatpak_firefox}/config/mozilla/firefox"),
            Browser("Firefox (Snap)", "firefox", f"{home}/snap/firefox/common/.mozilla/firefox"),
        ]
    elif platform == "macos":
        support = f"{home}/Library/Application Support"
        found = [Browser(n, s, f"{support}/{f}") for n, s, f in _MAC_CHROMIUM]
        found.append(Browser("Firefox", "firefox", f"{support}/Firefox"))
    elif platform == "windows":
        found = [Browser(n, s, expand(f)) for n, s, f in _WINDOWS_CHROMIUM]
        found.append(Browser("Firefox", "firefox", expand("%APPDATA%\\Mozilla\\Firefox")))
    return found


# ---- parsers: each raises only ParseError ---------------------------------------------------


def _json_object(data: bytes, what: str) -> dict[str, Any]:
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ParseError(f"{what} is not valid JSON ({exc.__class__.__name__})") from exc
    if not isinstance(value, dict):
        raise ParseError(f"{what} is not a JSON object")
    return value


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(v for v in value if isinstance(v, str))


@dataclass(frozen=True)
class ChromiumSetting:
    """One entry of a profile's `extensions.settings`."""

    location: int | None
    path: str
    disabled: bool | None
    from_webstore: bool
    granted: tuple[str, ...]
    manifest: dict[str, Any]


def parse_chromium_settings(data: bytes) -> dict[str, ChromiumSetting]:
    """`extensions.settings` of a `Preferences` or `Secure Preferences` file, by extension id."""
    raw = _dict(_dict(_json_object(data, "the preferences file").get("extensions")).get("settings"))
    settings: dict[str, ChromiumSetting] = {}
    for ext_id, entry in raw.items():
        if not isinstance(entry, dict):
            continue
        location = entry.get("location")
        settings[ext_id] = ChromiumSetting(
            location=location if type(location) is int else None,
            path=entry["path"] if isinstance(entry.get("path"), str) else "",
            disabled=_chromium_disabled(entry),
            from_webstore=entry.get("from_webstore") is True,
            granted=_strings(_dict(entry.get("active_permissions")).get("api")),
            manifest=_dict(entry.get("manifest")),
        )
    return settings


def _chromium_disabled(entry: dict[str, Any]) -> bool | None:
    """Disabled when the browser keeps a reason for it (a list today, a bit mask before), or
    the older `state` is 0; None when the entry says neither."""
    reasons = entry.get("disable_reasons")
    if isinstance(reasons, list):
        return bool(reasons)
    if type(reasons) is int:
        return reasons != 0
    state = entry.get("state")
    if type(state) is int:
        return state == 0
    return None


def parse_local_state(data: bytes) -> dict[str, str]:
    """Profile folder → the name the browser shows for it, from `Local State`."""
    cache = _dict(_dict(_json_object(data, "Local State").get("profile")).get("info_cache"))
    names: dict[str, str] = {}
    for folder, info in cache.items():
        name = _dict(info).get("name")
        if isinstance(name, str) and name.strip():
            names[folder] = name.strip()
    return names


@dataclass(frozen=True)
class Manifest:
    name: str
    version: str
    default_locale: str
    permissions: tuple[str, ...]
    is_theme: bool


def parse_manifest(data: bytes) -> Manifest:
    return manifest_from(_json_object(data, "manifest.json"))


def manifest_from(raw: dict[str, Any]) -> Manifest:
    permissions = _strings(raw.get("permissions")) + _strings(raw.get("optional_permissions"))
    name, version, locale = (raw.get(k) for k in ("name", "version", "default_locale"))
    return Manifest(
        name=name.strip() if isinstance(name, str) else "",
        version=version.strip() if isinstance(version, str) else "",
        default_locale=locale if isinstance(locale, str) else "",
        permissions=permissions,
        is_theme="theme" in raw,
    )


def parse_messages(data: bytes) -> dict[str, str]:
    """A `_locales/<lang>/messages.json`: message name (lower case) → text."""
    messages: dict[str, str] = {}
    for key, entry in _json_object(data, "messages.json").items():
        text = _dict(entry).get("message")
        if isinstance(text, str):
            messages[key.lower()] = text
    return messages


@dataclass(frozen=True)
class FirefoxProfile:
    name: str
    path: str
    relative: bool


def parse_profiles_ini(data: bytes) -> list[FirefoxProfile]:
    import configparser  # ~0.3 MiB, only where Firefox has profiles

    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(data.decode("utf-8", errors="replace"))
    except configparser.Error as exc:
        what = exc.__class__.__name__
        raise ParseError(f"profiles.ini is not a valid INI file ({what})") from exc
    profiles: list[FirefoxProfile] = []
    for section in parser.sections():
        if not section.startswith("Profile") or not parser.get(section, "Path", fallback=""):
            continue
        path = parser.get(section, "Path")
        profiles.append(
            FirefoxProfile(
                name=parser.get(section, "Name", fallback="") or PurePosixPath(path).name,
                path=path,
                relative=parser.get(section, "IsRelative", fallback="1").strip() != "0",
            )
        )
    return profiles


@dataclass(frozen=True)
class FirefoxAddon:
    id: str
    name: str
    version: str
    location: str
    active: bool
    disabled: bool
    permissions: tuple[str, ...]
    path: str
    builtin: bool


def parse_firefox_extensions(data: bytes) -> list[FirefoxAddon]:
    """The extensions (not themes, dictionaries or language packs) in `extensions.json`."""
    addons = _json_object(data, "extensions.json").get("addons")
    if not isinstance(addons, list):
        raise ParseError("extensions.json has no list of add-ons")
    found: list[FirefoxAddon] = []
    for raw in addons:
        entry = _dict(raw)
        addon_id, location = entry.get("id"), entry.get("location")
        if entry.get("type") != "extension" or not isinstance(addon_id, str):
            continue
        location = location if isinstance(location, str) else ""
        name = _dict(entry.get("defaultLocale")).get("name")
        version = entry.get("version")
        disabled = any(
            entry.get(flag) is True
            for flag in ("userDisabled", "appDisabled", "softDisabled", "embedderDisabled")
        )
        found.append(
            FirefoxAddon(
                id=addon_id,
                name=name if isinstance(name, str) else "",
                version=version if isinstance(version, str) else "",
                location=location,
                active=entry.get("active") is True,
                disabled=disabled,
                permissions=_strings(_dict(entry.get("userPermissions")).get("permissions")),
                path=entry["path"] if isinstance(entry.get("path"), str) else "",
                builtin=location in _FIREFOX_BUILTIN or entry.get("isBuiltin") is True,
            )
        )
    return found


def version_key(text: str) -> tuple[int, ...]:
    """Sort key for an extension folder's version ("3.10.2_0" after "3.9.1_0")."""
    return tuple(int(n) for n in re.findall(r"\d+", text)[:8])


# ---- the scan ------------------------------------------------------------------------------


def _known_ids(catalog: Catalog) -> dict[str, dict[str, Client]]:
    known: dict[str, dict[str, Client]] = {"chromium": {}, "edge": {}, "firefox": {}}
    for client in catalog.clients:
        for store in known:
            for ext_id in getattr(client.extensions, store):
                known[store][ext_id] = client
    return known


def _match(known: dict[str, dict[str, Client]], store: str, ext_id: str) -> Client | None:
    """The catalog client with this id. Chrome Web Store ids hold in every Chromium browser,
    Edge's too; Edge Add-ons ids only in Edge."""
    if store == "firefox":
        return known["firefox"].get(ext_id)
    found = known["chromium"].get(ext_id)
    if found is None and store == "edge":
        found = known["edge"].get(ext_id)
    return found


@dataclass
class _Scan:
    ctx: ScanContext
    known: dict[str, dict[str, Client]]
    rows: list[BrowserExtension]
    policies: dict[str, ExtensionPolicy] = field(default_factory=dict)

    def policy(self, browser: str) -> ExtensionPolicy:
        if browser not in self.policies:
            self.policies[browser] = read_policy(self.ctx, browser)
        return self.policies[browser]

    def host_path(self, text: str) -> Path:
        return self.ctx.host.path(text)

    def join(self, base: str, *parts: str) -> str:
        if self.ctx.host.platform == "windows":
            return str(PureWindowsPath(base, *parts))
        return str(PurePosixPath(base, *parts))

    def add(
        self,
        browser: Browser,
        profile: str,
        ext_id: str,
        name: str,
        version: str,
        state: str,
        origin: str,
        permissions: tuple[str, ...],
        location: str,
        evidence: str,
    ) -> None:
        client = _match(self.known, browser.store, ext_id)
        capture = tuple(p for p in CAPTURE_PERMISSIONS if p in permissions)
        if client is None and not capture:
            return
        policy = self.policy(browser.name).verdict(ext_id)
        if policy:
            evidence = f"{evidence}; {policy}"
        self.rows.append(
            BrowserExtension(
                client_id=client.id if client else "",
                extension_id=ext_id,
                name=name or (client.name if client else ext_id),
                version=version,
                browser=browser.name,
                profile=profile,
                state=state,
                origin=origin,
                capture=capture,
                location=location,
                evidence=(evidence,),
                policy=policy,
            )
        )


def _state(disabled: bool | None) -> str:
    return "unknown" if disabled is None else ("disabled" if disabled else "enabled")


def _chromium_profiles(scan: _Scan, browser: Browser) -> list[tuple[str, str]]:
    """(profile folder on the inspected computer, display name) of a user-data folder."""
    ctx = scan.ctx
    root = scan.host_path(browser.folder)
    if not ctx.host.is_dir(root):
        return []
    names = (
        ctx.read_parsed(root / "Local State", parse_local_state, PREFS_LIMIT, missing_ok=True) or {}
    )
    profiles: list[tuple[str, str]] = []
    if ctx.host.exists(root / "Preferences"):  # Opera keeps its one profile in the folder itself
        profiles.append((browser.folder, names.get("Default", "Default")))
    for entry in ctx.listdir(root):
        if entry.name == "System Profile" or not (
            ctx.host.exists(entry / "Preferences") or ctx.host.is_dir(entry / "Extensions")
        ):
            continue
        if len(profiles) >= MAX_PROFILES:
            ctx.warn(f"{ctx.host.display(root)}: over {MAX_PROFILES} profiles; the rest skipped")
            break
        label = names.get(entry.name, entry.name)
        if label != entry.name:
            label = f"{label} ({entry.name})"
        profiles.append((scan.join(browser.folder, entry.name), label))
    return profiles


def _chromium_profile(scan: _Scan, browser: Browser, folder: str, profile: str) -> None:
    ctx = scan.ctx
    real = scan.host_path(folder)
    settings: dict[str, ChromiumSetting] = {}
    damaged = False
    for file in ("Preferences", "Secure Preferences"):
        found = ctx.read_parsed(real / file, parse_chromium_settings, PREFS_LIMIT, missing_ok=True)
        if found is None:
            damaged = damaged or ctx.host.exists(real / file)
        else:
            settings.update(found)
    folders = {
        p.name: p for p in ctx.listdir(real / "Extensions") if _CHROMIUM_ID.fullmatch(p.name)
    }
    ids = sorted(set(settings) | set(folders))
    if len(ids) > MAX_EXTENSIONS:
        ctx.warn(f"{ctx.host.display(real)}: more than {MAX_EXTENSIONS} extensions; rest skipped")
        ids = ids[:MAX_EXTENSIONS]
    for ext_id in ids:
        setting = settings.get(ext_id)
        if setting is not None and setting.location in _COMPONENT:
            continue
        version_dir = _version_dir(scan, folders.get(ext_id), setting)
        manifest = _chromium_manifest(scan, version_dir, setting)
        if manifest is not None and manifest.is_theme:
            continue
        version = manifest.version if manifest and manifest.version else ""
        if not version and version_dir is not None:
            version = version_dir.name.split("_")[0]
        if setting is None:
            state = "unknown"
            how = (
                "an extension folder; the profile's preferences could not be read"
                if damaged
                else "an extension folder the profile's preferences do not list"
            )
        else:
            state = _state(setting.disabled)
            how = "listed in the profile's preferences"
        origin = ""
        if setting is not None and setting.location is not None:
            origin = _ORIGINS.get(setting.location, "")
        permissions = (manifest.permissions if manifest else ()) + (
            setting.granted if setting else ()
        )
        location = ctx.host.display(version_dir) if version_dir is not None else folder
        scan.add(
            browser,
            profile,
            ext_id,
            _display_name(scan, version_dir, manifest),
            version,
            state,
            origin,
            permissions,
            location,
            f"{browser.name}, profile {profile}: {ext_id} {version or '(no version)'}, "
            f"{state}; {how}",
        )


def _version_dir(scan: _Scan, ext_dir: Path | None, setting: ChromiumSetting | None) -> Path | None:
    """The folder of the version in use: the one the preferences name, else the newest."""
    ctx = scan.ctx
    if setting is not None and setting.path:
        named = PurePosixPath(setting.path.replace("\\", "/"))
        if named.is_absolute() or PureWindowsPath(setting.path).drive:
            path = scan.host_path(setting.path)  # an unpacked extension's own folder
            return path if ctx.host.is_dir(path) else None
        if ext_dir is not None and len(named.parts) == 2 and ctx.host.is_dir(ext_dir / named.name):
            return ext_dir / named.name
    if ext_dir is None:
        return None
    versions = [p for p in ctx.listdir(ext_dir) if ctx.host.is_dir(p)][:MAX_VERSIONS]
    return max(versions, key=lambda p: version_key(p.name), default=None)


def _chromium_manifest(
    scan: _Scan, version_dir: Path | None, setting: ChromiumSetting | None
) -> Manifest | None:
    if version_dir is not None:
        found = scan.ctx.read_parsed(
            version_dir / "manifest.json", parse_manifest, MANIFEST_LIMIT, missing_ok=True
        )
        if found is not None:
            return found
    if setting is not None and setting.manifest:
        return manifest_from(setting.manifest)  # older Chrome kept the manifest in the prefs
    return None


def _display_name(scan: _Scan, version_dir: Path | None, manifest: Manifest | None) -> str:
    """The manifest's name, with a `__MSG_name__` placeholder looked up in its locale."""
    if manifest is None:
        return ""
    match = re.fullmatch(r"__MSG_(\w+)__", manifest.name)
    if match is None:
        return manifest.name
    if version_dir is None or not re.fullmatch(r"[\w-]{1,20}", manifest.default_locale):
        return ""
    messages = scan.ctx.read_parsed(
        version_dir / "_locales" / manifest.default_locale / "messages.json",
        parse_messages,
        MANIFEST_LIMIT,
        missing_ok=True,
    )
    return (messages or {}).get(match.group(1).lower(), "").strip()


def _firefox(scan: _Scan, browser: Browser) -> None:
    ctx = scan.ctx
    root = scan.host_path(browser.folder)
    if not ctx.host.is_dir(root):
        return
    ini = root / "profiles.ini"
    profiles = ctx.read_parsed(ini, parse_profiles_ini, INI_LIMIT, missing_ok=True)
    for entry in (profiles or [])[:MAX_PROFILES]:
        folder = (
            scan.join(browser.folder, *PurePosixPath(entry.path.replace("\\", "/")).parts)
            if entry.relative
            else entry.path
        )
        profile = f"{entry.name} ({PurePosixPath(entry.path.replace(chr(92), '/')).name})"
        real = scan.host_path(folder)
        addons = ctx.read_parsed(
            real / "extensions.json", parse_firefox_extensions, PREFS_LIMIT, missing_ok=True
        )
        if addons is None:
            _firefox_xpis(scan, browser, real, profile)
            continue
        for addon in addons[:MAX_EXTENSIONS]:
            if addon.builtin:
                continue
            state = "enabled" if addon.active and not addon.disabled else "disabled"
            scan.add(
                browser,
                profile,
                addon.id,
                addon.name,
                addon.version,
                state,
                _FIREFOX_ORIGINS.get(addon.location, ""),
                addon.permissions,
                addon.path or ctx.host.display(real / "extensions"),
                f"{browser.name}, profile {profile}: {addon.id} {addon.version or '(no version)'}, "
                f"{state}; listed in extensions.json",
            )


def _firefox_xpis(scan: _Scan, browser: Browser, real: Path, profile: str) -> None:
    """Without a readable `extensions.json`, a profile's `extensions/<id>.xpi` files still name
    its installed add-ons (state and version unknown)."""
    ctx = scan.ctx
    for xpi in ctx.listdir(real / "extensions")[:MAX_EXTENSIONS]:
        if xpi.suffix != ".xpi":
            continue
        scan.add(
            browser,
            profile,
            xpi.stem,
            "",
            "",
            "unknown",
            "",
            (),
            ctx.host.display(xpi),
            f"{browser.name}, profile {profile}: {ctx.host.display(xpi)}; "
            "extensions.json could not be read",
        )


def browser_extensions(ctx: ScanContext) -> list[Finding]:
    """Record every note-taker and capturing extension on `ctx`; known note-takers also come
    back as findings, so they are listed, graded and walked through like any client."""
    scan = _Scan(ctx, _known_ids(ctx.catalog), [])
    for browser in browsers(ctx.host.platform, ctx.host.home, ctx.host.expand):
        if browser.store == "firefox":
            _firefox(scan, browser)
            continue
        for folder, profile in _chromium_profiles(scan, browser):
            _chromium_profile(scan, browser, folder, profile)
    ctx.extensions.extend(scan.rows)
    findings: list[Finding] = []
    for row in scan.rows:
        client = ctx.catalog.get(row.client_id) if row.client_id else None
        if client is None:
            continue
        findings.append(
            Finding(
                client.id,
                f"extension:{row.browser}:{row.profile}:{row.location}",
                "browser extension",
                client.name,
                row.location,
                row.evidence[0],
                row.version,
                state=row.state,
            )
        )
    return findings
