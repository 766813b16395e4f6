"""What a printed page really draws, read back with pypdf: the fonts its resources name, and the box its text
and its lines and rules fill, so a test can hold every page to the layout's margins."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PageObject, PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from printing.fonts import FONT, register_fonts

MM = 72 / 25.4
# reportlab's subset names are AAAAAA+LiberationSerif-Bold; our registered names are DocSerif-Bold
_FACES = {"LiberationSerif": FONT, "LiberationSerif-Bold": FONT + "-Bold", "LiberationSerif-Italic": FONT + "-Italic",
          "LiberationSerif-BoldItalic": FONT + "-BoldItalic"}


def unembedded_fonts(pdf: bytes) -> set[str]:
    """Names of fonts that any page's resources reference without an embedded font file."""
    bad: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            inner = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = inner.get("/FontDescriptor")
            if descriptor is None or "/FontFile2" not in descriptor.get_object():
                bad.add(str(font["/BaseFont"]))
    return bad


@dataclass(frozen=True)
class Ink:
    """The box a page's marks fill, in points from the paper's bottom-left corner."""

    left: float
    bottom: float
    right: float
    top: float


def _transform(cm: list[float], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = cm
    return a * x + c * y + e, b * x + d * y + f


def _text_box(text: str, cm: list[float], tm: list[float], font: dict | None, size: float,
              word_spacing: float = 0) -> list[tuple[float, float]]:
    """Where a run of text starts and ends; justified lines stretch or shrink their spaces by ``word_spacing``."""
    register_fonts()
    base = str((font or {}).get("/BaseFont", "")).split("+")[-1].lstrip("/")
    text = text.rstrip()
    scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5
    width = stringWidth(text, _FACES.get(base, FONT), scale * size) + text.count(" ") * word_spacing * scale
    x, y = _transform(cm, tm[4], tm[5])
    return [(x, y - 0.25 * scale), (x + width, y + 0.9 * scale)]


def ink(page: PageObject, *, skip_top: float = 0) -> Ink | None:
    """The box of every glyph, line and rectangle on the page; text starting within ``skip_top`` points of the
    paper's top edge (the page number) is left out."""
    height = float(page.mediabox.height)
    points: list[tuple[float, float]] = []
    spacing = [0.0]

    def text(t: str, cm: list[float], tm: list[float], font: dict | None, size: float) -> None:
        if t.strip() and height - _transform(cm, tm[4], tm[5])[1] >= skip_top:
            points.extend(_text_box(t, cm, tm, font, size, spacing[0]))

    def operand(op: bytes, args: list[object], cm: list[float], tm: list[float]) -> None:
        if op == b"Tw":
            spacing[0] = float(args[0])  # type: ignore[arg-type]
        if op not in (b"m", b"l", b"re"):
            return
        numbers = [float(v) for v in args]  # type: ignore[arg-type]
        if op in (b"m", b"l"):
            points.append(_transform(cm, numbers[0], numbers[1]))
        elif op == b"re":
            x, y, w, h = numbers
            points.extend([_transform(cm, x, y), _transform(cm, x + w, y + h)])

    page.extract_text(visitor_text=text, visitor_operand_before=operand)
    if not points:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Ink(min(xs), min(ys), max(xs), max(ys))
