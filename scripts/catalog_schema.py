"""Rewrite the catalog's JSON Schema and the field reference of docs/catalog.md from the spec.

Run: .venv/bin/python scripts/catalog_schema.py
Both are generated from meetguard/catalog/spec.py; tests/unit/test_catalog_spec.py fails when
either file is older than the spec.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from meetguard.catalog import spec  # noqa: E402

SCHEMA = ROOT / "resources" / "catalog-schema.json"
DOCS = ROOT / "docs" / "catalog.md"


def main() -> None:
    SCHEMA.write_text(spec.json_schema_text(), encoding="utf-8")
    DOCS.write_text(spec.with_reference(DOCS.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {SCHEMA.relative_to(ROOT)} and the field reference in {DOCS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
