"""Windows channels: uninstall registry keys, MSI upgrade codes, MSIX packages, Squirrel
folders and per-user install folders.

The uninstall keys are read where Windows keeps them: the machine's 64-bit and 32-bit
(WOW6432Node) views, the current user, and every other user's loaded hive under HKEY_USERS.
An entry without a DisplayName, or marked SystemComponent=1, is not shown in "Installed apps"
and is not an installation (updates, runtimes, MSI parts of a bundle).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PureWindowsPath

from meetguard.catalog.model import Client
from meetguard.inventory.context import Channel, Finding, ScanContext
from meetguard.inventory.registry import RegistryView, RegValue

UNINSTALL = "Microsoft\\Windows\\CurrentVersion\\Uninstall"
PACKAGES = (
    "Local Settings\\Software\\Microsoft\\Windows\\CurrentVersion\\AppModel\\Repository\\Packages"
)
PROVISIONED = (
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Appx\\"
    "AppxAllUserStore\\Applications"
)
MACHINE_UPGRADE_CODES = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\Installer\\UpgradeCodes"
USER_UPGRADE_CODES = "Microsoft\\Installer\\UpgradeCodes"
INSTALLER_USERDATA = (
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Installer\\UserData"
)
PROFILE_SKIP = {"public", "default", "default user", "all users"}
_APP_FOLDER = re.compile(r"app-(\d+(?:\.\d+)*)(?:-[0-9A-Za-z.-]+)?")


def _text(values: dict[str, RegValue], name: str) -> str:
    value = values.get(name, "")
    return value.strip() if isinstance(value, str) else ""


@dataclass(frozen=True)
class UserHive:
    """One user's part of the registry: `software` and `classes` roots, and a label."""

    software: str
    classes: str
    label: str
    account: str = ""


PROFILE_LIST = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList"


def user_hives(registry: RegistryView | None, home: str) -> list[UserHive]:
    """The current user and every loaded user hive (HKEY_USERS\\<SID>). ProfileList says
    whose a SID is; a hive whose profile is not the inspected user's (`home`) belongs to
    another account, and one ProfileList does not name is taken as the inspected user's."""
    hives = [
        UserHive("HKEY_CURRENT_USER\\Software", "HKEY_CURRENT_USER\\Software\\Classes", "per-user")
    ]
    if registry is None:
        return hives
    # A user's classes hive (<SID>_Classes) may be exported without the user's main hive.
    names = registry.subkeys("HKEY_USERS")
    sids = {n[: -len("_classes")] if n.lower().endswith("_classes") else n: None for n in names}
    for sid in sids:
        profile = _profile(registry, sid, home)
        who = f"{PureWindowsPath(profile).name}, {sid}" if profile else sid
        hives.append(
            UserHive(
                f"HKEY_USERS\\{sid}\\Software",
                f"HKEY_USERS\\{sid}_Classes",
                f"per-user, {who}",
                _account(registry, sid, home),
            )
        )
    return hives


def _profile(registry: RegistryView, sid: str, home: str) -> str:
    profile = _text(registry.values(f"{PROFILE_LIST}\\{sid}"), "ProfileImagePath")
    # A REG_EXPAND_SZ, read unexpanded: "%SystemDrive%\\Users\\alice".
    return re.sub("%systemdrive%", lambda _: home[:2], profile, flags=re.IGNORECASE)


def _account(registry: RegistryView, sid: str, home: str) -> str:
    """`sid` when ProfileList says it is another account than the inspected user's, else ""."""
    profile = _profile(registry, sid, home)
    other = bool(profile) and profile.rstrip("\\").lower() != home.rstrip("\\").lower()
    return sid if other else ""


def pack_guid(guid: str) -> str:
    """Windows Installer's "packed" form of a GUID, as used for registry key and value names:
    the first three groups reversed, then each remaining byte's two hex digits swapped.
    The transform is its own inverse."""
    hexes = guid.strip("{}").replace("-", "").upper()
    if len(hexes) != 32:
        return ""
    tail = "".join(hexes[i + 1] + hexes[i] for i in range(16, 32, 2))
    return hexes[7::-1] + hexes[11:7:-1] + hexes[15:11:-1] + tail


def unpack_guid(packed: str) -> str:
    """`{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}` from a packed GUID, or "" if it is not one."""
    if not re.fullmatch(r"[0-9A-Fa-f]{32}", packed):
        return ""
    h = pack_guid(packed)
    return f"{{{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}}}"


