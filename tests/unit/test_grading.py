import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from meetguard.catalog.grading import grade, load_rubric
from meetguard.catalog.loader import CatalogError
from meetguard.catalog.model import TOPICS, Catalog, Client, Document, Right
from meetguard.resources import rubric_path

DOC = Document("tos", "Terms", "https://example.com/t", "terms", dt.date(2026, 11, 1))


def _client(verdicts: dict[str, str], verified: bool = True, **kw: object) -> Client:
    rights = tuple(
        Right(t, v, "s", "q" if verified else "", DOC, "", verified, **kw)  # type: ignore[arg-type]
        for t, v in verdicts.items()
    )
    return Client(
        "x",
        "X",
        "V",
        "https://x",
        "desktop",
        "active",
        dt.date(2026, 11, 1),
        (DOC,),
        rights,
        (),
        (),
    )


@pytest.fixture(scope="module")
def rubric():  # type: ignore[no-untyped-def]
    return load_rubric(rubric_path())


def test_all_protective_is_a_and_all_broad_is_e(rubric) -> None:  # type: ignore[no-untyped-def]
    best = grade(_client(dict.fromkeys(TOPICS, "protective")), "all", rubric)
    worst = grade(_client(dict.fromkeys(TOPICS, "broad")), "all", rubric)
    assert best is not None and worst is not None
    assert (best.letter, best.score, best.reasons) == ("A", 100, ())
    assert (worst.letter, worst.score) == ("E", 0)
    assert len(worst.reasons) == len(TOPICS)
    assert best.rubric_version == rubric.version


def test_unverified_protection_weighs_less(rubric) -> None:  # type: ignore[no-untyped-def]
    sure = grade(_client(dict.fromkeys(TOPICS, "protective")), "all", rubric)
    unsure = grade(_client(dict.fromkeys(TOPICS, "protective"), verified=False), "all", rubric)
    assert sure is not None and unsure is not None
    assert unsure.score == round(100 * rubric.unverified_factor)
    assert all(not r.verified for r in unsure.reasons)
    assert "unverified" in unsure.reasons[0].text


def test_reasons_are_sorted_by_cost_and_ai_training_weighs_most(rubric) -> None:  # type: ignore[no-untyped-def]
    verdicts = dict.fromkeys(TOPICS, "protective")
    verdicts["ai_training"] = "broad"
    verdicts["service_data"] = "broad"
    g = grade(_client(verdicts), "all", rubric)
    assert g is not None
    assert [r.topic for r in g.reasons] == ["ai_training", "service_data"]


def test_missing_topic_counts_as_unknown(rubric) -> None:  # type: ignore[no-untyped-def]
    g = grade(_client({"ai_training": "protective"}), "all", rubric)
    assert g is not None
    assert {r.topic for r in g.reasons} == set(TOPICS) - {"ai_training"}
    assert all(r.verdict == "unknown" for r in g.reasons)


def test_account_specific_right_wins(rubric) -> None:  # type: ignore[no-untyped-def]
    base = _client(dict.fromkeys(TOPICS, "protective"))
    business = replace(base.rights[1], verdict="broad", applies_to="business")
    client = replace(base, rights=(*base.rights, business), account_types=("personal", "business"))
    personal_grade = grade(client, "personal", rubric)
    business_grade = grade(client, "business", rubric)
    assert personal_grade is not None and business_grade is not None
    assert personal_grade.score == 100 and business_grade.score < 100


def test_no_rights_no_grade(rubric) -> None:  # type: ignore[no-untyped-def]
    assert grade(_client({}), "all", rubric) is None


def test_shipped_catalog_all_graded(catalog: Catalog, rubric) -> None:  # type: ignore[no-untyped-def]
    for client in catalog.clients:
        for account in client.account_types:
            if client.rights:
                assert grade(client, account, rubric) is not None, client.id


def test_broken_rubric_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "rubric.toml"
    bad.write_text(rubric_path().read_text().replace("broad = 0", ""))
    with pytest.raises(CatalogError, match=r"rubric\.toml.*points"):
        load_rubric(bad)
