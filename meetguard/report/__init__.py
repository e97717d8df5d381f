"""The personal privacy report: one ReportData, one renderer per format."""

from meetguard.report.model import ReportData, build_report

__all__ = ["ReportData", "build_report"]
