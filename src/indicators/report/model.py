"""The briefing document as plain data: headings, paragraphs, tables and charts in reading order (no file format).

Content (content.py) builds a Document; writers (docx_writer.py, then pdf.py) lay it out. Tests read the structure
here as well as in the files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..charts import ChartSpec


@dataclass(frozen=True)
class Heading:
    """A numbered heading: level 1 一、… (黑体), level 2 （一）… (楷体)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """Body text; `lead` is set in bold before it (e.g. the domain name); style body | list | caption | note."""

    text: str
    style: str = "body"
    lead: str = ""
    keep_with_next: bool = False


@dataclass(frozen=True)
class Table:
    """A captioned table with one header row; `widths` are relative column widths."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """A page chart rendered as an image, with its numbered caption and the page's note under it."""

    key: str
    spec: ChartSpec
    caption: str
    note: str


Block = Heading | Paragraph | Table | Chart


@dataclass
class Document:
    """Title, unit-and-date line, language and the blocks in reading order."""

    title: str
    meta: str
    lang: str
    author: str
    blocks: list[Block] = field(default_factory=list)

    def charts(self) -> list[Chart]:
        """The charts, in order."""
        return [b for b in self.blocks if isinstance(b, Chart)]

    def tables(self) -> list[Table]:
        """The tables, in order."""
        return [b for b in self.blocks if isinstance(b, Table)]

    def headings(self) -> list[Heading]:
        """The headings, in order."""
        return [b for b in self.blocks if isinstance(b, Heading)]
