"""A tiny RGB canvas for the demo org's generated images: rectangles, frames, block letters, noise, PNG.

Drawing works on whole row slices (bytearray slice assignment runs in C), never pixel by pixel in Python,
so a 1,000 x 700 picture takes milliseconds rather than seconds.
"""

from __future__ import annotations

import random

from .photos import FONT, png

Color = bytes


def rgb(hex_color: str) -> Color:
    """Three bytes from "RRGGBB"."""
    return bytes.fromhex(hex_color)


class Canvas:
    """A width x height RGB image held as one bytearray per row."""

    def __init__(self, width: int, height: int, background: Color) -> None:
        self.width = width
        self.height = height
        self.rows = [bytearray(background * width) for _ in range(height)]

    def rect(self, left: int, top: int, right: int, bottom: int, color: Color) -> None:
        """Fill [left, right) x [top, bottom), clipped to the canvas."""
        left, right = max(0, left), min(self.width, right)
        top, bottom = max(0, top), min(self.height, bottom)
        if left >= right or top >= bottom:
            return
        span = color * (right - left)
        for row in self.rows[top:bottom]:
            row[left * 3 : right * 3] = span

    def frame(self, box: tuple[int, int, int, int], color: Color, thickness: int = 1) -> None:
        """The outline of a rectangle (left, top, right, bottom)."""
        left, top, right, bottom = box
        self.rect(left, top, right, top + thickness, color)
        self.rect(left, bottom - thickness, right, bottom, color)
        self.rect(left, top, left + thickness, bottom, color)
        self.rect(right - thickness, top, right, bottom, color)

    def text(self, left: int, top: int, words: str, scale: int, color: Color) -> int:
        """Block capitals (A-Z; anything else is a gap) at a scale; returns the x after the last letter."""
        x = left
        for char in words.upper():
            glyph = FONT.get(char)
            if glyph is not None:
                for row in range(7):
                    for column in range(5):
                        if glyph[row * 5 + column] == "#":
                            self.rect(
                                x + column * scale,
                                top + row * scale,
                                x + (column + 1) * scale,
                                top + (row + 1) * scale,
                                color,
                            )
            x += 6 * scale
        return x

    def grain(self, seed: str, strength: int, patterns: int = 48) -> None:
        """Deterministic film grain on a canvas whose rows are each one colour (a sky, a gradient).

        Each channel moves by up to `strength`. Rows take turns from a pool of grain patterns whose bytes
        carry their channel (R in 0-84, G in 85-169, B in 170-254), so one table per row colour and one
        translate per row tint them: no per-pixel Python.
        """
        rng = random.Random(seed)
        spread = 2 * strength + 1
        pool = [
            bytes(
                (value % spread) + 85 * (index % 3)
                for index, value in enumerate(rng.randbytes(self.width * 3))
            )
            for _ in range(patterns)
        ]
        tables: dict[bytes, bytes] = {}
        for index, row in enumerate(self.rows):
            base = bytes(row[:3])
            table = tables.get(base)
            if table is None:
                table = bytes(
                    max(0, min(255, base[min(2, value // 85)] + value % 85 - strength))
                    for value in range(256)
                )
                tables[base] = table
            self.rows[index] = bytearray(pool[rng.randrange(len(pool))].translate(table))

    def png(self) -> bytes:
        """The canvas as PNG bytes."""
        raw = bytearray()
        for row in self.rows:
            raw.append(0)
            raw += row
        return png(self.width, self.height, bytes(raw))
