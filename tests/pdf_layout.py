"""Where the text of a PDF lies: each line's start and end, measured with the fonts' own glyph widths.

pypdf's layout mode (a private module; pypdf is pinned in the lock) walks the content
stream, applies the text and transformation matrices and adds up the glyph widths.
It moves every page's lines left so the left-most text starts at 0: a page's text
stands at its left margin, so positions are from the margin.
"""

import io
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf._text_extraction import _layout_mode
from pypdf.generic import ContentStream

POINTS_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Line:
    page: int
    start: float  # points from the left-most text of the page
    end: float
    text: str


def pdf_lines(content: bytes) -> list[Line]:
    lines = []
    for page_number, page in enumerate(PdfReader(io.BytesIO(content)).pages, start=1):
        operations = iter(ContentStream(page.get_contents(), page.pdf, "bytes").operations)
        for group in _layout_mode.text_show_operations(operations, page._layout_mode_fonts(), True, None):
            lines.append(Line(page_number, group["tx"], group["displaced_tx"], group["text"]))
    return lines


def page_widths(content: bytes) -> list[float]:
    return [float(page.mediabox.width) for page in PdfReader(io.BytesIO(content)).pages]
