"""The command line: the same core calls as the GUI, for terminals, scripts and tests."""

from __future__ import annotations

import argparse
import difflib
import io
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from meetguard import VERSION_TEXT, cli_terms, desktop_entry, resources
from meetguard.catalog.grading import grade
from meetguard.catalog.loader import load_catalog, validate_catalog
from meetguard.catalog.model import ACCOUNT_TYPES, CONTROLLERS, SURFACES, Client, Document
from meetguard.cli_text import right_lines
from meetguard.display_text import decoded, inert, inert_values, one_line
from meetguard.files import WriteError, check_target, shown, write_atomic
from meetguard.host import PLATFORMS, Host, HostReadError, running_platform
from meetguard.inventory import scan
from meetguard.inventory.model import ScanResult
from meetguard.inventory.registry import open_registry
from meetguard.report.render import (
    FORMATS,
    PAPERS,
    RenderError,
    UnknownFormatError,
    format_for,
    render,
)
from meetguard.services import Inspection, Services, inspect
from meetguard.store.marks import STATE_LABELS, STATES, StoreError
from meetguard.terms.model import QuoteCheck
from meetguard.views import (
    event_view,
    flag_text,
    grade_view,
    right_view,
    source_view,
    step_view,
)


class UserError(Exception):
    """A mistake the user can fix; printed as one sentence, exit status 1."""


class _Parser(argparse.ArgumentParser):
    """argparse's own mistakes are the user's too: one sentence and status 1, no usage block."""

    def error(self, message: str) -> NoReturn:
        raise UserError(f"{message}; see: {self.prog} --help")


def say(text: str = "") -> None:
    """Print to standard output as display text: nothing from a computer reaches the terminal
    as an escape sequence."""
    print(inert(text))


def say_json(data: Any) -> None:
    print(json.dumps(inert_values(data), indent=2, ensure_ascii=False))


def warn(text: str) -> None:
    print(f"warning: {one_line(text)}", file=sys.stderr)


def _host_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("computer to inspect (default: this one)")
    group.add_argument("--root", type=Path, help="treat DIR as the computer's filesystem root")
    group.add_argument("--home", help="the user's home inside that root")
    group.add_argument("--platform", choices=PLATFORMS, help="default: the running OS")
    group.add_argument("--registry", type=Path, help="a Windows .reg export to read as registry")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="meetguard",
        description="See what your video-meeting apps may do with your meetings. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=VERSION_TEXT)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("scan", help="list the conferencing clients installed")
    _host_options(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("rights", help="what each vendor's terms let it do")
    p.add_argument("client", nargs="?", help="a client id, e.g. zoom")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("checklist", help="the settings to check, with your marks")
    p.add_argument("client", nargs="?")
    p.add_argument("--json", action="store_true")
    _host_options(p)

    p = sub.add_parser(
        "mark",
        help="record what you did for a checklist step (with the installed version, "
        "so MeetGuard asks again after an update)",
    )
    p.add_argument("client")
    p.add_argument("step")
    p.add_argument("state", choices=STATES)
    p.add_argument("--note", default="", help="a note kept with the mark")
    _host_options(p)

    p = sub.add_parser("account", help="show or choose your account type for a client")
    p.add_argument("client")
    p.add_argument("type", nargs="?", choices=list(ACCOUNT_TYPES), help="e.g. personal")

    p = sub.add_parser("report", help="write your personal privacy report")
    p.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="a file, or - for stdout"
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        help="default: from the file name (.pdf, .html, .md, .json)",
    )
    p.add_argument("--paper", choices=PAPERS, default="a4", help="PDF page size (default: a4)")
    p.add_argument(
        "--redact",
        action="store_true",
        help="leave out host and user names and your home folder in paths",
    )
    _host_options(p)

    p = sub.add_parser(
        "gui", help="open the window, on this computer or (with --root) on another one"
    )
    _host_options(p)

    p = sub.add_parser("catalog", help="work with the catalog")
    csub = p.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    v = csub.add_parser("validate", help="check catalog files and name every problem")
    v.add_argument("dir", nargs="?", type=Path, help="default: the shipped catalog")

    cli_terms.add_parser(sub)

    p = sub.add_parser("desktop-entry", help="add MeetGuard to your desktop's menu, or remove it")
    dsub = p.add_subparsers(dest="desktop_command", metavar="ACTION", required=True)
    dsub.add_parser("install", help="install the launcher and icon for this user")
    dsub.add_parser("uninstall", help="remove what install added")
    return parser


