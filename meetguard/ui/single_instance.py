"""One MeetGuard window per user: a second start raises the first window and quits.

A local socket keyed by the user and the data folder: two users, or tests with their own
folders, never meet. On Unix it is a Unix-domain socket in a folder only the user can create
files in (the runtime folder), and both ends check that the other runs as the same user; on
Windows it is a named pipe only the user can open. Nothing listens on the network.
"""

from __future__ import annotations

import os
import socket
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from meetguard import APP_ID, paths

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer

_TIMEOUT_S = 1.0


def server_name() -> str:
    if os.name == "posix":
        return str(paths.runtime_dir() / "instance")
    import getpass
    import hashlib

    where = hashlib.sha256(str(paths.data_dir()).encode("utf-8")).hexdigest()[:12]
    return f"{APP_ID}-{getpass.getuser()}-{where}"


def same_user(peer: socket.socket) -> bool:
    """True when the process at the other end of a Unix-domain socket runs as this user."""
    if not hasattr(socket, "SO_PEERCRED"):
        return True  # no peer credentials here: the private folder is the guard
    import struct

    raw = peer.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    uid: int = struct.unpack("3i", raw)[1]
    return uid == os.getuid()


class SingleInstance(QObject):
    """Claims the name for this process, or hands over to the process that has it.

    Python's own Unix-domain socket, watched by a QSocketNotifier in the GUI thread: Qt's
    QLocalServer would load QtNetwork before the first paint (~3 MiB, ~10 ms). Windows has no
    such socket for this, so there the named pipe is Qt's (`PipeInstance`)."""

    activated = Signal()

    def __init__(self, name: str | None = None) -> None:
        super().__init__()
        self.name = name or server_name()
        self._socket: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._bound: tuple[int, int] | None = None

    @property
    def listening(self) -> bool:
        return self._socket is not None

    def claim(self) -> bool:
        """True when this process is the only one; False after waking the running one."""
        if self._wake_running():
            return False
        path = Path(self.name)
        path.unlink(missing_ok=True)  # left behind by a crashed instance: nothing answered on it
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            server.bind(self.name)
            path.chmod(0o600)  # before listen(): no one can connect until then
            server.listen(8)
        except OSError:
            server.close()  # another start bound it in between: that one runs
            return not self._wake_running()
        server.setblocking(False)
        st = path.stat()
        self._bound = (st.st_dev, st.st_ino)
        self._socket = server
        self._notifier = QSocketNotifier(server.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_connection)
        return True

    def close(self) -> None:
        """Stop answering; the socket file goes unless a later start has replaced it."""
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None
            path = Path(self.name)
            with suppress(OSError):
                st = path.stat()
                if (st.st_dev, st.st_ino) == self._bound:
                    path.unlink()

    def _wake_running(self) -> bool:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as running:
            running.settimeout(_TIMEOUT_S)
            try:
                running.connect(self.name)
            except OSError:
                return False  # none, or a socket nothing listens on (a crashed instance's)
            return same_user(running)

    def _on_connection(self) -> None:
        assert self._socket is not None
        while True:
            try:
                client, _ = self._socket.accept()
            except OSError:  # BlockingIOError: none left waiting
                return
            with client:
                if same_user(client):
                    self.activated.emit()


class PipeInstance(QObject):
    """Windows: the same, on a named pipe (Qt's QLocalServer, with access for this user only)."""

    activated = Signal()

    def __init__(self, name: str | None = None) -> None:
        super().__init__()
        self.name = name or server_name()
        self._server: QLocalServer | None = None

    @property
    def listening(self) -> bool:
        return self._server is not None

    def claim(self) -> bool:
        from PySide6.QtNetwork import QLocalServer

        if self._wake_running():
            return False
        QLocalServer.removeServer(self.name)  # left behind by a crashed instance
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            return not self._wake_running()
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    def _wake_running(self) -> bool:
        from PySide6.QtNetwork import QLocalSocket

        running = QLocalSocket()
        running.connectToServer(self.name)
        if not running.waitForConnected(int(_TIMEOUT_S * 1000)):
            return False
        running.disconnectFromServer()
        if running.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            running.waitForDisconnected(int(_TIMEOUT_S * 1000))
        return True

    def _on_connection(self) -> None:
        assert self._server is not None
        while (client := self._server.nextPendingConnection()) is not None:
            client.disconnected.connect(client.deleteLater)
            self.activated.emit()


def single_instance() -> SingleInstance | PipeInstance:
    return PipeInstance() if os.name == "nt" else SingleInstance()
