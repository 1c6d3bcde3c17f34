"""Every kind of feed element as natural plain text, for screen readers and copying; never empty.

One line per part: the message (or the header a system event is told by), then what its capabilities hold:
"Stage: Prospecting → Closed Won", "Poll: Lunch? Pizza (3 votes, your vote), Sushi (1 vote)",
"File: Q3.pdf (PDF, 1.2 MB)", "Example — https://example.com", "2 answers".
"""

from __future__ import annotations

from desktop_app.api.capabilities import Bundle, FileAttachment, LinkCard, Poll, PollChoice, TrackedChange
from desktop_app.api.models import Comment, FeedItem
from desktop_app.feed.richdoc import rich_text

MAX_BUNDLED_LINES = 10
MAX_RECORD_LINES = 4
_UNITS = ("KB", "MB", "GB", "TB")
MORE_IN_SALESFORCE = "(More of this post is in Salesforce)"


def plural(count: int, word: str) -> str:
    """A count with its word: "1 vote", "3 votes"."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def human_size(size: int) -> str:
    """A byte count for people: "512 bytes", "1.2 MB" (binary multiples, as Salesforce shows sizes)."""
    if size < 1024:
        return plural(size, "byte")
    value = size / 1024
    index = 0
    while round(value, 1) >= 1024 and index < len(_UNITS) - 1:
        value /= 1024
        index += 1
    return f"{value:.1f}".removesuffix(".0") + f" {_UNITS[index]}"


def file_text(attachment: FileAttachment) -> str:
    """A file as "Q3.pdf (PDF, 1.2 MB)"."""
    title = attachment.title.strip() or (
        "Untitled file" if attachment.available else "A file that is no longer available"
    )
    size = human_size(attachment.size_bytes) if attachment.size_bytes is not None else None
    details = [part for part in (attachment.type_label, size) if part]
    return f"{title} ({', '.join(details)})" if details else title


def change_value(change: TrackedChange) -> str:
    """What a field change did: "Prospecting → Closed Won" ("(blank)" for an empty value), or "changed"."""
    if change.old_value is None and change.new_value is None:
        return "changed"
    return f"{change.old_value or '(blank)'} → {change.new_value or '(blank)'}"


def change_text(change: TrackedChange) -> str:
    """A field change as "Stage: Prospecting → Closed Won" ("(blank)" for an empty value)."""
    if change.old_value is None and change.new_value is None:
        return f"{change.field_name} changed"
    return f"{change.field_name}: {change_value(change)}"


def _choice_text(choice: PollChoice, mine: bool) -> str:
    label = choice.text.strip() or f"Choice {choice.position}"
    votes = plural(choice.vote_count, "vote")
    return f"{label} ({votes}, your vote)" if mine else f"{label} ({votes})"


def poll_text(poll: Poll, question: str) -> str:
    """A poll as "Poll: Lunch? Pizza (3 votes, your vote), Sushi (1 vote)"."""
    choices = ", ".join(_choice_text(choice, choice.id == poll.my_choice_id) for choice in poll.choices)
    return " ".join(part for part in ("Poll:", question.strip(), choices or "(no choices)") if part)


def link_text(card: LinkCard) -> str:
    """A link card as "Title — https://…", with its description on the next line."""
    url = (card.url or "").strip()
    title = (card.title or "").strip()
    line = f"{title} — {url}" if title and url and title != url else (title or url or "Link")
    return f"{line}\n{card.description.strip()}" if card.description and card.description.strip() else line


def comment_text(comment: Comment) -> str:
    """A comment's text, with its files."""
    lines = [rich_text(comment.body_segments, comment.body_text).plain()]
    lines += [f"File: {file_text(attachment)}" for attachment in comment.files]
    return "\n".join(line for line in lines if line.strip())


def _message_lines(item: FeedItem) -> list[str]:
    message = rich_text(item.message_segments, item.message_text).plain().strip()
    capabilities = item.capabilities
    lines: list[str] = []
    if capabilities.question is not None:
        title = capabilities.question.title.strip()
        lines.append(f"Question: {title}" if title else "Question")
        if message and message != title:
            lines.append(message)
        message = ""
    if capabilities.poll is not None:
        lines.append(poll_text(capabilities.poll, message))
    elif message:
        lines.append(message)
    record = capabilities.record
    if record is not None and record.name and record.name not in "\n".join(lines):
        lines.append(f"{record.type or 'Record'}: {record.name}")
    if record is not None:
        told = "\n".join(lines)
        fresh = [field for field in record.fields if field.text not in told]
        lines += [f"{field.label}: {field.text}" for field in fresh[:MAX_RECORD_LINES]]
    return lines


def bundled_lines(bundle: Bundle) -> list[str]:
    """A line per bundled change (at most MAX_BUNDLED_LINES, then "and N more"); empty when none came."""
    # A tracked-changes bundle lists its changes itself; the elements repeat them, one element per change.
    lines = [change_text(change) for change in bundle.changes]
    if not lines:
        for element in bundle.elements:
            changes = element.capabilities.tracked_changes
            lines.append("; ".join(map(change_text, changes)) if changes else element_text(element))
    shown = lines[:MAX_BUNDLED_LINES]
    hidden = bundle_size(bundle) - len(shown)
    if lines and hidden > 0:
        shown.append(f"and {hidden} more")
    return shown


def bundle_size(bundle: Bundle) -> int:
    """How many elements or changes the bundle holds, whichever Salesforce counted highest."""
    return max(bundle.total, len(bundle.elements), len(bundle.changes))


def _bundle_lines(item: FeedItem) -> list[str]:
    bundle = item.capabilities.bundle
    if bundle is None:
        return []
    shown = bundled_lines(bundle)
    if shown or not bundle.total:
        return shown
    return [plural(bundle.total, "update")]


def _answer_lines(item: FeedItem) -> list[str]:
    question = item.capabilities.question
    if question is None:
        return []
    count = item.comments_total
    lines = [plural(count, "answer") if count else "No answers yet"]
    if question.best_answer is not None:
        best = comment_text(question.best_answer)
        name = question.best_answer.user.display_name.strip() or "someone"
        lines.append(f"Best answer from {name}: {best}" if best else f"Best answer from {name}")
    return lines


def element_text(item: FeedItem) -> str:
    """The element as natural text: message or header, then changes, bundle, poll, files, links, answers."""
    capabilities = item.capabilities
    lines = _message_lines(item)
    lines += [change_text(change) for change in capabilities.tracked_changes]
    lines += _bundle_lines(item)
    lines += [f"File: {file_text(attachment)}" for attachment in capabilities.files]
    lines += [link_text(card) for card in (capabilities.link, capabilities.enhanced_link) if card is not None]
    lines += _answer_lines(item)
    if item.unsupported:
        lines.append(MORE_IN_SALESFORCE)
    text = "\n".join(line for line in lines if line.strip())
    if text.strip() and text.strip() != MORE_IN_SALESFORCE:
        return text
    name = item.actor.display_name.strip() or "someone"
    return f"Post by {name}\n{text}" if text else f"Post by {name}"
