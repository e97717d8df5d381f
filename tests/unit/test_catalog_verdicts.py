"""One sentence of one document carries one verdict, whichever client cites it."""

from collections import defaultdict

from meetguard.catalog.loader import load_catalog
from meetguard.resources import catalog_dir

SHIPPED = load_catalog(catalog_dir()).catalog


def test_a_quote_cited_by_several_clients_has_the_same_verdict_everywhere() -> None:
    verdicts: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    citers: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for client in SHIPPED.clients:
        for right in client.rights:
            if right.quote:
                key = (right.document.url, right.quote, right.topic)
                verdicts[key].add(right.verdict)
                citers[key].append(f"{client.id}/{right.applies_to}")
    shared = [key for key, who in citers.items() if len(who) > 1]
    assert shared, "no quote is shared between clients any more; this test checks nothing"
    for key in shared:
        assert len(verdicts[key]) == 1, (citers[key], key[2], sorted(verdicts[key]), key[1])
