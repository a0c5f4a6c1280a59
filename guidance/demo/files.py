"""The demo's attachments, made in code so the demo needs nothing downloaded: a one-page PDF of text
lines and a picture of a settings switch."""

import struct
import zlib


def one_page_pdf(lines: list[str]) -> bytes:
    """An A4 PDF showing ``lines`` (plain ASCII) in Helvetica, one under the other."""
    text = ["BT", "/F1 20 Tf", "60 770 Td", "26 TL"]
    for number, line in enumerate(lines):
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        text.append(f"({escaped}) Tj T*")
        if number == 0:
            text.append("/F1 12 Tf 18 TL")
    text.append("ET")
    stream = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(pdf)


BACKGROUND = (245, 247, 250)
CARD = (255, 255, 255)
BORDER = (200, 206, 214)
LABEL = (96, 105, 117)
SWITCHED_ON = (26, 115, 232)
SWITCHED_OFF = (154, 160, 166)
KNOB = (255, 255, 255)


def _inside_pill(x: float, y: float, left: int, top: int, right: int, bottom: int) -> bool:
    """Whether the point lies in the rectangle from (left, top) to (right, bottom) with fully rounded ends."""
    radius = (bottom - top) / 2
    middle = top + radius
    if left + radius <= x <= right - radius:
        return top <= y <= bottom
    centre = left + radius if x < left + radius else right - radius
    return (x - centre) ** 2 + (y - middle) ** 2 <= radius**2


def switch_png(*, on: bool, width: int = 320, height: int = 180) -> bytes:
    """A settings row as a PNG: grey bars for its label and, on the right, a switch, on (blue, knob
    right) or off (grey, knob left)."""
    track = SWITCHED_ON if on else SWITCHED_OFF
    knob_x = 262 if on else 206
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")  # filter type: none
        for x in range(width):
            colour = BACKGROUND
            if _inside_pill(x, y, 16, 46, 304, 134):
                colour = BORDER
            if _inside_pill(x, y, 18, 48, 302, 132):
                colour = CARD
            if 40 <= x <= 150 and 72 <= y <= 82:
                colour = LABEL
            if 40 <= x <= 120 and 96 <= y <= 104:
                colour = BORDER
            if _inside_pill(x, y, 186, 70, 282, 110):
                colour = track
            if (x - knob_x) ** 2 + (y - 90) ** 2 <= 16**2:
                colour = KNOB
            row += bytes(colour)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )
