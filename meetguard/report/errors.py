"""What can go wrong while typesetting a report; apart from `render`, which loads `pdf` on
demand, so that `pdf` can raise it without importing its own caller."""


class RenderError(Exception):
    """The report could not be typeset; the message says why."""