def host_from(args: argparse.Namespace) -> Host:
    here = running_platform()
    if args.root is None:
        if args.home or args.registry:
            raise UserError("--home and --registry need --root")
        if args.platform not in (None, here):
            raise UserError(
                f"--platform {args.platform} needs --root: this computer runs {here}, and "
                "another system is read from a copy of its files"
            )
        return Host.local()
    platform = args.platform or here
    if args.registry is not None and platform != "windows":
        raise UserError(f"--registry is read only with --platform windows, not {platform}")
    root = shown(args.root)
    try:
        if not args.root.is_dir():
            raise UserError(f"--root {root} is not a folder")
        if args.registry is not None and not args.registry.is_file():
            raise UserError(f"--registry {shown(args.registry)} is not a file")
    except OSError as exc:
        raise UserError(f"cannot use --root {root}: {exc.strerror}") from exc
    try:
        host = Host.at_root(args.root, platform, args.home, args.registry)
        if args.home is not None and not host.is_dir(host.path(args.home)):
            raise UserError(f"--home {one_line(args.home)} is not a folder under --root {root}")
        if host.registry_file is not None:
            open_registry(host)  # a file that is no registry export at all is the user's mistake
    except HostReadError as exc:
        raise UserError(str(exc)) from exc
    return host


def _clients(services: Services, client_id: str | None) -> list[Client]:
    if client_id is None:
        return list(services.catalog.clients)
    clients = services.catalog.clients
    wanted = decoded(client_id).strip().casefold()
    for field in ("id", "name"):
        found = [c for c in clients if str(getattr(c, field)).casefold() == wanted]
        if len(found) == 1:
            return found
    close = difflib.get_close_matches(wanted, [c.id for c in clients], n=3, cutoff=0.6)
    hint = (
        f"did you mean {' or '.join(repr(c) for c in close)}?"
        if close
        else "see the ids with: meetguard rights"
    )
    raise UserError(f"unknown client {one_line(client_id)!r}; {hint}")


def _print_scan(result: ScanResult) -> None:
    if not result.installations and not result.others:
        say("No conferencing clients found on this computer.")
    for i in result.installations:
        say(f"{i.name}  {i.version or '(version unknown)'}  [{i.source}]  {i.location}")
    for i in result.others:
        say(f"{i.name}  (other calling app, not reviewed)  {i.location}")
    for i in result.os_capture:
        say(f"{i.name}  (built into {i.location})")
    for w in result.warnings:
        warn(w)


def _grade_json(services: Services, client: Client) -> dict[str, Any]:
    grades: dict[str, Any] = {}
    for account in client.account_types:
        g = grade(client, account, services.rubric) if services.rubric else None
        if g is not None:
            grades[account] = {
                "letter": g.letter,
                "label": g.label,
                "missing": list(g.missing),
                "score": g.score,
                "rubric_version": g.rubric_version,
                "reasons": [r.text for r in g.reasons],
            }
    return grades


def quote_check_json(check: QuoteCheck | None) -> dict[str, Any] | None:
    if check is None:
        return None
    return {
        "status": check.status,
        "checked_at": check.checked_at.isoformat(),
        "source": check.source,
        "url": check.url,
        "reason": check.reason or None,
        "detail": check.detail or None,
        "closest_passage": check.passage or None,
        "label": check.label,
    }


def _source_json(doc: Document) -> dict[str, Any]:
    """What a right, step or history event rests on: the document's kind, own dates, read date."""
    view = source_view(doc)
    return {
        "document_kind_label": view.kind_label,
        "source_kind": view.source_kind,
        "undated": view.undated,
        "document_id": doc.id,
        "document_title": doc.title,
        "document_kind": doc.kind,
        "document_date": doc.last_updated.isoformat() if doc.last_updated else None,
        "document_effective": doc.effective.isoformat() if doc.effective else None,
        "document_undated_reason": doc.undated_reason or None,
        "document_retrieved": doc.retrieved.isoformat(),
    }


