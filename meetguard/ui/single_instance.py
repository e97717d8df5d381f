"""One MeetGuard window per user: a second start raises the first window and quits.

A local socket keyed by the user and the data folder: two users, or tests with their own
folders, never meet. On Unix it lives in a folder only the user can create files in (the
runtime folder), and both ends check that the other runs as the same user; on Windows it is
a named pipe only the user can open.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from meetguard import APP_ID, paths

_TIMEOUT_MS = 1000


def server_name() -> str:
    if os.name == "posix":
        return str(paths.runtime_dir() / "instance")
    import getpass
    import hashlib

    where = hashlib.sha256(str(paths.data_dir()).encode("utf-8")).hexdigest()[:12]
    return f"{APP_ID}-{getpass.getuser()}-{where}"


def same_user(descriptor: int) -> bool:
    """True when the process at the other end of a local socket runs as this user."""
    # Imported when a second start knocks, not before the window's first paint.
    import socket
    import struct

    if not hasattr(socket, "SO_PEERCRED") or descriptor < 0:
        return True  # no peer credentials here: the private folder is the guard
    with socket.fromfd(descriptor, socket.AF_UNIX, socket.SOCK_STREAM) as peer:
        raw = peer.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    uid: int = struct.unpack("3i", raw)[1]
    return uid == os.getuid()


class SingleInstance(QObject):
    """Claims the name for this process, or hands over to the process that has it."""

    activated = Signal()

    def __init__(self, name: str | None = None) -> None:
        super().__init__()
        self.name = name or server_name()
        self.server: QLocalServer | None = None

    def claim(self) -> bool:
        """True when this process is the only one; False after waking the running one."""
        if self._wake_running():
            return False
        QLocalServer.removeServer(self.name)  # left behind by a crashed instance
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            return not self._wake_running()
        server.newConnection.connect(self._on_connection)
        self.server = server
        return True

    def _wake_running(self) -> bool:
        running = QLocalSocket()
        running.connectToServer(self.name)
        if not running.waitForConnected(_TIMEOUT_MS):
            return False
        if not same_user(int(running.socketDescriptor())):
            running.abort()
            return False
        running.disconnectFromServer()
        if running.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            running.waitForDisconnected(_TIMEOUT_MS)
        return True

    def _on_connection(self) -> None:
        assert self.server is not None
        while (client := self.server.nextPendingConnection()) is not None:
            client.disconnected.connect(client.deleteLater)
            if not same_user(int(client.socketDescriptor())):
                client.abort()
                continue
            self.activated.emit()
