"""The bytes of the demo org's files and their thumbnails, made again on demand from a named recipe.

Every recipe is deterministic, so a file's size and MD5 checksum, taken once when the org is seeded, stay
true across restarts without storing the bytes. Results are cached for the process: the first request for
a big picture costs tens of milliseconds, later ones nothing.
"""

from __future__ import annotations

import functools
import io
import random
import zipfile
from collections.abc import Callable

import msgspec

from .raster import Canvas, rgb

# Rendition types of the File Rendition resource and the box each one fills.
RENDITIONS = {"THUMB120BY90": (120, 90), "THUMB240BY180": (240, 180), "THUMB720BY480": (720, 480)}
DEFAULT_RENDITION = "THUMB120BY90"

Painter = Callable[[int, int], Canvas]


class Recipe(msgspec.Struct, frozen=True):
    """How to make one file: its name and type, its bytes, and (when it has one) its picture at any size."""

    title: str
    extension: str
    file_type: str
    mime_type: str
    make: Callable[[], bytes]
    picture: Painter | None
    description: str | None = None


def _floor_plan(width: int, height: int) -> Canvas:
    canvas = Canvas(width, height, rgb("F4F1EA"))
    unit = max(1, width // 60)
    wall = rgb("3B3B3B")
    rooms = (
        (0.05, 0.08, 0.38, 0.55, "CFE3F7"),
        (0.38, 0.08, 0.70, 0.55, "FCE2C4"),
        (0.70, 0.08, 0.95, 0.55, "D8EFD3"),
        (0.05, 0.55, 0.55, 0.92, "E9DDF5"),
        (0.55, 0.55, 0.95, 0.92, "FFF1B8"),
    )
    for left, top, right, bottom, color in rooms:
        box = (int(left * width), int(top * height), int(right * width), int(bottom * height))
        canvas.rect(*box, rgb(color))
        canvas.frame(box, wall, max(1, unit // 2))
    # Doors: gaps in the walls.
    for x in (0.20, 0.52, 0.80):
        canvas.rect(
            int(x * width),
            int(0.55 * height) - unit,
            int(x * width) + 3 * unit,
            int(0.55 * height) + unit,
            rgb("F4F1EA"),
        )
    if width >= 240:
        canvas.text(int(0.08 * width), int(0.12 * height), "KITCHEN", max(1, unit // 3), wall)
        canvas.text(int(0.41 * width), int(0.12 * height), "DESKS", max(1, unit // 3), wall)
    return canvas


def _offsite_photo(width: int, height: int) -> Canvas:
    canvas = Canvas(width, height, rgb("000000"))
    horizon = int(height * 0.62)
    band = max(1, height // 33)
    for y in range(height):
        # Sky and sea in bands of one colour: grain then repeats within a band, and the picture stays a
        # few hundred kilobytes rather than a megabyte and a half of incompressible noise.
        level = y // band * band
        if level < horizon:
            share = level / horizon
            color = bytes((int(40 + 200 * share), int(80 + 90 * share), int(160 - 60 * share)))
        else:
            share = (level - horizon) / max(1, height - horizon)
            color = bytes((int(30 + 20 * share), int(70 + 30 * share), int(110 + 40 * share)))
        canvas.rect(0, y, width, y + 1, color)
    canvas.grain("offsite", 6, patterns=4)
    sun = max(2, width // 14)
    for step in range(sun):
        half = int((sun * sun - step * step) ** 0.5)
        canvas.rect(width // 2 - half, horizon - step - 1, width // 2 + half, horizon - step, rgb("FFD27A"))
    for left, right, rise in ((0.02, 0.30, 0.10), (0.68, 0.99, 0.07)):
        for step in range(int(rise * height)):
            inset = int(step * (right - left) * width / max(1, rise * height) / 2)
            canvas.rect(
                int(left * width) + inset,
                horizon - step,
                int(right * width) - inset,
                horizon - step + 1,
                rgb("1E2A22"),
            )
    return canvas


def _diagram(width: int, height: int) -> Canvas:
    canvas = Canvas(width, height, rgb("FFFFFF"))
    boxes = (("BUILD", "1B96FF"), ("TEST", "3BA755"), ("STAGE", "DD7A01"), ("DEPLOY", "9050E9"))
    gap = width // (len(boxes) * 4 + 1)
    box_width = 3 * gap
    top, bottom = int(height * 0.35), int(height * 0.65)
    for index, (label, color) in enumerate(boxes):
        left = gap + index * (box_width + gap)
        canvas.rect(left, top, left + box_width, bottom, rgb(color))
        if index:
            canvas.rect(left - gap, (top + bottom) // 2 - 2, left, (top + bottom) // 2 + 2, rgb("5C5C5C"))
        if width >= 240:
            canvas.text(
                left + box_width // 10, top + (bottom - top) // 3, label, max(1, width // 320), rgb("FFFFFF")
            )
    return canvas


def _whiteboard(width: int, height: int) -> Canvas:
    canvas = Canvas(width, height, rgb("FBFBF8"))
    rng = random.Random("whiteboard")
    colors = ("1B5FB5", "C23934", "2E844A")
    for index in range(9):
        y = int(height * (0.12 + index * 0.09))
        length = int(width * rng.uniform(0.35, 0.85))
        canvas.rect(
            int(width * 0.08),
            y,
            int(width * 0.08) + length,
            y + max(1, height // 120),
            rgb(colors[index % 3]),
        )
    canvas.frame((0, 0, width, height), rgb("9A9A9A"), max(1, width // 200))
    return canvas


def _bar_chart(width: int, height: int) -> Canvas:
    canvas = Canvas(width, height, rgb("FFFFFF"))
    values = (0.45, 0.62, 0.58, 0.81)
    base = int(height * 0.9)
    slot = width // (len(values) + 1)
    for index, value in enumerate(values):
        left = slot // 2 + index * slot + slot // 4
        canvas.rect(left, base - int(value * height * 0.8), left + slot // 2, base, rgb("0176D3"))
    canvas.rect(slot // 4, base, width - slot // 4, base + max(1, height // 150), rgb("444444"))
    return canvas


def _document(label: str, band: str) -> Painter:
    def paint(width: int, height: int) -> Canvas:
        canvas = Canvas(width, height, rgb("E5E5E5"))
        page_left, page_right = width // 6, width - width // 6
        canvas.rect(page_left, height // 12, page_right, height - height // 12, rgb("FFFFFF"))
        canvas.rect(page_left, height // 12, page_right, height // 12 + height // 6, rgb(band))
        canvas.text(
            page_left + width // 30, height // 12 + height // 28, label, max(1, width // 120), rgb("FFFFFF")
        )
        line = max(1, height // 60)
        for index in range(8):
            y = height // 3 + index * 3 * line
            canvas.rect(
                page_left + width // 30,
                y,
                page_right - width // (12 + index % 3 * 4),
                y + line,
                rgb("B8B8B8"),
            )
        return canvas

    return paint


def _pdf(title: str, pages: list[list[str]]) -> bytes:
    """A small valid PDF: one Helvetica text page per entry, lines set 14 points apart."""
    bodies: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for lines in [[title, "", *page] for page in pages]:
        text = "".join(
            f"BT /F1 {16 if index == 0 else 10} Tf 56 {780 - 14 * index} Td ({_pdf_text(line)}) Tj ET\n"
            for index, line in enumerate(lines)
        ).encode("latin-1")
        bodies.append(b"<< /Length %d >>\nstream\n" % len(text) + text + b"endstream")
        content = len(bodies)
        bodies.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % content
        )
        kids.append(len(bodies))
    bodies[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids),
        len(kids),
    )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    start = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, start))
    return out.getvalue()


def _pdf_text(line: str) -> str:
    return (
        line.replace("\\", "\\\\")
        .replace("(", "\\(")
        .replace(")", "\\)")
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


def _q3_results() -> bytes:
    rng = random.Random("q3")
    regions = ("Nordics", "DACH", "Iberia", "France", "UK & Ireland", "North America", "Japan")
    pages = []
    for quarter_month in ("July", "August", "September"):
        rows = [f"{quarter_month}: bookings by region and product line", ""]
        for region in regions:
            for product in ("Sales Cloud", "Service Cloud", "Platform", "Support"):
                amount = rng.randrange(20_000, 400_000)
                rows.append(
                    f"{region:<16} {product:<14} {amount:>10,} EUR   {rng.uniform(-8, 22):+.1f}% vs Q2"
                )
        pages.append(rows)
    return _pdf("Q3 results - Acme Demo", pages)


def _onboarding() -> bytes:
    steps = (
        "Day 1: laptop, badge and a coffee with your buddy.",
        "Day 1: sign in to Salesforce and Connect Desktop; join the Release Crew and Cafe Chatter groups.",
        "Day 2: shadow a support shift with Dana.",
        "Day 3: read the runbook and deploy to the sandbox.",
        "Week 2: pick your first customer case.",
        "Week 4: present what you learned at the Friday demo.",
    )
    return _pdf(
        "Onboarding guide", [list(steps), [f"Checklist item {n}: done / not yet" for n in range(1, 40)]]
    )


def _pipeline_csv() -> bytes:
    rng = random.Random("pipeline")
    stages = (
        "Prospecting",
        "Qualification",
        "Needs Analysis",
        "Proposal",
        "Negotiation",
        "Closed Won",
        "Closed Lost",
    )
    accounts = (
        "Initech",
        "Globex Österreich GmbH",
        "Umbrella Ltd",
        "Soylent Corp",
        "Hooli Europe AB",
        "Stark Industries",
    )
    lines = ["Opportunity,Account,Stage,Amount,Close Date,Owner"]
    for number in range(1, 1601):
        month, day = rng.randrange(1, 13), rng.randrange(1, 29)
        lines.append(
            f'OPP-{number:05d},"{rng.choice(accounts)}",{rng.choice(stages)},'
            f"{rng.randrange(5, 500) * 100},2026-{month:02d}-{day:02d},"
            f"{rng.choice(('Zoë', 'José', 'Dana', 'Misaki'))}"
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _release_notes() -> bytes:
    items = [
        "New: feed filters for questions and polls.",
        "New: files show thumbnails; PDFs open in your viewer.",
        "Better: searching people now matches accents (Angstrom finds Ångström).",
        "Fixed: the composer kept a draft after posting.",
        "Fixed: times in the feed ignored the time zone of the profile.",
    ]
    body = "Spring release notes\n====================\n\n" + "\n".join(f"- {item}" for item in items * 12)
    return (body + "\n").encode("utf-8")


def _brand_assets() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in (
            ("logo-blue.png", _diagram(320, 180).png()),
            ("colours.txt", b"Primary 0176D3\nAccent DD7A01\nInk 181818\n"),
        ):
            # A fixed date keeps the archive's bytes the same on every run.
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 5, 9, 0, 0)), data)
    return out.getvalue()


def _png_of(painter: Painter, width: int, height: int) -> Callable[[], bytes]:
    return lambda: painter(width, height).png()


RECIPES: dict[str, Recipe] = {
    "q3-results": Recipe(
        "Q3 results", "pdf", "PDF", "application/pdf", _q3_results, _document("PDF", "C23934")
    ),
    "onboarding": Recipe(
        "Onboarding guide",
        "pdf",
        "PDF",
        "application/pdf",
        _onboarding,
        _document("PDF", "C23934"),
        "What your first month looks like.",
    ),
    "floor-plan": Recipe(
        "Floor plan", "png", "PNG", "image/png", _png_of(_floor_plan, 1200, 800), _floor_plan
    ),
    "offsite-photo": Recipe(
        "Offsite at sunset", "png", "PNG", "image/png", _png_of(_offsite_photo, 800, 533), _offsite_photo
    ),
    "deploy-diagram": Recipe(
        "Deploy diagram", "png", "PNG", "image/png", _png_of(_diagram, 960, 540), _diagram
    ),
    "whiteboard": Recipe(
        "Whiteboard", "png", "PNG", "image/png", _png_of(_whiteboard, 800, 600), _whiteboard
    ),
    "q3-chart": Recipe(
        "Bookings chart", "png", "PNG", "image/png", _png_of(_bar_chart, 800, 500), _bar_chart
    ),
    "pipeline": Recipe(
        "Pipeline export", "csv", "CSV", "text/csv", _pipeline_csv, _document("CSV", "2E844A")
    ),
    "release-notes": Recipe(
        "Release notes", "txt", "TEXT", "text/plain", _release_notes, _document("TXT", "5C5C5C")
    ),
    # Archives have no preview in Salesforce: their renditions are "Na".
    "brand-assets": Recipe("Brand assets", "zip", "ZIP", "application/zip", _brand_assets, None),
}


@functools.lru_cache(maxsize=len(RECIPES))
def content(recipe: str) -> bytes:
    """A file's bytes."""
    return RECIPES[recipe].make()


@functools.lru_cache(maxsize=128)
def rendition(recipe: str, kind: str) -> bytes | None:
    """A PNG thumbnail of a rendition type (RENDITIONS), or None when the file has no picture."""
    painter = RECIPES[recipe].picture
    if painter is None:
        return None
    width, height = RENDITIONS[kind]
    return painter(width, height).png()
