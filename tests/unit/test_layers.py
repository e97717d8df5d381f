import subprocess
import sys


def test_core_imports_no_qt() -> None:
    code = (
        "import sys; import meetguard.catalog.loader, meetguard.inventory, meetguard.store, "
        "meetguard.report.render, meetguard.files, meetguard.services, meetguard.cli, "
        "meetguard.terms.check, meetguard.terms.fetch, meetguard.terms.text, "
        "meetguard.terms.match; "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
