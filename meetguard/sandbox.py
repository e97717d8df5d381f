"""What MeetGuard can see of the computer when it runs as a Flatpak.

Inside the sandbox `/usr` is the runtime's, not the computer's: with the `host-os`
permission the computer's `/usr` is mounted at `/run/host/usr` (and with `host-etc` its
`/etc` at `/run/host/etc`). Every other folder is visible at its own path only where the
app was granted it. `/.flatpak-info` lists the grants in its `[Context]` group.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

INFO_FILE = ".flatpak-info"
RUN_HOST = "/run/host"
# The computer's folders that the sandbox shows under /run/host, and the permission for each.
HOST_OS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64")
HOST_ETC = ("/etc",)


def _under(path: str, folder: str) -> bool:
    folder = folder.rstrip("/") or "/"
    return folder == "/" or path == folder or path.startswith(folder + "/")


@dataclass(frozen=True)
class FlatpakSandbox:
    """The grants of the running Flatpak, as host paths."""

    grants: tuple[str, ...]
    remapped: tuple[str, ...]

    @classmethod
    def from_info(cls, text: str, home: str) -> FlatpakSandbox:
        """Read `/.flatpak-info`; `home` is the user's home (the same path inside and out)."""
        filesystems = ""
        group = ""
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("[") and line.endswith("]"):
                group = line[1:-1]
            elif group == "Context" and line.startswith("filesystems="):
                filesystems = line.partition("=")[2]
        grants: list[str] = []
        remapped: list[str] = []
        home = home.rstrip("/")
        prefixes = {
            "xdg-data": f"{home}/.local/share",
            "xdg-config": f"{home}/.config",
            "xdg-cache": f"{home}/.cache",
            "~": home,
        }
        for item in filesystems.split(";"):
            name = item.strip().rsplit(":", 1)[0] if ":" in item else item.strip()
            if not name or name.startswith("!"):
                continue
            if name == "host":
                grants.append("/")
                remapped += [*HOST_OS, *HOST_ETC]
            elif name == "host-os":
                remapped += HOST_OS
            elif name == "host-etc":
                remapped += HOST_ETC
            elif name == "home":
                grants.append(home)
            elif name.startswith("/"):
                grants.append(name.rstrip("/") or "/")
            else:
                head, _, rest = name.partition("/")
                if head in prefixes:
                    grants.append(f"{prefixes[head]}/{rest}".rstrip("/"))
        return cls(tuple(grants), tuple(dict.fromkeys(remapped)))

    def _remap_root(self, host_path: str) -> str:
        for folder in (*HOST_OS, *HOST_ETC):
            if _under(host_path, folder):
                return folder
        return ""

    def sees(self, host_path: str) -> bool:
        """Whether the sandbox shows this path of the computer at all."""
        root = self._remap_root(host_path)
        if root:
            return root in self.remapped
        return any(_under(host_path, g) for g in self.grants)

    def local(self, host_path: str) -> str:
        """Where a path of the computer is inside the sandbox."""
        return RUN_HOST + host_path if self._remap_root(host_path) else host_path

    def shown(self, local_path: str) -> str:
        """How a path inside the sandbox reads as a path of the computer."""
        if _under(local_path, RUN_HOST):
            rest = local_path[len(RUN_HOST) :]
            if self._remap_root(rest):
                return rest
        return local_path


def flatpak_sandbox(root: Path, home: str) -> FlatpakSandbox | None:
    """The sandbox MeetGuard runs in, when `root` is the inside of a Flatpak."""
    info = root / INFO_FILE
    try:
        text = info.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return FlatpakSandbox.from_info(text, home)
