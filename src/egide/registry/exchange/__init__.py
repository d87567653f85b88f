"""Export and import of the register (GDPR Art. 30): XLSX, ODS, CSV, JSON and a printable PDF.

:func:`register_export` and :func:`register_import` are the two entry points (CLI, download and upload
pages); the tables and columns every format shares are in :mod:`egide.registry.exchange.columns`.
"""

from egide.registry.exchange.export import (
    ExportFile,
    RegisterTables,
    register_export,
    register_tables,
)
from egide.registry.exchange.importer import ActivityChange, ImportReport, register_import
from egide.registry.exchange.reading import ImportProblem

__all__ = [
    "ActivityChange",
    "ExportFile",
    "ImportProblem",
    "ImportReport",
    "RegisterTables",
    "register_export",
    "register_import",
    "register_tables",
]