@dataclass
class _Matcher:
    """Every Windows footprint of the catalog, indexed for matching uninstall entries."""

    by_key: dict[str, Client]
    by_name: list[tuple[re.Pattern[str], tuple[re.Pattern[str], ...], Client]]
    by_upgrade: dict[str, Client]
    by_product: dict[str, Client]
    # Every display-name pattern in one: most of a computer's uninstall entries match none,
    # and one regex call says so where one per pattern would cost ~17. None where the
    # patterns cannot be joined (a backreference counts its groups from the start).
    any_name: re.Pattern[str] | None = None

    def match(self, name: str, values: dict[str, RegValue]) -> tuple[Client, str] | None:
        """The client an uninstall entry belongs to, and which footprint said so."""
        found = self.by_key.get(name.lower())
        if found is not None:
            return found, "key name"
        found = self.by_product.get(name.upper())
        if found is not None:
            return found, "MSI upgrade code"
        bundle = values.get("BundleUpgradeCode", [])
        codes = [bundle] if isinstance(bundle, str) else bundle if isinstance(bundle, list) else []
        for code in codes:
            found = self.by_upgrade.get(code.strip().upper())
            if found is not None:
                return found, "bundle upgrade code"
        display = _text(values, "DisplayName")
        if self.any_name is not None and self.any_name.fullmatch(display) is None:
            return None
        publisher = _text(values, "Publisher")
        for pattern, publishers, client in self.by_name:
            if pattern.fullmatch(display) and (
                not publishers or any(p.fullmatch(publisher) for p in publishers)
            ):
                return client, "display name"
        return None


def _matcher(ctx: ScanContext, registry: RegistryView) -> _Matcher:
    m = _Matcher({}, [], {}, {})
    for client in ctx.catalog.clients:
        prints = client.footprints("windows")
        for key in prints.uninstall_keys:
            m.by_key.setdefault(key.lower(), client)
        publishers = tuple(re.compile(p, re.IGNORECASE) for p in prints.uninstall_publishers)
        m.by_name += [
            (re.compile(p, re.IGNORECASE), publishers, client) for p in prints.uninstall_names
        ]
        for code in prints.upgrade_codes:
            m.by_upgrade.setdefault(code.upper(), client)
    m.any_name = _joined(p for p, _, _ in m.by_name)
    # Windows Installer maps each UpgradeCode to the ProductCodes installed under it; a
    # product's uninstall entry is named after its ProductCode.
    roots = [MACHINE_UPGRADE_CODES] + [
        f"{hive.software}\\{USER_UPGRADE_CODES}" for hive in user_hives(registry, ctx.host.home)
    ]
    for code, client in m.by_upgrade.items():
        packed = pack_guid(code)
        for root in roots:
            for product in registry.values(f"{root}\\{packed}"):
                unpacked = unpack_guid(product)
                if unpacked:
                    m.by_product.setdefault(unpacked, client)
    return m


