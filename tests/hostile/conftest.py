"""Reports are rendered in this package, PDF included: pytest-qt's QApplication must exist
before the PDF writer makes its bare QGuiApplication, or later widget tests cannot start."""

import pytest


@pytest.fixture(autouse=True)
def _application_first(qapp: object) -> None:
    return None
