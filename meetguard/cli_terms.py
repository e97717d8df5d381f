"""`meetguard terms check`: the one command that connects, and only after the user agrees."""

from __future__ import annotations

import argparse
import json
import sys
import threading
from typing import TYPE_CHECKING, Any

from meetguard.catalog.model import TOPICS
from meetguard.display_text import inert, inert_values
from meetguard.terms.model import REASONS, REQUEST_SECONDS, SOURCES

if TYPE_CHECKING:
    from meetguard.services import Services
    from meetguard.terms.check import CheckPlan, CheckReport


class NotConfirmed(Exception):
    """The check was not confirmed and cannot be asked for; the message says how."""


def add_parser(sub: Any) -> None:
    p = sub.add_parser("terms", help="re-read the cited documents: do the quotes still stand?")
    tsub = p.add_subparsers(dest="terms_command", metavar="ACTION", required=True)
    c = tsub.add_parser(
        "check",
        help="read every document the rights quote (connects only after you agree)",
    )
    c.add_argument("client", nargs="?", help="a client id, e.g. zoom (default: all)")
    c.add_argument("--json", action="store_true", help="print the results as JSON")
    c.add_argument("--yes", action="store_true", help="agree without asking (needed in scripts)")
    c.add_argument(
        "--timeout",
        type=float,
        default=REQUEST_SECONDS,
        metavar="SECONDS",
        help=f"how long to wait for each document (default {REQUEST_SECONDS:g})",
    )


def describe_plan(plan: CheckPlan) -> str:
    hosts = "\n".join(f"  {h}" for h in plan.hosts)
    return (
        f"To check the quotes, MeetGuard will read {len(plan.targets)} document(s) from "
        f"these hosts:\n{hosts}\n"
        "Each gets one plain request (no cookies, no account, no JavaScript); nothing about "
        "you or this computer is sent."
    )


def confirmed(plan: CheckPlan, yes: bool) -> bool:
    print(describe_plan(plan), file=sys.stderr)
    if yes:
        return True
    if not sys.stdin.isatty():
        raise NotConfirmed(
            "the terms check connects to the hosts listed above; standard input is not a "
            "terminal, so confirm with --yes"
        )
    print("Connect now? [y/N] ", end="", file=sys.stderr, flush=True)
    answer = input()
    return answer.strip().lower() in ("y", "yes")


def run(args: argparse.Namespace, services: Services, clients: list[Any]) -> int:
    plan = services.terms_plan(clients)
    if not plan.targets:
        print("No document of these clients is quoted; there is nothing to check.")
        return 0
    if not confirmed(plan, args.yes):
        print("Nothing was checked; no connection was made.", file=sys.stderr)
        return 1

    def progress(done: int, total: int, name: str) -> None:
        if name:
            print(inert(f"[{done + 1}/{total}] {name}"), file=sys.stderr)

    report = services.check_terms(plan, threading.Event(), progress, args.timeout)
    services.keep_terms_check(report)
    if args.json:
        print(json.dumps(inert_values(report_json(report)), indent=2, ensure_ascii=False))
    else:
        print_report(report)
    return 0


def report_json(report: CheckReport) -> dict[str, Any]:
    return {
        "started_at": report.started_at.isoformat(),
        "stopped": report.stopped or None,
        "documents_total": report.total,
        "documents": [
            {
                "documents": [
                    {"client": c, "id": d.id, "url": d.url} for c, d in o.target.documents
                ],
                "read_from": o.target.url,
                "source": o.target.source,
                "host": o.target.host,
                "status": "unchecked" if o.unchecked else "read",
                "reason": o.unchecked.reason if o.unchecked else None,
                "detail": o.unchecked.detail if o.unchecked else None,
                "quotes": [
                    {
                        "client": q.client_id,
                        "topic": q.topic,
                        "applies_to": q.applies_to,
                        "document": q.document_id,
                        "status": q.status,
                        "checked_at": q.checked_at.isoformat(),
                        "closest_passage": q.passage or None,
                    }
                    for q in o.checks
                ],
            }
            for o in report.outcomes
        ],
        "not_quoted": [{"client": c, "id": d.id, "url": d.url} for c, d in report.uncited],
    }


def print_report(report: CheckReport) -> None:
    for o in report.outcomes:
        where = f"{SOURCES[o.target.source]}, {o.target.url}"
        if o.unchecked is not None:
            why = REASONS[o.unchecked.reason]
            print(
                inert(f"{o.target.name}: could not check: {why} ({o.unchecked.detail}) [{where}]")
            )
            continue
        found = sum(1 for q in o.checks if q.status == "found")
        print(f"{o.target.name}: {found} of {len(o.checks)} quote(s) found [{where}]")
        for q in o.checks:
            if q.status == "not_found":
                print(f"  NOT FOUND, the terms may have changed: {q.client_id} {TOPICS[q.topic]}")
                if q.passage:
                    print(inert(f"    closest passage now: “{q.passage}”"))
    unread = sum(1 for o in report.outcomes if o.unchecked)
    print(
        f"{len(report.outcomes)} of {report.total} document(s) tried, {unread} could not be "
        f"checked; quotes: {report.count('found')} found, {report.count('not_found')} not "
        f"found, {report.count('unchecked')} could not be checked. "
        f"{len(report.uncited)} document(s) are quoted by no right and were not read."
    )
    if report.stopped:
        print(f"The check stopped early: {report.stopped}.")
    print(f"Results kept with the date {report.started_at.date().isoformat()}.")
