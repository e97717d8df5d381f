from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from meetguard.report.model import (
    REDACTED,
    StepRow,
    inert,
    path_redactor,
    top_actions,
)
from meetguard.views import ReviewView
from tests.reportdata import sample_report


def _step(id_: str, controller: str = "user", feature: str = "Telemetry", verified: bool = True):  # type: ignore[no-untyped-def]
    return StepRow(
        id=id_,
        feature=feature,
        where="Desktop app",
        path="Settings",
        recommended="Off",
        controlled_by=controller,
        state="pending",
        state_label="To do",
        marked_at="",
        note="",
        reason="",
        source_url="https://example.com",
        verified=verified,
        unverified=not verified,
        controller=controller,
    )


def test_top_actions_put_admin_and_ai_first_and_unverified_last(tmp_path: Path) -> None:
    data = sample_report(tmp_path)
    order = [
        _step("plain"),
        _step("unverified-admin-ai", "admin", "AI notes", verified=False),
        _step("ai", feature="AI Companion summary"),
        _step("admin-ai", "admin", "AI Companion meeting summary"),
        _step("admin", "admin"),
    ]
    from dataclasses import replace

    client = replace(data.clients[0], steps=tuple(order))
    ranked = [a.step.id for a in top_actions((client,), limit=5)]
    assert ranked == ["admin-ai", "ai", "admin", "plain", "unverified-admin-ai"]
    assert [a.step.id for a in top_actions((client,))] == ["admin-ai", "ai", "admin"]


def test_done_steps_are_not_actions(tmp_path: Path) -> None:
    data = sample_report(tmp_path)
    ids = {a.step.id for c in data.clients for a in top_actions((c,), limit=99)}
    assert "consent-settings" not in ids and "telemetry" not in ids
    assert len(data.top_actions) == 3
    total = sum(len(c.steps) for c in data.clients)
    assert data.steps_done == 1 and data.steps_open == total - 1 - len(
        [s for c in data.clients for s in c.steps if s.state in ("skipped", "not-applicable")]
    )


def test_freshness_warns_past_180_days(tmp_path: Path) -> None:
    by_id = {c.id: c for c in sample_report(tmp_path).clients}
    assert by_id["examplemeet"].stale and "276 days ago" in by_id["examplemeet"].freshness
    assert "older than 180 days" in by_id["examplemeet"].freshness
    zoom = by_id["zoom"]  # the shipped entry, reviewed shortly before the report's day
    assert not zoom.stale and zoom.freshness.startswith("Terms reviewed ")
    assert f"({zoom.reviewed})" in zoom.freshness and "older than" not in zoom.freshness


def test_a_review_dated_after_the_clock_says_so_instead_of_a_negative_age() -> None:
    review = ReviewView("2026-12-01", -3, 180)
    assert review.text == "Terms reviewed on 2026-12-01, a date after this computer's clock"
    assert not review.stale


def test_redaction_hides_host_user_and_home_in_every_path(tmp_path: Path) -> None:
    data = sample_report(tmp_path, redact=True)
    assert data.hostname == REDACTED and data.username == REDACTED
    paths = [p for c in data.clients for i in c.installations for p in (i.location, *i.evidence)]
    paths += [p for o in data.others for p in (o.location, *o.evidence)]
    paths += list(data.files_read) + list(data.warnings)
    assert any(p.startswith("~/.local/share/flatpak") for p in paths)
    assert not [p for p in paths if "alice" in p]
    plain = sample_report(tmp_path / "plain")
    assert any("/home/alice/" in p for p in plain.files_read)


def test_path_redactor_keeps_other_names_and_handles_windows() -> None:
    redact = path_redactor("/home/al", "al")
    assert redact("/home/al/x") == "~/x"
    assert redact("/home/alice/x") == "/home/alice/x"
    assert redact("/mnt/al/al.txt") == f"/mnt/{REDACTED}/al.txt"
    win = path_redactor("C:\\Users\\Bob", "Bob")
    assert win("c:\\users\\bob\\AppData\\Zoom.exe") == "~\\AppData\\Zoom.exe"
    assert win("D:\\Bob\\x") == f"D:\\{REDACTED}\\x"


@given(st.text())
def test_inert_leaves_no_control_characters(text: str) -> None:
    out = inert(text)
    assert all(ch in "\n\t" or (ord(ch) >= 0x20 and ord(ch) != 0x7F) for ch in out)
    assert inert(out) == out
