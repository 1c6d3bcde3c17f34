"""Profile photos as PNG bytes, drawn in pure Python: the user's colour with their initials."""

from __future__ import annotations

import functools
import hashlib
import struct
import unicodedata
import zlib

SIZES = {"T": 64, "M": 128, "F": 200}

FONT = {
    "A": ".###.#...##...#######...##...##...#",
    "B": "####.#...##...#####.#...##...#####.",
    "C": ".###.#...##....#....#....#...#.###.",
    "D": "####.#...##...##...##...##...#####.",
    "E": "######....#....####.#....#....#####",
    "F": "######....#....####.#....#....#....",
    "G": ".###.#...##....#.####...##...#.###.",
    "H": "#...##...##...#######...##...##...#",
    "I": ".###...#....#....#....#....#...###.",
    "J": "..###...#....#....#....#.#..#..##..",
    "K": "#...##..#.#.#..##...#.#..#..#.#...#",
    "L": "#....#....#....#....#....#....#####",
    "M": "#...###.###.#.##.#.##...##...##...#",
    "N": "#...###..##.#.##..###...##...##...#",
    "O": ".###.#...##...##...##...##...#.###.",
    "P": "####.#...##...#####.#....#....#....",
    "Q": ".###.#...##...##...##.#.##..#..##.#",
    "R": "####.#...##...#####.#.#..#..#.#...#",
    "S": ".#####....#.....###.....#....#####.",
    "T": "#####..#....#....#....#....#....#..",
    "U": "#...##...##...##...##...##...#.###.",
    "V": "#...##...##...##...##...#.#.#...#..",
    "W": "#...##...##...##.#.##.#.##.#.#.#.#.",
    "X": "#...##...#.#.#...#...#.#.#...##...#",
    "Y": "#...##...#.#.#...#....#....#....#..",
    "Z": "#####....#...#...#...#...#....#####",
}


def initials(first: str, last: str) -> str:
    """Up to two Latin capital letters for a name; empty when the name has none."""
    letters = ""
    for part in (first, last):
        if part:
            base = unicodedata.normalize("NFKD", part[0])[0].upper()
            if base in FONT:
                letters += base
    return letters


def _glyph_mask(letters: str) -> list[list[bool]]:
    rows = []
    for row in range(7):
        line: list[bool] = []
        for index, letter in enumerate(letters):
            if index:
                line.append(False)
            line += [char == "#" for char in FONT[letter][row * 5 : row * 5 + 5]]
        rows.append(line)
    return rows


def _identicon_mask(seed: str) -> list[list[bool]]:
    digest = hashlib.sha256(seed.encode()).digest()
    rows = []
    for row in range(5):
        half = [bool(digest[row * 3 + col] & 1) for col in range(3)]
        rows.append(half + half[1::-1])
    return rows


@functools.lru_cache(maxsize=64)
def render(seed: str, first: str, last: str, color: str, size: int) -> bytes:
    """A square PNG of the given size: the colour as background, initials (or a pattern) in white."""
    letters = initials(first, last)
    mask = _glyph_mask(letters) if letters else _identicon_mask(seed)
    height, width = len(mask), len(mask[0])
    scale = max(1, int(size * 0.6) // max(width, height))
    left = (size - width * scale) // 2
    top = (size - height * scale) // 2
    background = bytes.fromhex(color)
    white = b"\xff\xff\xff"
    raw = bytearray()
    for y in range(size):
        raw.append(0)
        cell_y = (y - top) // scale if y >= top else -1
        for x in range(size):
            cell_x = (x - left) // scale if x >= left else -1
            lit = 0 <= cell_y < height and 0 <= cell_x < width and mask[cell_y][cell_x]
            raw += white if lit else background
    return png(size, size, bytes(raw))


def png(width: int, height: int, raw: bytes) -> bytes:
    """A truecolour PNG from raw scanlines: each row a filter byte (0) then its RGB triples."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )
