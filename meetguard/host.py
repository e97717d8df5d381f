"""The computer being inspected: a filesystem root, a home, a platform, an environment.

Every probe reads through a Host, never through the real filesystem directly, so
tests and `--root` can point MeetGuard at a fake computer built in a folder.
A Host never writes and never follows a path out of its root.
"""

from __future__ import annotations

import errno
import getpass
import os
import socket
import stat
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from operator import attrgetter
from pathlib import Path, PurePosixPath, PureWindowsPath
from stat import S_ISLNK, S_ISREG
from typing import TYPE_CHECKING, Literal

from meetguard.display_text import decoded, one_line
from meetguard.sandbox import FlatpakSandbox, flatpak_sandbox

if TYPE_CHECKING:
    # The .reg parser is imported when a registry is read: not for the window's first paint.
    from meetguard.inventory import registry as reg

Platform = Literal["linux", "macos", "windows"]
PLATFORMS: tuple[Platform, ...] = ("linux", "macos", "windows")
# A path on this machine: a Path, or the str a folder's listing gives (os.DirEntry.path),
# which costs nothing to make where a Path per entry of a 10,000-entry folder costs ~2 µs.
Real = Path | str

MAX_READ = 4 * 1024 * 1024
# Non-blocking, so a FIFO planted where a file should be cannot hang the scan.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_OPEN_FLAGS = _READ_FLAGS | _NOFOLLOW
_SPECIAL = ("", ".", "..")


class HostReadError(Exception):
    """A file the scan wanted could not be read; the message says why, in plain words."""


class HostMissingError(HostReadError):
    """The file is not there at all."""


def running_platform() -> Platform:
    # sys.platform, not the platform module: that one compiles nine regexes on import.
    if sys.platform == "darwin":
        return "macos"
    if sys.platform == "win32":
        return "windows"
    return "linux"


_NAME = attrgetter("name")


def _is_link(path: str) -> bool:
    """os.path.islink without a Path to build: called once per folder a scan opens files in."""
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


@dataclass(eq=False)
class Host:
    """One look at a computer. What it is (root, home, platform...) is set when it is made;
    what it has already worked out (folders resolved, the registry view) it keeps for its
    life, so `fresh()` gives each new inspection a Host that has read nothing yet."""

    root: Path
    home: str
    platform: Platform
    env: Mapping[str, str] = field(default_factory=dict)
    registry_file: Path | None = None
    hostname: str = ""
    username: str = ""
    # Set when MeetGuard itself runs as a Flatpak: the computer's files seen from inside it.
    sandbox: FlatpakSandbox | None = None
    # Folders already resolved during this Host's life: a scan of 10,000 desktop entries
    # resolves their one folder once instead of every file's full path.
    _dirs_inside: dict[str, bool] = field(default_factory=dict, init=False, repr=False)
    _real_dirs: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    # The scan and every registry probe read the same export: it is parsed once per Host.
    _registry: reg.RegistryView | None = field(default=None, init=False, repr=False)
    _registry_read: bool = field(default=False, init=False, repr=False)
    _registry_problem: str = field(default="", init=False, repr=False)
    # The root as text, and as the prefix of every path inside it: asked once per file read.
    _root_text: str = field(default="", init=False, repr=False)
    _root_prefix: str = field(default="", init=False, repr=False)

    def __post_init__(self) -> None:
        self._root_text = str(self.root)
        self._root_prefix = self._root_text.rstrip(os.sep) + os.sep

    @classmethod
    def local(cls) -> Host:
        plat = running_platform()
        root = Path(Path.home().anchor or "/")
        env = dict(os.environ)
        sandbox = flatpak_sandbox(root, str(Path.home())) if plat == "linux" else None
        if sandbox is not None:
            # Flatpak points these at the app's own folders and the runtime: the computer's
            # defaults are what the inventory wants.
            for var in ("XDG_DATA_HOME", "XDG_DATA_DIRS", "XDG_CONFIG_HOME"):
                env.pop(var, None)
        return cls(
            root=root,
            home=str(Path.home()),
            platform=plat,
            env=env,
            hostname=one_line(socket.gethostname()),
            username=one_line(_account_name()),
            sandbox=sandbox,
        )

    @classmethod
    def at_root(
        cls,
        root: Path,
        platform: Platform,
        home: str | None = None,
        registry_file: Path | None = None,
        env: Mapping[str, str] | None = None,
        sandbox: FlatpakSandbox | None = None,
    ) -> Host:
        """A fake computer in a folder; `home` defaults to the only user folder there."""
        try:
            if not root.is_dir():
                raise HostReadError(f"{one_line(str(root))} is not a folder")
            resolved = root.resolve()
        except OSError as exc:
            raise HostReadError(f"cannot use {one_line(str(root))}: {_reason(exc)}") from exc
        if home is None:
            home = _guess_home(resolved, platform)
        user = PurePosixPath(home.replace("\\", "/")).name
        return cls(
            root=resolved,
            home=home,
            platform=platform,
            env=dict(env or {}),
            registry_file=registry_file,
            hostname=one_line(resolved.name),
            username=one_line(user),
            sandbox=sandbox,
        )

    def fresh(self) -> Host:
        """The same computer, with nothing resolved or read yet: a new look sees changes."""
        return replace(self)

    def registry(self) -> reg.RegistryView | None:
        """The inspected computer's registry: its .reg export, else the live one when this is
        a Windows computer's own root, else None. Raises HostReadError for an export that
        cannot be read or is no regedit export."""
        if not self._registry_read:
            self._registry_read = True
            if self.registry_file is not None:
                try:
                    self._registry = _read_export(self.registry_file)
                except HostReadError as exc:
                    self._registry_problem = str(exc)
            elif self.platform == "windows" and self.is_local_root:
                from meetguard.inventory import registry as reg

                module = reg.winreg_module()
                self._registry = reg.WinReg(module) if module is not None else None
        if self._registry_problem:
            raise HostReadError(self._registry_problem)
        return self._registry

    @property
    def is_local_root(self) -> bool:
        return self.root == Path(self.root.anchor)

    def _within(self, resolved: str) -> bool:
        return resolved.startswith(self._root_prefix) or resolved == self._root_text

    def path(self, host_path: str) -> Path:
        """Map an absolute path on the inspected computer to a path on this machine."""
        if self.platform == "windows":
            win = PureWindowsPath(host_path)
            parts = win.parts[1:] if win.anchor else win.parts
        else:
            if self.sandbox is not None:
                host_path = self.sandbox.local(host_path)
            parts = PurePosixPath(host_path).parts
            parts = parts[1:] if parts and parts[0] == "/" else parts
        return self.root.joinpath(*parts) if parts else self.root

    def expand(self, path: str) -> str:
        """Expand `~` and the Windows folder variables against the inspected user's home."""
        home = self.home
        if path.startswith("~/"):
            return f"{home}/{path[2:]}"
        variables = {
            "%USERPROFILE%": home,
            "%APPDATA%": f"{home}\\AppData\\Roaming",
            "%LOCALAPPDATA%": f"{home}\\AppData\\Local",
            "%PROGRAMFILES%": "C:\\Program Files",
            "%PROGRAMFILES(X86)%": "C:\\Program Files (x86)",
            "%PROGRAMDATA%": "C:\\ProgramData",
        }
        upper = path.upper()
        for var, value in variables.items():
            if upper.startswith(var):
                return value + path[len(var) :]
        return path

    def home_path(self, *parts: str) -> Path:
        return self.path(self.home).joinpath(*parts)

    def display(self, real: Real) -> str:
        """How a path on this machine reads as a path on the inspected computer, as display
        text: undecodable bytes backslash-escaped, control characters dropped."""
        path = str(real)
        root = str(self.root)
        if root == self.root.anchor or not path.startswith(root):
            shown = path
        else:
            rel = path[len(root) :].lstrip(os.sep)
            if self.platform == "windows":
                return one_line("C:\\" + rel.replace(os.sep, "\\"))
            shown = "/" + rel
        return one_line(self.sandbox.shown(shown) if self.sandbox is not None else shown)

    def _parent_inside(self, path: str) -> bool:
        return self._dir_inside(path.rpartition(os.sep)[0] or os.sep)

    def _dir_inside(self, folder: str) -> bool:
        """True when `folder`, every symlink resolved, lies within the root. A folder in one
        already resolved costs one lstat, not a realpath of every component: 8,000 bundles'
        Contents folders would otherwise cost ~80,000."""
        ok = self._dirs_inside.get(folder)
        if ok is None:
            up, _, name = folder.rpartition(os.sep)
            above = self._dirs_inside.get(up)
            if up and name not in _SPECIAL and (above or self._within(up)):
                if _is_link(folder):
                    ok = self._within(os.path.realpath(folder))
                else:
                    ok = self._dir_inside(up) if above is None else above
            else:
                ok = self._within(os.path.realpath(folder))
            self._dirs_inside[folder] = ok
        return ok

    def resolved(self, real: Real | os.DirEntry[str]) -> tuple[str, bool]:
        """`real` with every symlink resolved, and whether that stays within the root. Only a
        path that is itself a symlink is resolved on its own; its folder is resolved once for
        all its entries (8,000 bundles would otherwise cost ~100,000 lstat calls). An entry of
        `entries()` says whether it is a symlink from its listing, without an lstat."""
        if isinstance(real, os.DirEntry):
            path = real.path
            try:
                link = real.is_symlink()
            except OSError:
                link = False
        else:
            path = str(real)
            link = _is_link(path)
        folder, _, name = path.rpartition(os.sep)
        folder = folder or os.sep
        if link:
            found = os.path.realpath(path)
            return found, self._parent_inside(path) and self._within(found)
        # The folder resolved once, kept as the prefix of its entries' real paths.
        prefix = self._real_dirs.get(folder)
        if prefix is None:
            prefix = self._real_dirs[folder] = os.path.realpath(folder).rstrip(os.sep) + os.sep
        inside = self._dirs_inside.get(folder)
        if inside is None:
            inside = self._dir_inside(folder)
        if name not in _SPECIAL:
            self._dirs_inside.setdefault(path, inside)  # not a link: as inside as its folder
        return prefix + name, inside

    def inside(self, real: Real) -> bool:
        """True when `real`, with every symlink resolved, stays within the root."""
        try:
            path = str(real)
            if not self._parent_inside(path):
                return False
            return not _is_link(path) or self._within(os.path.realpath(path))
        except (OSError, RuntimeError, ValueError):
            return False

    def exists(self, real: Real) -> bool:
        try:
            return self.inside(real) and Path(real).exists()
        except (OSError, ValueError):
            return False

    def is_dir(self, real: Real) -> bool:
        try:
            return self.inside(real) and Path(real).is_dir()
        except (OSError, ValueError):
            return False

    def listdir(self, real: Path) -> list[Path]:
        """Entries of a folder as Paths, sorted; see `entries`."""
        return [real / entry.name for entry in self.entries(real)]

    def entries(self, real: Real) -> list[os.DirEntry[str]]:
        """Entries of a folder sorted by name, as the listing gives them: each with its path
        as a str and whether it is a symlink, at no cost per entry. An absent folder is
        empty, an unreadable one raises."""
        try:
            os.lstat(real)
        except (FileNotFoundError, NotADirectoryError):
            return []
        except (OSError, ValueError) as exc:
            raise HostReadError(f"cannot list {self.display(real)}: {_reason(exc)}") from exc
        if not self.inside(real):
            raise HostReadError(f"{self.display(real)} points outside the inspected computer")
        try:
            with os.scandir(real) as it:
                return sorted(it, key=_NAME)
        except NotADirectoryError:
            return []
        except OSError as exc:
            raise HostReadError(f"cannot list {self.display(real)}: {_reason(exc)}") from exc

    def _open(self, real: Real) -> int:
        """Open for reading without leaving the root; a symlink is resolved and checked only
        when the file is one (O_NOFOLLOW says so), which spares a stat on every plain file."""
        path = str(real)
        folder = path.rpartition(os.sep)[0] or os.sep
        inside = self._dirs_inside.get(folder)  # the common case, without a call
        if not (self._dir_inside(folder) if inside is None else inside):
            raise self._outside(real)
        if not _NOFOLLOW:
            if not self.inside(path):
                raise self._outside(real)
            return os.open(path, _READ_FLAGS)
        try:
            return os.open(path, _OPEN_FLAGS)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
        if not self._within(os.path.realpath(path)):
            raise self._outside(real)
        return os.open(path, _READ_FLAGS)

    def _outside(self, real: Real) -> HostReadError:
        return HostReadError(f"{self.display(real)} points outside the inspected computer")

    def read_bytes(self, real: Real, limit: int = MAX_READ) -> bytes:
        try:
            fd = self._open(real)
        except (OSError, ValueError) as exc:
            raise self._unopened(real, exc) from exc
        return _read_fd(fd, limit, self.display, real)

    def read_each(
        self, reals: Sequence[Real], start: int = 0, limit: int = MAX_READ, budget: int = MAX_READ
    ) -> tuple[list[bytes], dict[int, HostReadError]]:
        """`read_bytes` of `reals[start:]` in order, stopping after the file that brings
        the bytes read to `budget`: the bytes of each file read (b"" where one could not
        be), and what went wrong by index into `reals`. One call for a folder's thousands of
        small files, without the frames of a call per file; the budget bounds the memory."""
        datas: list[bytes] = []
        errors: dict[int, HostReadError] = {}
        total = 0
        display = self.display
        known = self._dirs_inside
        for index in range(start, len(reals)):
            real = reals[index]
            # The common case: a regular file in a folder known to be inside the root (or in
            # a plain folder in one, `_dir_inside`'s rule), opened as `_open` opens it and
            # read at once as `_read_fd` reads most files, without their calls. Anything else
            # (a symlink, a folder not resolved yet, an error, a file that is no regular one
            # or not the size it says) is read again through them, which say what is wrong.
            data = None
            try:
                folder = str(real).rpartition(os.sep)[0]
                inside = known.get(folder)
                if inside is None:
                    up, _, name = folder.rpartition(os.sep)
                    if (
                        known.get(up)
                        and name not in _SPECIAL
                        and not S_ISLNK(os.lstat(folder).st_mode)
                    ):
                        inside = known[folder] = True
                if inside and _NOFOLLOW:
                    fd = os.open(real, _OPEN_FLAGS)
                    try:
                        st = os.fstat(fd)
                        said = st.st_size
                        if S_ISREG(st.st_mode) and said <= limit:
                            data = os.read(fd, said + 1)
                            if len(data) > said:
                                data = None
                    finally:
                        os.close(fd)
            except (OSError, ValueError):
                data = None
            if data is None:
                try:
                    data = _read_fd(self._open(real), limit, display, real)
                except (OSError, ValueError) as exc:
                    error = errors[index] = self._unopened(real, exc)
                    error.__cause__ = exc
                    datas.append(b"")
                    continue
                except HostReadError as exc:
                    errors[index] = exc
                    datas.append(b"")
                    continue
            datas.append(data)
            total += len(data)
            if total >= budget:
                break
        return datas, errors

    def _unopened(self, real: Real, exc: OSError | ValueError) -> HostReadError:
        if isinstance(exc, FileNotFoundError):
            return HostMissingError(f"{self.display(real)} does not exist")
        return HostReadError(f"cannot read {self.display(real)}: {_reason(exc)}")

    def read_text(self, real: Real, limit: int = MAX_READ) -> str:
        return decoded(self.read_bytes(real, limit))

    def describe(self) -> dict[str, str]:
        return {
            "root": str(self.root),
            "home": self.home,
            "platform": self.platform,
            "hostname": self.hostname,
            "username": self.username,
        }


