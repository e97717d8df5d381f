"""Footprints the scanner could never match are catalog errors, named by file and field."""

from pathlib import Path

import pytest

from meetguard.catalog.loader import validate_catalog
from meetguard.resources import catalog_dir


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ('bundle_ids = ["us.zoom.xos"]', "bundle_ids", "read on macos only"),
        ('uninstall_names = ["Zoom"]', "uninstall_names", "anchored with ^ and $"),
        ('uninstall_publishers = ["^Zoom($"]', "uninstall_publishers", "not a regular expression"),
        ('upgrade_codes = ["C819B794"]', "upgrade_codes", "is not a GUID"),
        ('msix_families = ["MSTeams"]', "msix_families", "not a package family name"),
        ('uninstall_keys = "ZoomUMX"', "uninstall_keys", "must be a list of text"),
    ],
)
def test_unmatchable_windows_footprints_are_rejected(
    tmp_path: Path, line: str, field: str, message: str
) -> None:
    folder = tmp_path / "catalog"
    folder.mkdir()
    text = (catalog_dir() / "zoom.toml").read_text()
    key = line.split(" = ")[0]
    kept = "\n".join(x for x in text.splitlines() if not x.startswith(f"{key} ="))
    (folder / "zoom.toml").write_text(
        kept.replace("[detect.windows]\n", f"[detect.windows]\n{line}\n")
    )
    messages = [str(e) for e in validate_catalog(folder)]
    assert len(messages) == 1, messages
    assert "zoom.toml" in messages[0] and "detect.windows" in messages[0]
    assert f"'{field}'" in messages[0] and message in messages[0]
