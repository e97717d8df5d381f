"""The core services the GUI and the CLI share, built once by the composition root."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from meetguard import paths, resources
from meetguard.catalog.loader import load_catalog
from meetguard.catalog.model import Catalog
from meetguard.inventory.model import ScanResult
from meetguard.report.model import ReportData, build_report
from meetguard.store.store import Store


@dataclass
class Services:
    catalog: Catalog
    store: Store

    @classmethod
    def open(cls, catalog_dir: Path | None = None, store_path: Path | None = None) -> Services:
        catalog = load_catalog(catalog_dir or resources.catalog_dir()).catalog
        return cls(catalog=catalog, store=Store(store_path or paths.store_path()))

    def account_types(self) -> dict[str, str]:
        return {c.id: at for c in self.catalog.clients if (at := self.store.account_type(c.id))}

    def report(
        self, scan: ScanResult, redact: bool = False, now: dt.datetime | None = None
    ) -> ReportData:
        return build_report(
            self.catalog,
            scan,
            self.store.marks(),
            self.store.ledger(),
            self.account_types(),
            now or dt.datetime.now(dt.UTC),
            redact=redact,
        )
