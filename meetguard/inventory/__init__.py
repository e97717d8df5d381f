"""What is installed on a Host."""

from meetguard.inventory.model import Installation, ScanResult
from meetguard.inventory.scanner import scan

__all__ = ["Installation", "ScanResult", "scan"]