def rights_json(services: Services, clients: list[Client]) -> dict[str, Any]:
    return {
        "clients": [
            {
                "id": c.id,
                "name": c.name,
                "vendor": c.vendor,
                "status": c.status,
                "status_date": c.status_date.isoformat() if c.status_date else None,
                "replaced_by": c.replaced_by or None,
                "reviewed": c.reviewed.isoformat(),
                "account_types": list(c.account_types),
                "account_type": services.account_type(c),
                "grades": _grade_json(services, c),
                "rights": [
                    {
                        **right_view(r, services.quote_check(c, r)).to_json(),
                        "topic": r.topic,
                        "verdict": r.verdict,
                        "applies_to": r.applies_to,
                        "summary": r.summary,
                        "quote": r.quote,
                        "document": r.document.title,
                        "section": r.section,
                        "url": r.document.url,
                        **_source_json(r.document),
                        "verified": r.verified,
                        "quote_check": quote_check_json(services.quote_check(c, r)),
                    }
                    for r in c.rights
                ],
                "history": [
                    {
                        "date": h.date.isoformat(),
                        "event": h.event,
                        "url": h.url,
                        **_source_json(h.document),
                        "verified": h.verified,
                        "unverified": event_view(h).unverified,
                    }
                    for h in c.history
                ],
            }
            for c in clients
        ]
    }


def checklist_json(
    services: Services, clients: list[Client], inspection: Inspection
) -> dict[str, Any]:
    steps = []
    summaries = []
    for c in clients:
        checklist = services.checklist(c, inspection)
        summaries.append(
            {
                "id": c.id,
                "account_type": checklist.account_type,
                "version": checklist.version or None,
                "total": checklist.total,
                "handled": checklist.handled,
                "skipped": checklist.skipped,
                "open": checklist.open,
            }
        )
        for row in checklist.rows:
            s, local = row.step, row.probe
            steps.append(
                {
                    "client": c.id,
                    "id": s.id,
                    "revision": s.revision,
                    "feature": s.feature,
                    "surface": s.surface,
                    "path": list(s.path),
                    "url": s.url or None,
                    "recommended": s.recommended,
                    "controlled_by": s.controlled_by,
                    "why": s.why,
                    "source_url": s.source_url,
                    **_source_json(s.document),
                    "verified": s.verified,
                    "unverified": step_view(s, row).unverified,
                    "source_short": step_view(s, row).source.short,
                    "state": row.state,
                    "state_label": row.label,
                    "handled": row.is_handled,
                    "reason": row.reason or None,
                    "marked_at": row.mark.marked_at.isoformat() if row.mark else None,
                    "note": row.note,
                    "on_this_computer": {"state": local.state, "detail": local.detail}
                    if local is not None
                    else None,
                }
            )
    return {"clients": summaries, "steps": steps}


def run(argv: list[str]) -> int:
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        return _dispatch(build_parser().parse_args([decoded(a) for a in argv]))
    except (
        UserError,
        StoreError,
        WriteError,
        UnknownFormatError,
        RenderError,
        desktop_entry.DesktopEntryError,
    ) as exc:
        print(f"meetguard: {one_line(str(exc))}", file=sys.stderr)
        return 1


@contextmanager
def open_services(catalog_dir: Path | None = None) -> Iterator[Services]:
    """Open the core and say, on standard error, what the store must tell the user: damage
    at once, what it found about notes once the command is done (the keyring is asked only
    when the command reads or writes a note)."""
    services = Services.open(catalog_dir)
    if services.store.recovery is not None:
        print(f"meetguard: {one_line(services.store.recovery.message)}", file=sys.stderr)
    try:
        yield services
    finally:
        for notice in services.store.notices:
            print(f"meetguard: {one_line(notice)}", file=sys.stderr)


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "catalog":
        folder = args.dir or resources.catalog_dir()
        if not folder.is_dir():
            raise UserError(f"{shown(folder)} is not a folder")
        if not any(p.suffix == ".toml" and p.stem != "rubric" for p in folder.iterdir()):
            raise UserError(f"{shown(folder)} holds no catalog files (*.toml)")
        problems = validate_catalog(folder)
        for problem in problems:
            say(str(problem))
        print(f"{len(problems)} problem(s) in {shown(folder)}", file=sys.stderr)
        return 1 if problems else 0
    if args.command == "desktop-entry":
        home = desktop_entry.data_home(os.environ)
        if args.desktop_command == "install":
            for path in desktop_entry.install(home, desktop_entry.launch_command()):
                say(f"Installed {shown(path)}")
        else:
            removed = desktop_entry.uninstall(home)
            for path in removed:
                say(f"Removed {shown(path)}")
            if not removed:
                say(f"Nothing to remove under {shown(home)}")
        return 0
    if args.command == "gui":
        from meetguard.ui.application import run_gui

        return run_gui(host_from(args))
    if args.command == "scan":
        # Listing what is installed needs the catalog only, never the user's store.
        catalog = load_catalog(resources.catalog_dir()).catalog
        for warning in catalog.warnings:
            warn(warning)
        result = scan(host_from(args), catalog)
        if args.json:
            say_json(result.to_json())
        else:
            _print_scan(result)
        return 0
    if args.command == "terms":
        if args.catalog is not None and not args.catalog.is_dir():
            raise UserError(f"--catalog {args.catalog} is not a folder")
        with open_services(args.catalog) as services:
            try:
                return cli_terms.run(args, services, _clients(services, args.client))
            except cli_terms.NotConfirmed as exc:
                raise UserError(str(exc)) from exc
    with open_services() as services:
        return _store_command(args, services)


