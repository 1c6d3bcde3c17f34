"""Files a new post names in `capabilities.files.items` (Files Capability Input), checked as Chatter does."""

from __future__ import annotations

from typing import Any

from .models import OrgData
from .resources import MAX_FILES_PER_POST as MAX_FILES
from .segments import InputError


def file_ids(org: OrgData, user_id: str, payload: Any) -> list[str]:
    """The 069 ids to attach (in order, once each); InputError for unknown files or too many."""
    capabilities = payload.get("capabilities") if isinstance(payload, dict) else None
    files = capabilities.get("files") if isinstance(capabilities, dict) else None
    if files is None:
        return []
    items = files.get("items") if isinstance(files, dict) else None
    if not isinstance(items, list):
        raise InputError("Missing required input: capabilities.files.items")
    out: list[str] = []
    for entry in items:
        ident = entry.get("id") if isinstance(entry, dict) else None
        operation = entry.get("operationType", "Add") if isinstance(entry, dict) else None
        if not isinstance(ident, str) or not ident:
            raise InputError("Missing required input: id")
        if not isinstance(operation, str) or operation.lower() != "add":
            raise InputError(f"Invalid operationType for a new post: {operation}")
        stored = org.files.get(ident)
        if stored is None:
            raise InputError(f"Invalid file ID: {ident}")
        if ident not in out:
            out.append(ident)
    if len(out) > MAX_FILES:
        raise InputError(f"A post can have up to {MAX_FILES} files.")
    return out
