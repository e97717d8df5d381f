"""A scan result keeps the paths it read as one text: it gives back every path, in order and
with repeats, whatever the paths hold, and counts them as the list did."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from meetguard.host import Host
from meetguard.inventory.model import ScanResult, read_log

PATHS = st.lists(
    st.sampled_from(["/etc/a", "/etc/a", "", "/x\0y", "\0", "/é/ü", "/a b/c"]) | st.text(),
    max_size=8,
)


@settings(max_examples=500, deadline=None)
@given(PATHS)
def test_the_reads_are_the_paths_as_read(paths: list[str]) -> None:
    result = ScanResult(Host.at_root(Path("/"), "linux"), (), read_log=read_log(paths))
    assert result.reads == tuple(paths)
    assert result.files_read == len(paths)


def test_paths_without_a_nul_are_kept_as_one_text() -> None:
    log = read_log(["/usr/share/applications/a.desktop", "/etc/b", "/etc/b"])
    assert log == "/usr/share/applications/a.desktop\0/etc/b\0/etc/b"
