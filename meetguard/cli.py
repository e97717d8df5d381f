"""The command line: the same façade as the window, for terminals, scripts and tests.

`meetguard.app` builds the core and hands it over; each command imports what it needs when
it runs, so `meetguard rights` loads neither the scanner, the report renderers nor Qt
(tests/unit/test_lean_paths.py).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from meetguard import VERSION_TEXT, cli_terms
from meetguard.catalog.model import ACCOUNT_TYPES, CONTROLLERS, SURFACES, Client, Document
from meetguard.cli_text import right_lines
from meetguard.display_text import decoded, inert, inert_values, one_line
from meetguard.files import WriteError, check_target, shown, write_atomic
from meetguard.host import PLATFORMS, Host, HostReadError, running_platform
from meetguard.store.marks import STATE_LABELS, STATES, StoreError
from meetguard.views import (
    event_view,
    flag_text,
    grade_view,
    right_view,
    source_view,
    step_view,
)

if TYPE_CHECKING:
    from meetguard.inventory.model import ScanResult
    from meetguard.services import Inspection, Services
    from meetguard.terms.model import QuoteCheck

OpenCore = Callable[[Path | None, Host], "Services"]
OpenWindow = Callable[["Services"], int]
HOST_COMMANDS = ("scan", "checklist", "mark", "report", "gui")


class UserError(Exception):
    """A mistake the user can fix; printed as one sentence, exit status 1."""


class _Parser(argparse.ArgumentParser):
    """argparse's own mistakes are the user's too: one sentence and status 1, no usage block."""

    def error(self, message: str) -> NoReturn:
        raise UserError(f"{message}; see: {self.prog} --help")


class _ReportChoices:
    """The report's formats or papers, read from the report package only when an option
    naming one is parsed or `report --help` is shown: other commands never load it (given a
    metavar, argparse does not list the choices while the parser is built)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def _values(self) -> tuple[str, ...]:
        from meetguard.report import render

        values: tuple[str, ...] = getattr(render, self.name)
        return values

    def __contains__(self, value: object) -> bool:
        return value in self._values()

    def __iter__(self) -> Any:
        return iter(self._values())


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
    parser.add_argument(
        "--catalog",
        type=Path,
        metavar="DIR",
        help="read the catalog from DIR instead of the shipped one, for every command and "
        "the window (to try a catalog file without touching the shipped folder); "
        "goes before the command: meetguard --catalog DIR rights",
    )
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
        choices=_ReportChoices("FORMATS"),
        metavar="FORMAT",
        help="%(choices)s (default: from the file name: .pdf, .html, .md, .json)",
    )
    p.add_argument(
        "--paper",
        choices=_ReportChoices("PAPERS"),
        default="a4",
        metavar="PAPER",
        help="PDF page size: %(choices)s (default: a4)",
    )
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
    v.add_argument(
        "dir", nargs="?", type=Path, help="default: --catalog DIR, else the shipped catalog"
    )

    cli_terms.add_parser(sub)

    p = sub.add_parser("desktop-entry", help="add MeetGuard to your desktop's menu, or remove it")
    dsub = p.add_subparsers(dest="desktop_command", metavar="ACTION", required=True)
    dsub.add_parser("install", help="install the launcher and icon for this user")
    dsub.add_parser("uninstall", help="remove what install added")
    return parser


def host_from(args: argparse.Namespace) -> Host:
    """The computer the command inspects: this one, or a copy of another under --root."""
    here = running_platform()
    if getattr(args, "root", None) is None:
        if getattr(args, "home", None) or getattr(args, "registry", None):
            raise UserError("--home and --registry need --root")
        if getattr(args, "platform", None) not in (None, here):
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
        host.registry()  # a file that is no registry export at all is the user's mistake
    except HostReadError as exc:
        raise UserError(str(exc)) from exc
    return host


def catalog_from(args: argparse.Namespace) -> Path | None:
    """The catalog folder --catalog names, checked; None for the shipped one."""
    folder: Path | None = args.catalog
    if folder is not None and not folder.is_dir():
        raise UserError(f"--catalog {shown(folder)} is not a folder")
    return folder


def _clients(services: Services, client_id: str | None) -> list[Client]:
    from meetguard.services import UnknownClient

    try:
        return services.clients(client_id)
    except UnknownClient as exc:
        hint = (
            f"did you mean {' or '.join(repr(c) for c in exc.close)}?"
            if exc.close
            else "see the ids with: meetguard rights"
        )
        raise UserError(f"{exc}; {hint}") from exc


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
    return {
        account: {
            "letter": g.letter,
            "label": g.label,
            "missing": list(g.missing),
            "score": g.score,
            "rubric_version": g.rubric_version,
            "reasons": [r.text for r in g.reasons],
        }
        for account, g in services.grades(client).items()
    }


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