def _joined(patterns: Iterable[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that fully matches what any of `patterns` fully matches, if one can be."""
    sources = [p.pattern for p in patterns]
    if any(re.search(r"\\[1-9]|\(\?P=|\(\?\(", s) for s in sources):
        return None
    try:
        return re.compile("|".join(f"(?:{s})" for s in sources) or "(?!)", re.IGNORECASE)
    except re.error:
        return None


def _uninstall_bases(registry: RegistryView, home: str) -> Iterator[tuple[str, str, str]]:
    yield f"HKEY_LOCAL_MACHINE\\SOFTWARE\\{UNINSTALL}", "machine", ""
    yield f"HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\{UNINSTALL}", "machine, 32-bit", ""
    for hive in user_hives(registry, home):
        yield f"{hive.software}\\{UNINSTALL}", hive.label, hive.account
        # Rare, but some 32-bit per-user installers write here (Fleet's scripts check it).
        yield f"{hive.software}\\WOW6432Node\\{UNINSTALL}", f"{hive.label}, 32-bit", hive.account


def uninstall_keys(ctx: ScanContext) -> list[Finding]:
    registry = ctx.registry()
    if registry is None:
        return []
    matcher = _matcher(ctx, registry)
    findings: list[Finding] = []
    named: set[str] = set()
    for base, scope, account in _uninstall_bases(registry, ctx.host.home):
        for name in registry.subkeys(base):
            key = f"{base}\\{name}"
            named.add(name.upper())
            values = registry.values(key)
            display = _text(values, "DisplayName")
            if not display or values.get("SystemComponent") == 1:
                continue
            matched = matcher.match(name, values)
            if matched is None:
                continue
            client, how = matched
            location = _text(values, "InstallLocation")
            version = _text(values, "DisplayVersion")
            # The current user's hive is also listed under HKEY_USERS on a live registry: the
            # same entry seen twice is one installation.
            machine = scope.startswith("machine")
            where = scope if machine else "user"
            findings.append(
                Finding(
                    client.id,
                    f"registry:{where}:{name.lower()}:{location.lower()}:{version}",
                    "registry",
                    client.name,
                    location or key,
                    f"{key} ({display}, {scope}, by {how})",
                    version,
                    account,
                )
            )
    return findings + _msi_records(ctx, registry, matcher, named)


def _msi_records(
    ctx: ScanContext, registry: RegistryView, matcher: _Matcher, named: set[str]
) -> list[Finding]:
    """Windows Installer's own record of a product found by its UpgradeCode that has no
    uninstall entry (UserData\\<SID>\\Products\\<packed code>\\InstallProperties; S-1-5-18
    is the machine)."""
    findings: list[Finding] = []
    for sid in registry.subkeys(INSTALLER_USERDATA):
        account = "" if sid == "S-1-5-18" else _account(registry, sid, ctx.host.home)
        for product, client in matcher.by_product.items():
            if product in named:
                continue
            key = f"{INSTALLER_USERDATA}\\{sid}\\Products\\{pack_guid(product)}\\InstallProperties"
            values = registry.values(key)
            display = _text(values, "DisplayName")
            if not display or values.get("SystemComponent") == 1:
                continue
            named.add(product)
            version = _text(values, "DisplayVersion")
            findings.append(
                Finding(
                    client.id,
                    f"msi:{product}",
                    "registry",
                    client.name,
                    _text(values, "InstallLocation") or key,
                    f"{key} ({display}, Windows Installer, by MSI upgrade code)",
                    version,
                    account,
                )
            )
    return findings


def _msix_bases(registry: RegistryView, home: str) -> Iterator[tuple[str, str, str]]:
    for hive in user_hives(registry, home):
        yield f"{hive.classes}\\{PACKAGES}", hive.label, hive.account
    yield PROVISIONED, "all users", ""


def msix_packages(ctx: ScanContext) -> list[Finding]:
    """Store and sideloaded MSIX packages: both register under the user's AppModel
    repository by their full name `Name_Version_Arch_ResourceId_PublisherId`."""
    registry = ctx.registry()
    if registry is None:
        return []
    by_family: dict[str, Client] = {}
    for client in ctx.catalog.clients:
        for family in client.footprints("windows").msix_families:
            by_family[family.lower()] = client
    findings: list[Finding] = []
    for base, scope, account in _msix_bases(registry, ctx.host.home):
        for full_name in registry.subkeys(base):
            parts = full_name.split("_")
            if len(parts) != 5:
                continue
            found = by_family.get(f"{parts[0]}_{parts[4]}".lower())
            if found is None:
                continue
            values = registry.values(f"{base}\\{full_name}")
            findings.append(
                Finding(
                    found.id,
                    f"msix:{parts[0]}",
                    "msix",
                    found.name,
                    _text(values, "PackageRootFolder") or full_name,
                    f"{base}\\{full_name} ({scope})",
                    parts[1],
                    account,
                )
            )
    return findings


def _profiles(ctx: ScanContext) -> list[str]:
    """Home folders of every account on the computer, the inspected user's first."""
    homes = [ctx.host.home]
    users = ctx.host.path(ctx.host.home).parent
    for path in ctx.listdir(users):
        if path.name.lower() not in PROFILE_SKIP and ctx.host.is_dir(path):
            home = ctx.host.display(path)
            if home.lower() != ctx.host.home.lower():
                homes.append(home)
    return homes


def _for_profile(pattern: str, home: str) -> str:
    variables = {
        "%USERPROFILE%": home,
        "%APPDATA%": f"{home}\\AppData\\Roaming",
        "%LOCALAPPDATA%": f"{home}\\AppData\\Local",
    }
    upper = pattern.upper()
    for var, value in variables.items():
        if upper.startswith(var):
            return value + pattern[len(var) :]
    return ""


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


def squirrel_folders(ctx: ScanContext) -> list[Finding]:
    """Squirrel installs (Discord, Slack, Element…): `Update.exe` beside one `app-<version>`
    folder per installed version, in each user's profile; the newest folder is the version."""
    findings: list[Finding] = []
    profiles = _profiles(ctx)
    for client in ctx.catalog.clients:
        for pattern in client.footprints("windows").squirrel_dirs:
            for home in profiles:
                folder = _for_profile(pattern, home)
                real = ctx.host.path(folder) if folder else None
                if real is None or not ctx.host.is_dir(real):
                    continue
                versions = [
                    m.group(1)
                    for entry in ctx.listdir(real)
                    if (m := _APP_FOLDER.fullmatch(entry.name)) and ctx.host.is_dir(entry)
                ]
                if not versions and not ctx.host.exists(real / "Update.exe"):
                    continue
                version = max(versions, key=_version_key) if versions else ""
                account = "" if home == ctx.host.home else PureWindowsPath(home).name
                findings.append(
                    Finding(
                        client.id,
                        f"squirrel:{folder.lower()}" if account else "native",
                        "install folder",
                        client.name,
                        folder,
                        f"{folder} (Squirrel{', app-' + version if version else ''})",
                        version,
                        account,
                    )
                )
    return findings


def user_paths(ctx: ScanContext) -> list[Finding]:
    findings: list[Finding] = []
    for client in ctx.catalog.clients:
        for pattern in client.footprints("windows").user_paths:
            host_path = ctx.host.expand(pattern)
            if ctx.host.exists(ctx.host.path(host_path)):
                findings.append(
                    Finding(client.id, "native", "user folder", client.name, host_path, host_path)
                )
    return findings


CHANNELS: list[tuple[str, Channel]] = [
    ("installed programs", uninstall_keys),
    ("Store (MSIX) packages", msix_packages),
    ("Squirrel installs", squirrel_folders),
    ("install folders", user_paths),
]