def _read_export(path: Path) -> reg.RegFile:
    from meetguard.inventory import registry as reg

    data = read_regular(path, reg.REG_LIMIT)
    try:
        return reg.parse_reg(data)
    except reg.RegParseError as exc:
        raise HostReadError(f"{one_line(str(path))}: {exc}") from exc


def read_regular(path: Path, limit: int) -> bytes:
    """A file of this machine (a catalog file, a .reg export), read the way a Host reads:
    non-blocking, regular files only, bounded before a byte is read."""
    shown = one_line(str(path))
    try:
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError as exc:
        raise HostMissingError(f"{shown} does not exist") from exc
    except (OSError, ValueError) as exc:
        raise HostReadError(f"cannot read {shown}: {_reason(exc)}") from exc
    return _read_fd(fd, limit, lambda _: shown, path)


def _read_fd(fd: int, limit: int, display: Callable[[Real], str], real: Real) -> bytes:
    """Read a whole regular file and close it; `display(real)` names it, made only when a
    message needs it. Plain os.read calls: no file object is built for each of 40,000 small
    files."""
    try:
        st = os.fstat(fd)
        said = st.st_size
        if not S_ISREG(st.st_mode):
            raise HostReadError(f"{display(real)} is not a regular file")
        if said > limit:
            raise HostReadError(
                f"{display(real)} is {_size(said)}, too large (the limit is {_size(limit)})"
            )
        # The size the file says it has, plus one, not the limit: a buffer of `limit` bytes
        # for every small file costs more than reading it. A file that gave its size and
        # came back short of that has ended: most files cost this one read.
        first = os.read(fd, said + 1)
        if len(first) <= said:  # (a file that says 0 and holds nothing: b"")
            return first
        # It grew since the stat, or says 0 as /proc does: read on, to one byte past the limit.
        parts, size = [first], len(first)
        while size <= limit and (chunk := os.read(fd, limit + 1 - size)):
            parts.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise HostReadError(f"cannot read {display(real)}: {_reason(exc)}") from exc
    finally:
        os.close(fd)
    if size > limit:
        raise HostReadError(f"{display(real)} grew past {_size(limit)} while read")
    return b"".join(parts)


def _size(n: int) -> str:
    return f"{n >> 20} MiB" if n >= 1 << 20 and not n % (1 << 20) else f"{n // 1024} KiB"


def _reason(exc: OSError | ValueError) -> str:
    if isinstance(exc, ValueError):
        return "the path holds a NUL byte"
    return exc.strerror or exc.__class__.__name__


def _account_name() -> str:
    """The account's own name, not the home folder's (which may have been renamed)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return Path.home().name


def _guess_home(root: Path, platform: Platform) -> str:
    base = "Users" if platform in ("macos", "windows") else "home"
    folder = root / base
    skip = {"Shared", "Public", "Default", "All Users", "Default User"}
    try:
        users = (
            sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name not in skip)
            if folder.is_dir()
            else []
        )
    except OSError as exc:
        raise HostReadError(f"cannot list {one_line(str(folder))}: {_reason(exc)}") from exc
    if len(users) != 1:
        found = ", ".join(one_line(u) for u in users) if users else "none"
        raise HostReadError(
            f"cannot tell the user's home under {folder} (found: {found}); pass --home"
        )
    if platform == "windows":
        return f"C:\\Users\\{users[0]}"
    return f"/{base}/{users[0]}"
