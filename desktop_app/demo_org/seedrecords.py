"""Seeded record history: what a new record's snapshot shows, and field changes that follow on each other.

A case moves New, Working, Escalated, ...; an opportunity's stage moves along the sales path; every change
starts from the value the last one left, so a record's updates in the feed read as one story.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from . import seedcatalog as catalog
from .models import Record

# The fields whose changes are tracked in the feed, per object.
FIELDS = {
    "Opportunity": ("Stage", "Amount", "Close Date", "Next Step"),
    "Case": ("Status", "Priority", "Case Owner"),
    "Account": ("Type", "Industry", "Billing City"),
}


def us_date(moment: datetime) -> str:
    """A date as an en_US user sees it in Salesforce: 9/15/2026."""
    return f"{moment.month}/{moment.day}/{moment.year}"


def us_datetime(moment: datetime) -> str:
    """A date and time as an en_US user sees it: 7/14/2026 9:12 AM."""
    return f"{us_date(moment)} {moment.strftime('%I:%M %p').lstrip('0')}"


def snapshot_fields(record: Record, details: tuple[str, ...], created: datetime) -> list[list[Any]]:
    """A new record's fields as its snapshot shows them: [label, text, type, date value or None]."""
    stamp = [["Created Date", us_datetime(created), "DateTime", f"{created.isoformat()[:19]}.000Z"]]
    if record.object_type == "Case":
        subject, priority = details
        return [
            ["Case Number", record.name, "Text", None],
            ["Subject", subject, "Text", None],
            ["Status", "New", "Picklist", None],
            ["Priority", priority, "Picklist", None],
            *stamp,
        ]
    if record.object_type == "Opportunity":
        account, stage, close = details
        return [
            ["Opportunity Name", record.name, "Text", None],
            ["Account Name", account, "Text", None],
            ["Stage", stage, "Picklist", None],
            ["Close Date", us_date(datetime.fromisoformat(close)), "Date", f"{close}T00:00:00.000Z"],
            *stamp,
        ]
    industry, city = details
    return [
        ["Account Name", record.name, "Text", None],
        ["Industry", industry, "Picklist", None],
        ["Billing City", city, "Text", None],
        *stamp,
    ]


class RecordHistory:
    """Field values of the org's records while their history is seeded, oldest change first."""

    def __init__(self, rng: random.Random, owners: list[str]) -> None:
        self.rng = rng
        self.owners = owners
        self.values: dict[str, dict[str, str | None]] = {}

    def created(self, record: Record, fields: list[list[Any]]) -> None:
        """Remember what a new record's snapshot showed, for its later changes to start from."""
        self.values[record.record_id] = {label: text for label, text, _, _ in fields}

    def change(self, record: Record, field_name: str | None = None) -> tuple[str, str | None, str | None]:
        """The next change of a record's field (any, or the one named): field, old value, new value."""
        values = self.values.setdefault(record.record_id, {})
        rng = self.rng
        field_name = field_name or rng.choice(FIELDS[record.object_type])
        old = values.get(field_name)
        new: str | None
        if field_name in ("Stage", "Status"):
            steps = catalog.STAGES if field_name == "Stage" else catalog.CASE_STATUSES
            at = steps.index(old) if old in steps else 0
            old = steps[at]
            # At the end of the path a record is reopened: the one way left is back.
            new = steps[at + 1] if at + 1 < len(steps) else steps[at - 1]
        elif field_name == "Amount":
            old = old or f"${rng.randrange(20, 200) * 500:,}.00"
            new = f"${rng.randrange(20, 200) * 500:,}.00"
        elif field_name == "Close Date":
            start = datetime(2026, rng.randrange(6, 12), rng.randrange(1, 28))
            old = old or us_date(start)
            new = us_date(start + timedelta(days=rng.choice((7, 14, 30))))
        elif field_name == "Next Step":
            new = rng.choice([step for step in catalog.NEXT_STEPS if step != old])
        elif field_name == "Priority":
            new = rng.choice([level for level in catalog.PRIORITIES if level != old])
        elif field_name == "Case Owner":
            new = rng.choice([name for name in self.owners if name != old] or self.owners)
        else:
            choices = {"Type": catalog.ACCOUNT_TYPES, "Industry": catalog.INDUSTRIES}.get(
                field_name, catalog.CITIES
            )
            new = rng.choice([value for value in choices if value != old])
        values[field_name] = new
        return field_name, old, new