def run(argv: list[str], open_core: OpenCore, open_window: OpenWindow) -> int:
    """Parse `argv` and run its command on the core `open_core` builds (at most once)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        args = build_parser().parse_args([decoded(a) for a in argv])
        if args.command == "catalog":
            return _validate(args.dir or catalog_from(args))
        if args.command == "desktop-entry":
            return _desktop_entry(args.desktop_command)
        services = open_core(catalog_from(args), host_from(args))
        if args.command in (None, "gui"):
            return open_window(services)
        try:
            return COMMANDS[args.command](args, services)
        finally:
            _say_notices(services)
            services.close()
    except (UserError, StoreError) as exc:
        print(f"meetguard: {one_line(str(exc))}", file=sys.stderr)
        return 1


def _say_notices(services: Services) -> None:
    """Say, on standard error, what the store had to tell the user, once the command is done:
    the keyring is asked only when the command reads or writes a note."""
    if services.store_is_open:
        for notice in services.notices():
            print(f"meetguard: {one_line(notice)}", file=sys.stderr)


def _validate(folder: Path | None) -> int:
    from meetguard import resources
    from meetguard.catalog.loader import validate_catalog

    folder = folder or resources.catalog_dir()
    if not folder.is_dir():
        raise UserError(f"{shown(folder)} is not a folder")
    if not any(p.suffix == ".toml" and p.stem != "rubric" for p in folder.iterdir()):
        raise UserError(f"{shown(folder)} holds no catalog files (*.toml)")
    problems = validate_catalog(folder)
    for problem in problems:
        say(str(problem))
    print(f"{len(problems)} problem(s) in {shown(folder)}", file=sys.stderr)
    return 1 if problems else 0


def _desktop_entry(action: str) -> int:
    from meetguard import desktop_entry

    home = desktop_entry.data_home(os.environ)
    try:
        if action == "install":
            for path in desktop_entry.install(home, desktop_entry.launch_command()):
                say(f"Installed {shown(path)}")
            return 0
        removed = desktop_entry.uninstall(home)
    except desktop_entry.DesktopEntryError as exc:
        raise UserError(str(exc)) from exc
    for path in removed:
        say(f"Removed {shown(path)}")
    if not removed:
        say(f"Nothing to remove under {shown(home)}")
    return 0


def _scan(args: argparse.Namespace, services: Services) -> int:
    # Listing what is installed needs the catalog only, never the user's store.
    for warning in services.warnings:
        warn(warning)
    result = services.scan()
    if args.json:
        say_json(result.to_json())
    else:
        _print_scan(result)
    return 0


def _terms(args: argparse.Namespace, services: Services) -> int:
    try:
        return cli_terms.run(args, services, _clients(services, args.client))
    except cli_terms.NotConfirmed as exc:
        raise UserError(str(exc)) from exc


def _rights(args: argparse.Namespace, services: Services) -> int:
    clients = _clients(services, args.client)
    if args.json:
        say_json(rights_json(services, clients))
        return 0
    for c in clients:
        say(f"{c.name} ({c.vendor}), reviewed {c.reviewed.isoformat()}")
        if c.status != "active":
            say(f"  {c.status.upper()}: {c.status_note}")
        g = grade_view(services.grade(c))
        if g is not None:
            say(f"  {g.text}")
        for r in services.rights(c):
            check = services.quote_check(c, r)
            for line in right_lines(right_view(r, check), check.label if check else ""):
                say(line)
    return 0


def _checklist(args: argparse.Namespace, services: Services) -> int:
    clients = _clients(services, args.client)
    data = checklist_json(services, clients, services.inspect())
    if args.json:
        say_json(data)
        return 0
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


def _mark(args: argparse.Namespace, services: Services) -> int:
    client = _clients(services, args.client)[0]
    checklist = services.checklist(client, services.inspect())
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


def _account(args: argparse.Namespace, services: Services) -> int:
    from meetguard.services import CoreError

    client = _clients(services, args.client)[0]
    if args.type is not None:
        try:
            services.set_account_type(client, args.type)
        except CoreError as exc:
            raise UserError(str(exc)) from exc
    say(f"{client.name}: {ACCOUNT_TYPES[services.account_type(client)]}")
    return 0


def _report(args: argparse.Namespace, services: Services) -> int:
    from meetguard.report.errors import RenderError
    from meetguard.report.render import UnknownFormatError, format_for, render

    to_stdout = str(args.output) == "-"
    if to_stdout and args.format is None:
        raise UserError("-o - writes to standard output: say which format with --format")
    try:
        if not to_stdout:
            check_target(args.output)  # before the scan, not after it
        fmt = format_for(args.output, args.format)
        inspection = services.inspect()
        for warning in inspection.scan.warnings:
            warn(warning)
        body = render(services.report(inspection, redact=args.redact), fmt, args.paper)
        if to_stdout:
            sys.stdout.flush()
            sys.stdout.buffer.write(body)
            sys.stdout.flush()
            return 0
        write_atomic(args.output, body)
    except (WriteError, UnknownFormatError, RenderError) as exc:
        raise UserError(str(exc)) from exc
    say(f"Wrote {shown(args.output)}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, Services], int]] = {
    "scan": _scan,
    "terms": _terms,
    "rights": _rights,
    "checklist": _checklist,
    "mark": _mark,
    "account": _account,
    "report": _report,
}
