"""A scan result keeps the paths it read as one text, logged a batch at a time: it gives back
every path, in order and with repeats, whatever the paths hold, and counts them as the list
of paths did."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from meetguard.host import Host
from meetguard.inventory.model import ScanResult, read_log, read_part

PATH = st.sampled_from(["/etc/a", "/etc/a", "", "/x\0y", "\0", "/é/ü", "/a b/c"]) | st.text()
BATCHES = st.lists(st.lists(PATH, max_size=5), max_size=6)


@settings(max_examples=500, deadline=None)
@given(BATCHES)
def test_the_reads_are_the_paths_as_read(batches: list[list[str]]) -> None:
    log = read_log([read_part(batch) for batch in batches])
    result = ScanResult(Host.at_root(Path("/"), "linux"), (), read_log=log)
    paths = tuple(path for batch in batches for path in batch)
    assert result.reads == paths
    assert result.files_read == len(paths)


def test_paths_without_a_nul_are_kept_as_one_text() -> None:
    parts = [read_part(["/usr/share/applications/a.desktop", "/etc/b"]), read_part(["/etc/b"])]
    assert read_log(parts) == "/usr/share/applications/a.desktop\0/etc/b\0/etc/b"
