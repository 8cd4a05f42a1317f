"""Draw GutMind's app icons: a leaf inside a ring on the brand green (our own design).

Writes static/img/icons/icon.svg and PNGs at 192 and 512 pixels (rounded corners, for
"any") plus a 512 maskable one (full bleed, the drawing inside the central safe circle of
radius 40%), and a 96 pixel one for the shortcuts. Pure Python: no imaging library needed.

    python scripts/make_icons.py
"""

import math
import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "static" / "img" / "icons"
GREEN = (25, 135, 84)  # Bootstrap's success green, the theme colour
PALE = (209, 231, 221)
WHITE = (255, 255, 255)
CORNER = 0.2  # of the side, for the rounded "any" icons
RING_RADIUS, RING_WIDTH = 0.30, 0.05
LEAF_RADIUS, LEAF_OFFSET, LEAF_ANGLE = 0.22, 0.13, math.radians(-45)
RIB_WIDTH = 0.018
SAMPLES = 3  # per pixel and axis: anti-aliasing


def _leaf_axis() -> tuple[tuple[float, float], tuple[float, float], tuple[float, float]]:
    """The leaf's two tips and the unit normal to its axis, in the unit square."""
    along = (math.cos(LEAF_ANGLE), math.sin(LEAF_ANGLE))
    normal = (-along[1], along[0])
    half = math.sqrt(LEAF_RADIUS**2 - LEAF_OFFSET**2)
    tip1 = (0.5 - along[0] * half, 0.5 - along[1] * half)
    tip2 = (0.5 + along[0] * half, 0.5 + along[1] * half)
    return tip1, tip2, normal


def colour_at(x: float, y: float, rounded: bool) -> tuple[int, int, int, int]:
    if rounded and not _in_rounded_square(x, y):
        return (0, 0, 0, 0)
    dx, dy = x - 0.5, y - 0.5
    distance = math.hypot(dx, dy)
    if abs(distance - RING_RADIUS) <= RING_WIDTH / 2:
        return (*WHITE, 255)
    _, _, normal = _leaf_axis()
    a = (0.5 + normal[0] * LEAF_OFFSET, 0.5 + normal[1] * LEAF_OFFSET)
    b = (0.5 - normal[0] * LEAF_OFFSET, 0.5 - normal[1] * LEAF_OFFSET)
    in_leaf = (
        math.hypot(x - a[0], y - a[1]) <= LEAF_RADIUS
        and math.hypot(x - b[0], y - b[1]) <= LEAF_RADIUS
    )
    if in_leaf:
        across = abs(dx * normal[0] + dy * normal[1])
        return (*WHITE, 255) if across <= RIB_WIDTH / 2 else (*PALE, 255)
    return (*GREEN, 255)


def _in_rounded_square(x: float, y: float) -> bool:
    cx = min(max(x, CORNER), 1 - CORNER)
    cy = min(max(y, CORNER), 1 - CORNER)
    return math.hypot(x - cx, y - cy) <= CORNER


def render(size: int, rounded: bool, scale: float = 1.0) -> bytes:
    """RGBA rows, each with PNG's filter byte; scale shrinks the drawing about the centre."""
    rows = bytearray()
    for py in range(size):
        rows.append(0)
        for px in range(size):
            total = [0, 0, 0, 0]
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x = (px + (sx + 0.5) / SAMPLES) / size
                    y = (py + (sy + 0.5) / SAMPLES) / size
                    if rounded and not _in_rounded_square(x, y):
                        continue
                    r, g, b, a = colour_at(0.5 + (x - 0.5) / scale, 0.5 + (y - 0.5) / scale, False)
                    total = [total[0] + r, total[1] + g, total[2] + b, total[3] + a]
            count = SAMPLES * SAMPLES
            alpha = total[3] / count
            if alpha == 0:
                rows += bytes(4)
                continue
            covered = total[3] / 255
            rows += bytes(
                [round(total[0] / covered), round(total[1] / covered), round(total[2] / covered)]
            )
            rows.append(round(alpha))
    return bytes(rows)


def png(size: int, pixels: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels, 9))
        + chunk(b"IEND", b"")
    )


def svg() -> str:
    tip1, tip2, _ = _leaf_axis()
    s = 512

    def p(point: tuple[float, float]) -> str:
        return f"{point[0] * s:.1f} {point[1] * s:.1f}"

    r = LEAF_RADIUS * s
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {s} {s}">'
        f'<rect width="{s}" height="{s}" rx="{CORNER * s:.0f}" fill="rgb{GREEN}"/>'
        f'<circle cx="{s / 2}" cy="{s / 2}" r="{RING_RADIUS * s:.1f}" fill="none" '
        f'stroke="#fff" stroke-width="{RING_WIDTH * s:.1f}"/>'
        f'<path d="M{p(tip1)} A{r:.1f} {r:.1f} 0 0 1 {p(tip2)} A{r:.1f} {r:.1f} 0 0 1 {p(tip1)}Z" '
        f'fill="rgb{PALE}"/>'
        f'<path d="M{p(tip1)} L{p(tip2)}" stroke="#fff" stroke-width="{RIB_WIDTH * s:.1f}"/>'
        "</svg>\n"
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "icon.svg").write_text(svg())
    for size in (96, 192, 512):
        (OUT / f"icon-{size}.png").write_bytes(png(size, render(size, rounded=True)))
    # Maskable: the platform cuts its own shape, so fill the square and keep the drawing
    # (radius 0.325 of the side) inside the 0.4 safe circle.
    (OUT / "icon-maskable-512.png").write_bytes(png(512, render(512, rounded=False, scale=1.0)))
    (OUT / "apple-touch-icon.png").write_bytes(png(180, render(180, rounded=False)))
    print(f"icons written to {OUT}")


if __name__ == "__main__":
    main()
