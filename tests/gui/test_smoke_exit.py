import os
import subprocess
import sys


def test_window_opens_then_quits_for_smoke_tests() -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "MEETGUARD_SMOKE_EXIT_MS": "300",
        # No secure store: the first run shows a notice dialog before the window.
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    result = subprocess.run(
        [sys.executable, "-m", "meetguard"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
