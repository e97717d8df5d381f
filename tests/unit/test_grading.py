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


def test_unverified_protection_counts_as_unknown(rubric) -> None:  # type: ignore[no-untyped-def]
    unsure = grade(_client(dict.fromkeys(TOPICS, "protective"), verified=False), "all", rubric)
    unknown = grade(_client(dict.fromkeys(TOPICS, "unknown")), "all", rubric)
    assert unsure is not None and unknown is not None
    assert (
        unsure.score == unknown.score == round(100 * rubric.points["unknown"] / rubric.max_points)
    )
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
    assert all(r.verdict == "missing" and "not reviewed" in r.text for r in g.reasons)


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


# The rubric's own rules, on synthetic clients. Each of these failed under rubric 2026.11-1.


def _with(topic: str, verdict: str | None, verified: bool = True) -> Client:
    """Every topic verified protective except `topic`: `verdict`, or left out when None."""
    base = _client({t: "protective" for t in TOPICS if t != topic})
    if verdict is None:
        return base
    extra = Right(topic, verdict, "s", "q" if verified else "", DOC, "", verified)
    return replace(base, rights=(*base.rights, extra))


def _score(client: Client, rubric) -> int:  # type: ignore[no-untyped-def]
    g = grade(client, "all", rubric)
    assert g is not None
    return g.score


@pytest.mark.parametrize("topic", list(TOPICS))
def test_a_missing_topic_never_scores_better_than_unknown(rubric, topic: str) -> None:  # type: ignore[no-untyped-def]
    left_out = _score(_with(topic, None), rubric)
    assert left_out <= _score(_with(topic, "unknown", verified=True), rubric)
    assert left_out <= _score(_with(topic, "unknown", verified=False), rubric)


@pytest.mark.parametrize("topic", list(TOPICS))
def test_unverified_unknown_is_not_penalised_twice(rubric, topic: str) -> None:  # type: ignore[no-untyped-def]
    assert _score(_with(topic, "unknown", verified=False), rubric) == _score(
        _with(topic, "unknown", verified=True), rubric
    )
    assert _score(_with(topic, "broad", verified=False), rubric) == _score(
        _with(topic, "broad", verified=True), rubric
    )


@pytest.mark.parametrize("verdict", ["protective", "not_applicable", "limited", "unknown", "broad"])
@pytest.mark.parametrize("topic", list(TOPICS))
def test_an_unverified_point_never_raises_a_grade(rubric, topic: str, verdict: str) -> None:  # type: ignore[no-untyped-def]
    without = grade(_with(topic, None), "all", rubric)
    unverified = grade(_with(topic, verdict, verified=False), "all", rubric)
    assert without is not None and unverified is not None
    assert unverified.score <= without.score
    order = [g for g, _ in rubric.grades]
    if unverified.letter and without.letter:
        assert order.index(unverified.letter) >= order.index(without.letter)
    assert topic in unverified.missing


def test_not_enough_evidence_lists_the_topics_instead_of_a_letter(rubric) -> None:  # type: ignore[no-untyped-def]
    # AI training and the licence: 2.5 of 5.75 weight, over the 40% the rubric allows.
    verdicts = dict.fromkeys(TOPICS, "protective")
    verdicts["ai_training"] = "unknown"
    client = _client(verdicts)
    unverified = Right("content_licence", "protective", "s", "", DOC, "", False)
    client = replace(client, rights=(*client.rights[1:], unverified))
    weight = rubric.weights["ai_training"] + rubric.weights["content_licence"]
    assert weight > rubric.max_unknown_share * sum(rubric.weights.values())
    g = grade(client, "all", rubric)
    assert g is not None
    assert g.letter is None and g.label == "Not enough evidence"
    assert g.missing == ("content_licence", "ai_training")
    assert g.missing_text == (
        "No verified statement on: Licence over your content, AI training on your meetings"
    )
    # One verified statement less missing brings the letter back.
    just_ai = grade(_client(verdicts), "all", rubric)
    assert (
        just_ai is not None and just_ai.letter is not None and just_ai.missing == ("ai_training",)
    )


def test_no_evidence_earns_no_letter_where_a_documented_vendor_does(rubric) -> None:  # type: ignore[no-untyped-def]
    # Under 2026.11-1 a vendor documented as training AI broadly (Otter) got a letter above
    # vendors nobody could find statements for (Jitsi, RingCentral): now those get no letter.
    nothing = _client(dict.fromkeys(TOPICS, "unknown"), verified=False)
    documented = _client({**dict.fromkeys(TOPICS, "limited"), "ai_training": "broad"})
    g_nothing, g_documented = grade(nothing, "all", rubric), grade(documented, "all", rubric)
    assert g_nothing is not None and g_documented is not None
    assert g_nothing.letter is None and g_documented.letter is not None
    assert g_documented.score > g_nothing.score


def test_rubric_share_must_be_a_fraction(tmp_path: Path) -> None:
    bad = tmp_path / "rubric.toml"
    bad.write_text(rubric_path().read_text().replace("max_share = 0.4", "max_share = 40"))
    with pytest.raises(CatalogError, match=r"rubric\.toml.*max_share"):
        load_rubric(bad)
