"""One MeetGuard window per user: a second start raises the first window and quits.

A local socket (a Unix socket or a Windows named pipe) keyed by the user and
the data folder: two users, or tests with their own folders, never meet.
"""

from __future__ import annotations

import getpass
import hashlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from meetguard import APP_ID, paths

_TIMEOUT_MS = 1000


def server_name() -> str:
    where = hashlib.sha256(str(paths.data_dir()).encode("utf-8")).hexdigest()[:12]
    return f"{APP_ID}-{getpass.getuser()}-{where}"


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
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(_TIMEOUT_MS):
            return False
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(_TIMEOUT_MS)
        return True

    def _on_connection(self) -> None:
        assert self.server is not None
        while (client := self.server.nextPendingConnection()) is not None:
            client.disconnected.connect(client.deleteLater)
            self.activated.emit()
