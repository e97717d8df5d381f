import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakehost import FakeLinux


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "MEETGUARD_SMOKE_EXIT_MS": "300",
        # No secure store: the first run says so in a banner, and nothing blocks the window.
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    return subprocess.run(
        [sys.executable, "-m", "meetguard", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_window_opens_then_quits_for_smoke_tests() -> None:
    result = _run([])
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("root_ok", [True, False])
def test_gui_command_opens_the_window_on_a_fake_computer(tmp_path: Path, root_ok: bool) -> None:
    root = tmp_path / "root"
    if root_ok:
        FakeLinux(root).zoom_deb()
    result = _run(["gui", "--root", str(root), "--platform", "linux"])
    assert "Traceback" not in result.stderr
    if root_ok:
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode == 1 and "is not a folder" in result.stderr