def _store_command(args: argparse.Namespace, services: Services) -> int:
    if args.command == "rights":
        clients = _clients(services, args.client)
        if args.json:
            say_json(rights_json(services, clients))
        else:
            for c in clients:
                say(f"{c.name} ({c.vendor}), reviewed {c.reviewed.isoformat()}")
                if c.status != "active":
                    say(f"  {c.status.upper()}: {c.status_note}")
                g = grade_view(services.grade(c))
                if g is not None:
                    say(f"  {g.text}")
                for r in c.rights_for(services.account_type(c)):
                    check = services.quote_check(c, r)
                    for line in right_lines(right_view(r, check), check.label if check else ""):
                        say(line)
        return 0
    if args.command == "checklist":
        clients = _clients(services, args.client)
        data = checklist_json(services, clients, inspect(host_from(args), services.catalog))
        if args.json:
            say_json(data)
        else:
            for s in data["steps"]:
                flag = f" [{flag_text(True)}]" if s["unverified"] else ""
                say(f"[{s['state_label']}] {s['client']}/{s['id']}: {s['feature']}{flag}")
                say(f"    {SURFACES[s['surface']]}: {' > '.join(s['path'])}")
                say(f"    Recommended: {s['recommended']} ({CONTROLLERS[s['controlled_by']]})")
                if s["reason"]:
                    say(f"    Re-check: {s['reason']}")
                if s["on_this_computer"]:
                    say(f"    On this computer: {s['on_this_computer']['detail']}")
                say(f"    Source: {s['source_short']}, {s['source_url']}")
            for c in data["clients"]:
                say(f"{c['id']}: {c['handled']} of {c['total']} handled")
        return 0
    if args.command == "mark":
        client = _clients(services, args.client)[0]
        checklist = services.checklist(client, inspect(host_from(args), services.catalog))
        # `checklist` prints steps as CLIENT/STEP: accept the id in that form too.
        row = checklist.row_of(args.step.removeprefix(f"{client.id}/"))
        if row is None:
            ids = ", ".join(r.step.id for r in checklist.rows)
            raise UserError(
                f"{client.id} has no step {one_line(args.step)!r} for your account type; "
                f"its steps: {ids}"
            )
        step = checklist.rows[row].step
        services.mark(checklist, step.id, args.state, args.note)
        say(f"Marked {client.name}: {step.feature} as {STATE_LABELS[args.state].lower()}.")
        return 0
    if args.command == "account":
        client = _clients(services, args.client)[0]
        if args.type is not None:
            if args.type not in client.account_types:
                choices = ", ".join(client.account_types)
                raise UserError(
                    f"{client.name}'s terms do not differ for '{args.type}'; "
                    f"choose one of: {choices}"
                )
            services.store.set_account_type(client.id, args.type)
        say(f"{client.name}: {ACCOUNT_TYPES[services.account_type(client)]}")
        return 0
    if args.command == "report":
        to_stdout = str(args.output) == "-"
        if to_stdout and args.format is None:
            raise UserError("-o - writes to standard output: say which format with --format")
        if not to_stdout:
            check_target(args.output)  # before the scan, not after it
        fmt = format_for(args.output, args.format)
        inspection = inspect(host_from(args), services.catalog)
        for warning in inspection.scan.warnings:
            warn(warning)
        body = render(services.report(inspection, redact=args.redact), fmt, args.paper)
        if to_stdout:
            sys.stdout.flush()
            sys.stdout.buffer.write(body)
            sys.stdout.flush()
            return 0
        write_atomic(args.output, body)
        say(f"Wrote {shown(args.output)}")
        return 0
    raise AssertionError(args.command)
