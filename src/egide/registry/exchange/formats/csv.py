"""CSV: a zip holding one CSV file per table (``activities.csv``, ``purposes.csv``...), or one table as a
plain CSV file (``--table``).

Files are UTF-8 with a byte-order mark (spreadsheets then read the accents right), separated by ``;`` in
French (the separator French spreadsheets expect) and ``,`` in English; the reader detects the separator
and also accepts Windows-1252 files. Text starting with ``= + - @`` or ``'`` is written with a leading
``'`` so that a spreadsheet never runs it as a formula; the reader removes that one quote.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from django.utils.translation import get_language

from egide.registry.exchange.columns import LIST_SEPARATOR, TABLE_BY_ID, TABLES, Table
from egide.registry.exchange.export import RegisterTables
from egide.registry.exchange.formats import FileFormatError, RawSheet

_ESCAPED_START = ("=", "+", "-", "@", "'", "\t", "\r")
_SEPARATORS = (";", ",", "\t")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, str):
        return "'" + value if value.startswith(_ESCAPED_START) else value
    return str(value)


def _unescape(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def _csv_bytes(table: Table, data: RegisterTables) -> bytes:
    buffer = io.StringIO()
    separator = ";" if (get_language() or "").startswith("fr") else ","
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow([table.header(c) for c in table.columns])
    writer.writerows([_text(v) for v in row] for row in data.rows.get(table.id, []))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_csv_table(data: RegisterTables, table_id: str) -> bytes:
    """One table as a plain CSV file."""
    return _csv_bytes(TABLE_BY_ID[table_id], data)


class CsvFormat:
    extension = "zip"
    content_type = "application/zip"

    def write(self, data: RegisterTables, *, now: datetime) -> bytes:
        buffer = io.BytesIO()
        stamp = now.timetuple()[:6]
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for table in TABLES:
                info = zipfile.ZipInfo(f"{table.id}.csv", date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, _csv_bytes(table, data))
        return buffer.getvalue()

    def read(self, content: bytes, *, table: str = "") -> Iterator[RawSheet]:
        """A zip of CSV files (each named after its table), or one CSV file holding ``table``."""
        if not zipfile.is_zipfile(io.BytesIO(content)):
            yield _sheet(table or "activities", content)
            return
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                members = [
                    (info.filename, archive.read(info))
                    for info in archive.infolist()
                    if info.filename.lower().endswith(".csv") and not info.is_dir()
                ]
        except (zipfile.BadZipFile, OSError) as exc:
            raise FileFormatError(str(exc)) from exc
        for filename, member in members:
            yield _sheet(filename.rsplit("/", 1)[-1][: -len(".csv")], member)


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _sheet(name: str, content: bytes) -> RawSheet:
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    separator = max(_SEPARATORS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise FileFormatError(f"{name}: {exc}") from exc

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for number, row in enumerate(reader, start=2):
                yield number, [_unescape(cell) for cell in row]
        except csv.Error as exc:
            raise FileFormatError(f"{name}: {exc}") from exc

    return RawSheet(name, header, rows())


FORMAT = CsvFormat()
