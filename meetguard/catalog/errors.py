"""A problem in a catalog file, shared by the loader and the rubric's reader (grading), which
the loader in turn calls to validate a folder: kept apart so that neither imports the other."""

MAX_FILE_BYTES = 1024 * 1024


class CatalogError(Exception):
    """One problem in a catalog file, located by file, entry and field."""

    def __init__(self, file: str, entry: str, field: str, message: str) -> None:
        self.file = file
        self.entry = entry
        self.field = field
        self.message = message
        where = ", ".join(p for p in (entry, f"field '{field}'" if field else "") if p)
        super().__init__(f"{file}: {where}: {message}" if where else f"{file}: {message}")
