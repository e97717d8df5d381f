"""What to check when the catalog has no sourced steps: a retired app, or an app not reviewed.

These are checks for the user to make, not claims about a vendor: each says so
in its caveat, is never marked verified, and cites the vendor's own document
when the catalog has one.
"""

from __future__ import annotations

import datetime as dt
import re

from meetguard.catalog.model import ChecklistStep, Client, Document

GENERAL = (
    "General advice from MeetGuard, not from the vendor's pages: check what applies to your "
    "account."
)
# The date these texts were written; a mark goes back to re-check when a revision changes.
WRITTEN = dt.date(2026, 12, 1)
OTHER_PREFIX = "other:"


# An app MeetGuard has not reviewed has no document to cite; its steps show no source link.
_NO_SOURCE = Document(
    "", "", "", "secondary", WRITTEN, undated_reason="general advice, no document cited"
)


def _source(client: Client) -> Document:
    """The vendor's privacy document, else its terms, else any document, else its homepage."""
    by_kind = {d.kind: d for d in reversed(client.documents)}
    found = by_kind.get("privacy") or by_kind.get("terms") or next(iter(by_kind.values()), None)
    return found or Document(
        id="homepage",
        title=f"{client.name} homepage",
        url=client.homepage,
        kind="help",
        retrieved=WRITTEN,
        undated_reason="a homepage, cited only as where to look",
    )


def _step(client_id: str, source: Document, step_id: str, **text: str) -> ChecklistStep:
    return ChecklistStep(
        client_id=client_id,
        id=step_id,
        revision=1,
        feature=text["feature"],
        what=text["what"],
        surface=text["surface"],
        path=tuple(text["path"].split(" > ")),
        url="",
        recommended=text["recommended"],
        controlled_by="user",
        why=text["why"],
        document=source,
        verified=False,
        ask_admin=text.get("request", ""),
        caveat=GENERAL,
    )


def retired_steps(client: Client) -> tuple[ChecklistStep, ...]:
    """For an app whose service ended: keep what you need, remove it, ask what is kept."""
    source = _source(client)
    return (
        _step(
            client.id,
            source,
            "retired-export",
            feature="Export what you want to keep",
            what="If you can still sign in to your account, download the recordings, chat "
            "history and transcripts you want to keep. The vendor's note on this app says: "
            + client.status_note,
            surface="web",
            path="Your account on the vendor's website > Data or privacy",
            recommended="Downloaded, or nothing left you need",
            why="After a service ends, the vendor may delete what it still holds.",
        ),
        _step(
            client.id,
            source,
            "retired-uninstall",
            feature="Uninstall the app",
            what=f"Remove {client.name} from this computer the way it was installed (the "
            "overview shows how MeetGuard found it).",
            surface="desktop",
            path="Your computer's settings > Apps",
            recommended="Uninstalled",
            why="An app whose service ended gets no security updates.",
        ),
        _step(
            client.id,
            source,
            "retired-ask-vendor",
            feature="Ask what the vendor still keeps",
            what="The vendor's privacy policy names how to reach it. Ask whether it still holds "
            "recordings, transcripts or other data from your meetings, and ask it to delete them.",
            surface="email",
            path="The contact in the vendor's privacy policy",
            recommended="Asked, and deletion requested",
            why="Data can outlive the service that collected it.",
            request=f"Hello, I used {client.name}. Please tell me whether you still hold any "
            "recordings, transcripts, chat messages or other data from my meetings, and delete "
            "them. Thank you.",
        ),
    )


def other_app_key(name: str) -> str:
    """A stable key for an app the catalog does not know, from its name."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "app"
    return OTHER_PREFIX + slug


def unknown_steps(key: str, name: str) -> tuple[ChecklistStep, ...]:
    """For a calling app MeetGuard has not reviewed: where to look, and what to ask."""
    return (
        _step(
            key,
            _NO_SOURCE,
            "look-for-ai",
            feature="Look for AI and recording settings",
            what=f"Open {name}'s settings, and its account page on the web if it has one. Look "
            "for anything named AI, assistant, summary, notes, transcript, recording, or "
            "'improve the product'.",
            surface="desktop",
            path="The app's settings > Privacy, Recording or AI",
            recommended="Off, unless you asked for it",
            why="Apps add AI features to meetings often, and some start them automatically.",
        ),
        _step(
            key,
            _NO_SOURCE,
            "ask-vendor",
            feature="Ask the vendor what it does with meetings",
            what="Its privacy policy or support page names a contact. Ask the questions below.",
            surface="email",
            path="The contact in the app's privacy policy",
            recommended="Asked, and the answer kept",
            why="Without a review, only the vendor can say what happens to your meetings.",
            request=f"Hello, I use {name} for meetings. Do you use the audio, video, chat or "
            "transcripts of my meetings to train AI models, or share them with other companies? "
            "How long do you keep them, and how can I have them deleted? Thank you.",
        ),
    )


def review_request(name: str, version: str, found_as: str) -> str:
    """A request, for the user to send, that MeetGuard's catalog review this app."""
    version_text = version or "unknown"
    return (
        f"Please review {name} for MeetGuard's catalog.\n"
        f"Version: {version_text}\nFound as: {found_as}\n"
        "Please cover its terms for meeting content, AI training and retention, and its AI and "
        "recording settings."
    )


def no_steps_reason(client: Client, account_label: str, other_account_steps: int) -> str:
    """Why an app has no steps for this user, and what to check instead."""
    if other_account_steps:
        return (
            f"No settings steps apply to a {account_label.lower()}. {other_account_steps} "
            "step(s) apply to other account types: choose your account type on the Data "
            "rights tab."
        )
    if client.rights and all(r.verdict == "not_applicable" for r in client.rights):
        return (
            "No vendor service holds your meetings with this app (it is peer-to-peer or "
            "self-hosted), so there is no vendor account setting to change. What to check "
            "instead: who runs the server you connect to, and whether meetings are recorded there."
        )
    return (
        "MeetGuard found no AI, recording or data-sharing setting for this app that it could "
        "confirm from the vendor's own pages, so it lists none rather than guess. What to check "
        "instead: open the app's settings and look for recording, transcription, AI or "
        "'improve the product' options; the Data rights tab links the vendor's documents."
    )
