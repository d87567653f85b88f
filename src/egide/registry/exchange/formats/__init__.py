"""The file formats of the register: each writes :class:`RegisterTables` and (except PDF) reads sheets back.

A reader yields :class:`RawSheet` objects: the sheet's name as the file gives it, its header cells and its
rows with their numbers, cells as the format stores them (text, numbers, booleans, dates). The importer
recognises tables and columns and converts the cells; readers stay dumb and streaming where the format
allows it (XLSX in read-only mode, CSV).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from egide.registry.exchange.export import RegisterTables

ABSENT = object()  # a cell the file does not give (a JSON key left out): the value is kept


@dataclass
class RawSheet:
    """One sheet (or CSV file, or JSON list) as read. ``table_id`` is set when the format knows it (JSON);
    ``activities`` when the sheet gives the lists of these activities only (a JSON activity's lists)."""

    name: str
    header: Sequence[Any]
    rows: Iterable[tuple[int, Sequence[Any]]]
    table_id: str = ""
    activities: frozenset[str] | None = None


class FileFormatError(ValueError):
    """The file cannot be read as the format it claims (a corrupt zip, broken JSON...)."""


class Writer(Protocol):
    extension: str
    content_type: str

    def write(self, data: RegisterTables, *, now: datetime) -> bytes: ...


class Reader(Protocol):
    def read(self, content: bytes, *, table: str = "") -> Iterable[RawSheet]: ...


def _formats() -> tuple[dict[str, Writer], dict[str, Reader]]:
    from egide.registry.exchange.formats import csv, json, ods, pdf, xlsx

    writers: dict[str, Writer] = {
        "xlsx": xlsx.FORMAT,
        "ods": ods.FORMAT,
        "csv": csv.FORMAT,
        "json": json.FORMAT,
        "pdf": pdf.FORMAT,
    }
    readers: dict[str, Reader] = {
        "xlsx": xlsx.FORMAT,
        "ods": ods.FORMAT,
        "csv": csv.FORMAT,
        "json": json.FORMAT,
    }
    return writers, readers


FORMATS, READERS = _formats()
EXPORT_FORMATS = tuple(FORMATS)
IMPORT_FORMATS = tuple(READERS)


def format_of(filename: str) -> str:
    """The import format a file name's extension says (``.zip`` is a zip of CSV files), or ""."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return "csv" if extension == "zip" else extension if extension in READERS else ""
