"""Reading CSV and XLSX exports row by row, without loading the file into memory.

CSV: the encoding is sniffed from the bytes (BOM, strict UTF-8, else cp1252 -- never
latin-1), the delimiter from the first lines, and a csv reader streams over a text
wrapper. XLSX: openpyxl in read-only mode; the sheet is chosen by its header, not its
position. Rows come out with their physical line (CSV) or row number (XLSX).
"""

from __future__ import annotations

import codecs
import csv
import io
from abc import ABC, abstractmethod
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from parcours.imports.values import EXCEL_1900, EXCEL_1904

DELIMITERS = (";", ",", "\t", "|")
PREVIEW_ROWS = 30
_CHUNK = 1 << 18


class UnreadableFile(Exception):
    pass


class Source(ABC):
    """A table of cells: one per sheet for XLSX, one for CSV and JSON rows."""

    kind = ""
    location = "line"
    spreadsheet = False
    epoch: date = EXCEL_1900

    def __init__(self) -> None:
        self.encoding: str | None = None
        self.delimiter: str | None = None
        self.bom = False
        self.notes: list[tuple[str, dict[str, Any]]] = []  # file-level findings

    def sheet_names(self) -> list[str | None]:
        return [None]

    def preview(
        self, sheet: str | None, limit: int = PREVIEW_ROWS
    ) -> list[tuple[int, int, list[Any]]]:
        rows = []
        for row in self.rows(sheet):
            rows.append(row)
            if len(rows) >= limit:
                break
        return rows

    @abstractmethod
    def rows(self, sheet: str | None) -> Iterator[tuple[int, int, list[Any]]]:
        """(physical line or row, data row index, cells) of every data row of a sheet."""

    def close(self) -> None:  # noqa: B027 - most sources hold nothing to close
        return None


def _utf8_valid(stream: IO[bytes]) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        while chunk := stream.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


class CsvSource(Source):
    kind = "csv"
    location = "line"

    def __init__(
        self, path: str | Path, *, encoding: str | None = None, delimiter: str | None = None
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self._sniff_encoding(encoding)
        self.delimiter = delimiter or self._sniff_delimiter()

    def _sniff_encoding(self, forced: str | None) -> None:
        with self.path.open("rb") as stream:
            head = stream.read(4)
            if head.startswith(codecs.BOM_UTF8):
                self.encoding, self.bom = "utf-8-sig", True
                return
            if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
                self.encoding, self.bom = "utf-16", True
                self.notes.append(("ENCODING_UTF16", {}))
                return
            if forced:
                self.encoding = forced
                return
            stream.seek(0)
            if _utf8_valid(stream):
                self.encoding = "utf-8"
            else:
                # Excel's "CSV" in Western Europe; not latin-1, whose 0x80-0x9F differ.
                self.encoding = "cp1252"
                self.notes.append(("ENCODING_CP1252", {}))

    def _text(self) -> io.TextIOWrapper:
        return io.TextIOWrapper(
            self.path.open("rb"), encoding=self.encoding, errors="replace", newline=""
        )

    def _sniff_delimiter(self) -> str:
        lines: list[str] = []
        with self._text() as text:
            for line in text:
                if line.strip():
                    lines.append(line)
                if len(lines) >= 20:
                    break
        best, best_count = ",", 0
        for candidate in DELIMITERS:
            count = max((_count_outside_quotes(line, candidate) for line in lines), default=0)
            if count > best_count:
                best, best_count = candidate, count
        return best

    def rows(self, sheet: str | None = None) -> Iterator[tuple[int, int, list[Any]]]:
        with self._text() as text:
            reader = csv.reader(text, delimiter=self.delimiter or ",", quotechar='"')
            previous = 0
            try:
                for cells in reader:
                    first, previous = previous + 1, reader.line_num
                    yield first, previous, cells
            except csv.Error as error:
                raise UnreadableFile(str(error)) from error


class XlsxSource(Source):
    kind = "xlsx"
    location = "row"
    spreadsheet = True

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        import openpyxl

        try:
            self.workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # zipfile, XML and openpyxl errors alike
            raise UnreadableFile(str(error)) from error
        epoch = self.workbook.epoch
        self.epoch = EXCEL_1904 if epoch.year == 1904 else EXCEL_1900

    def sheet_names(self) -> list[str | None]:
        return [ws.title for ws in self.workbook.worksheets]

    def rows(self, sheet: str | None) -> Iterator[tuple[int, int, list[Any]]]:
        worksheet = self.workbook[sheet] if sheet else self.workbook.worksheets[0]
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            yield number, number, list(values)

    def close(self) -> None:
        self.workbook.close()


class RowsSource(Source):
    """JSON rows from the API: objects keyed by column or field names."""

    kind = "json"
    location = "row"

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        super().__init__()
        header: list[str] = []
        seen: set[str] = set()
        for row in rows:
            for key in row:
                if key not in seen:
                    seen.add(key)
                    header.append(key)
        self.header = header
        self.data = rows

    def rows(self, sheet: str | None = None) -> Iterator[tuple[int, int, list[Any]]]:
        yield 0, 0, list(self.header)
        for number, row in enumerate(self.data, start=1):
            yield number, number, [row.get(key) for key in self.header]


def open_source(path: str | Path, file_name: str = "") -> Source:
    path = Path(path)
    with path.open("rb") as stream:
        magic = stream.read(8)
    name = (file_name or path.name).lower()
    if magic.startswith(b"PK\x03\x04") or name.endswith((".xlsx", ".xlsm")):
        return XlsxSource(path)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile("old Excel .xls files are not supported: save the file as .xlsx")
    return CsvSource(path)
