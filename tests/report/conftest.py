"""The PDF writer makes a bare QGuiApplication when none exists (the CLI's case); in the test
session pytest-qt's QApplication must come first, or later widget tests cannot start."""

import pytest


@pytest.fixture(autouse=True)
def _application_first(qapp: object) -> None:
    return None
