"""Draw the program's icon: resources/icons/so-chi-bo.svg, PNGs at 16…256 px and a Windows .ico.

Run after changing the drawing (the outputs are committed, so building needs nothing of this):
    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py

The drawing is a red square with a gold star over an open white book (the party's record book). The SVG is
written here and every PNG is rendered from it with Qt, so all sizes are the same picture; the .ico holds the
PNGs as they are (PNG inside ICO, read by Windows since Vista), with no image library beyond Qt.
"""

from __future__ import annotations

import math
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
NAME = "so-chi-bo"
SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def star_points(cx: float, cy: float, outer: float, inner: float) -> str:
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.radians(-90 + 36 * i)
        points.append(f"{cx + radius * math.cos(angle):.1f},{cy + radius * math.sin(angle):.1f}")
    return " ".join(points)


def svg_text() -> str:
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <title>Sổ Chi Bộ</title>
  <rect x="8" y="8" width="240" height="240" rx="44" fill="#c8102e"/>
  <polygon points="{star_points(128, 92, 62, 25)}" fill="#ffd21f"/>
  <path d="M128 178 C104 164 74 160 40 164 L40 214 C74 210 104 214 128 228 Z" fill="#ffffff"/>
  <path d="M128 178 C152 164 182 160 216 164 L216 214 C182 210 152 214 128 228 Z" fill="#f3efe6"/>
</svg>
"""


def render(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file whose images are PNGs: a 6-byte header, a 16-byte entry per image, then the images."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    entries, offset = b"", 6 + 16 * len(pngs)
    for size, png in pngs.items():
        side = 0 if size >= 256 else size   # 0 means 256 in an ICO entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
    return header + entries + b"".join(pngs.values())


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    ICONS.mkdir(parents=True, exist_ok=True)
    svg = svg_text()
    (ICONS / f"{NAME}.svg").write_text(svg, encoding="utf-8")
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    pngs = {size: render(renderer, size) for size in SIZES}
    for size, png in pngs.items():
        (ICONS / f"{NAME}-{size}.png").write_bytes(png)
    (ICONS / f"{NAME}.ico").write_bytes(ico_bytes({size: pngs[size] for size in ICO_SIZES}))
    print(f"Đã vẽ biểu tượng vào {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
