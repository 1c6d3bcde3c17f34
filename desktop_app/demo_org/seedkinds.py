"""Seeds what a real org's feed holds besides text posts: record updates, polls, questions, files, links.

Elements are made oldest first, so a record's changes follow on each other (seedrecords.py) and a record
announced by a create-record event is only changed after it was created. One element of each kind lands
in the newest day and a half, so the first page of the feed shows every kind.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from . import filecontent, ids, kinds, rows
from . import seedcatalog as catalog
from .models import Comment, FeedItem, Like, OrgData, Person, Record, Segment, StoredFile
from .seedrecords import FIELDS, RecordHistory, snapshot_fields
from .seedrich import rich_post

ENHANCED = "EnhancedLink"
RICH = "RichText"
# How many of each kind every org gets: record updates are most of a real feed.
COUNTS = {
    kinds.TRACKED_CHANGE: 60,
    kinds.CREATE_RECORD: len(catalog.RECORDS),
    kinds.BUNDLE: 8,
    kinds.POLL: len(catalog.POLLS),
    kinds.QUESTION: len(catalog.QUESTIONS),
    kinds.CONTENT: len(catalog.FILE_POSTS),
    kinds.LINK: len(catalog.LINKS),
    ENHANCED: len(catalog.ENHANCED_LINKS),
    RICH: len(catalog.RICH_TITLES),
    kinds.APPROVAL: len(catalog.APPROVALS),
    kinds.CONVERSATION: len(catalog.CONVERSATIONS),
}
SHOWCASE_SECONDS = 36 * 3600
_PREFIX = {"Case": ids.CASE, "Opportunity": ids.OPPORTUNITY, "Account": ids.ACCOUNT}


def ms(moment: datetime) -> datetime:
    """A moment cut to whole milliseconds, as stored."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


class KindsSeeder:
    """Seeds one org's other kinds of element; `new_id` hands out the org's ids."""

    def __init__(
        self, org: OrgData, new_id: Callable[[str], str], rng: random.Random, now: datetime, horizon: float
    ) -> None:
        self.org = org
        self.new_id = new_id
        self.rng = rng
        self.now = now
        self.horizon = horizon
        self.people: list[Person] = list(org.people.values())
        self.items: list[FeedItem] = []
        self.history = RecordHistory(rng, [person.user.display_name for person in self.people])
        self.changeable = [r for r in org.records.values() if r.object_type in FIELDS]
        self.counters: dict[str, int] = dict.fromkeys(COUNTS, 0)

    def run(self) -> list[FeedItem]:
        """Make every element, oldest first; the records they announce and their files join the org."""
        jobs = [kind for kind, count in COUNTS.items() for _ in range(count)]
        self.rng.shuffle(jobs)
        showcase = list(dict.fromkeys(jobs))
        rest = list(jobs)
        for kind in showcase:
            rest.remove(kind)
        ages = [(self.rng.uniform(400, SHOWCASE_SECONDS), kind) for kind in showcase]
        ages += [(self.rng.uniform(600, self.horizon), kind) for kind in rest]
        for age, kind in sorted(ages, reverse=True):
            item = self._make(kind, ms(self.now - timedelta(seconds=age)), age)
            self.items.append(item)
        return self.items

    # Shared pieces.

    def _actor(self) -> Person:
        return self.people[self.rng.randrange(len(self.people))]

    def _item(self, kind: str, actor: Person, created: datetime, parent: str, **data: Any) -> FeedItem:
        return FeedItem(
            item_id=self.new_id(ids.FEED_ITEM),
            actor_id=actor.user.user_id,
            created=created,
            modified=created,
            segments=data.pop("segments", []),
            parent_id=parent,
            app_name=data.pop("app_name", None),
            kind=kind,
            element_type=data.pop("element_type", "FeedItem"),
            extra=data,
        )

    def _comment(
        self, item: FeedItem, author: Person, text: str, age: float, file_id: str | None = None
    ) -> None:
        delay = self.rng.uniform(60, max(61.0, min(age - 30, 2 * 86_400)))
        created = ms(item.created + timedelta(seconds=min(delay, age - 20)))
        comment_id = self.new_id(ids.COMMENT)
        entry = Comment(
            comment_id, item.item_id, author.user.user_id, created, [Segment("Text", text)], None, file_id
        )
        item.comments.append(entry)
        item.comments.sort(key=lambda each: (each.created, each.comment_id))
        item.modified = max(item.modified, created)

    def _likes(self, item: FeedItem, age: float) -> None:
        for liker in self.rng.sample(self.people, self.rng.choice((0, 0, 1, 1, 2))):
            created = ms(item.created + timedelta(seconds=min(age - 5, self.rng.uniform(10, 86_400))))
            item.likes.append(Like(self.new_id(ids.LIKE), liker.user.user_id, item.item_id, created))

    def file(self, recipe: str, owner: Person, created: datetime) -> StoredFile:
        """A new file of the org, its size and checksum taken from its bytes."""
        spec = filecontent.RECIPES[recipe]
        data = filecontent.content(recipe)
        stored = StoredFile(
            file_id=self.new_id(ids.CONTENT_DOCUMENT),
            version_id=self.new_id(ids.CONTENT_VERSION),
            owner_id=owner.user.user_id,
            title=spec.title,
            extension=spec.extension,
            file_type=spec.file_type,
            mime_type=spec.mime_type,
            size=len(data),
            checksum=hashlib.md5(data, usedforsecurity=False).hexdigest(),
            created=created,
            recipe=recipe,
            description=spec.description,
        )
        self.org.files[stored.file_id] = stored
        return stored

    def _where(self, actor: Person) -> str:
        """Where a post goes: mostly the author's profile, sometimes a group."""
        groups = [r.record_id for r in self.org.records.values() if r.object_type == "CollaborationGroup"]
        if groups and self.rng.random() < 0.35:
            return self.rng.choice(groups)
        return actor.user.user_id

    # Each kind.

    def _make(self, kind: str, created: datetime, age: float) -> FeedItem:
        number = self.counters[kind]
        self.counters[kind] += 1
        makers: dict[str, Callable[[int, datetime, float], FeedItem]] = {
            kinds.CREATE_RECORD: self._create_record,
            kinds.TRACKED_CHANGE: self._tracked_change,
            kinds.BUNDLE: self._bundle,
            kinds.POLL: self._poll,
            kinds.QUESTION: self._question,
            kinds.CONTENT: self._files,
            kinds.LINK: self._link,
            ENHANCED: self._enhanced_link,
            RICH: self._rich,
            kinds.APPROVAL: self._approval,
            kinds.CONVERSATION: self._conversation,
        }
        return makers[kind](number, created, age)

    def _create_record(self, number: int, created: datetime, age: float) -> FeedItem:
        object_type, name, details = catalog.RECORDS[number]
        record = Record(self.new_id(_PREFIX[object_type]), object_type, name)
        self.org.records[record.record_id] = record
        self.changeable.append(record)
        fields = snapshot_fields(record, details, created)
        self.history.created(record, fields)
        actor = self._actor()
        item = self._item(
            kinds.CREATE_RECORD,
            actor,
            created,
            record.record_id,
            record=record.record_id,
            verb=catalog.CREATE_VERBS[object_type],
            sections=[{"heading": f"{object_type} Information", "fields": fields}],
        )
        if self.rng.random() < 0.4:
            self._comment(item, self._actor(), self.rng.choice(catalog.RECORD_COMMENTS), age)
        self._likes(item, age)
        return item

    def _tracked_change(self, number: int, created: datetime, age: float) -> FeedItem:
        record = self.rng.choice(self.changeable)
        field_name, old, new = self.history.change(record)
        item = self._item(
            kinds.TRACKED_CHANGE,
            self._actor(),
            created,
            record.record_id,
            record=record.record_id,
            changes=[[field_name, old, new]],
        )
        if self.rng.random() < 0.2:
            self._comment(item, self._actor(), self.rng.choice(catalog.RECORD_COMMENTS), age)
        self._likes(item, age)
        return item

    def _bundle(self, number: int, created: datetime, age: float) -> FeedItem:
        # Every other bundle is on an opportunity, every fourth changes all its fields: more of them than a
        # bundle shows at first, so its elements page on.
        kind = "Opportunity" if number % 2 == 0 else self.rng.choice(("Case", "Account"))
        record = self.rng.choice([r for r in self.changeable if r.object_type == kind])
        fields = FIELDS[kind]
        # One change per field, as an edit that saves several fields at once makes them.
        names = self.rng.sample(fields, len(fields) if number % 4 == 0 else self.rng.randint(2, len(fields)))
        count = len(names)
        changes: list[list[Any]] = []
        for step, name in enumerate(names):
            field_name, old, new = self.history.change(record, name)
            moment = ms(created - timedelta(seconds=(count - step) * self.rng.uniform(5, 90)))
            changes.append([field_name, old, new, self.new_id(ids.FEED_ITEM), rows.to_ms(moment)])
        return self._item(
            kinds.BUNDLE,
            self._actor(),
            created,
            record.record_id,
            element_type=kinds.BUNDLE,
            record=record.record_id,
            changes=changes,
        )

    def _poll(self, number: int, created: datetime, age: float) -> FeedItem:
        question, answers = catalog.POLLS[number]
        actor = self._actor()
        choices = [[self.new_id(ids.POLL_CHOICE), answer] for answer in answers]
        item = self._item(
            kinds.POLL,
            actor,
            created,
            self._where(actor),
            segments=[Segment("Text", question)],
            choices=choices,
        )
        for voter in self.people:
            # The first poll waits for the first person's vote, so there is always one left to cast.
            if (number == 0 and voter is self.people[0]) or self.rng.random() > 0.75:
                continue
            item.votes[voter.user.user_id] = self.rng.choice(choices)[0]
        self._likes(item, age)
        return item

    def _question(self, number: int, created: datetime, age: float) -> FeedItem:
        title, details, answers = catalog.QUESTIONS[number]
        actor = self._actor()
        item = self._item(
            kinds.QUESTION,
            actor,
            created,
            self._where(actor),
            segments=[Segment("Text", details)],
            title=title,
        )
        others = [person for person in self.people if person is not actor] or self.people
        for answer in answers:
            self._comment(item, self.rng.choice(others), answer, age)
        if number % 2 == 0 and item.comments:
            first = min(item.comments, key=lambda each: (each.created, each.comment_id))
            item.extra.update(best=first.comment_id, selectedBy=actor.user.user_id)
            self._comment(item, actor, self.rng.choice(catalog.ANSWER_THANKS), age)
        return item

    def _files(self, number: int, created: datetime, age: float) -> FeedItem:
        recipes, text = catalog.FILE_POSTS[number]
        actor = self._actor()
        stored = [self.file(recipe, actor, created) for recipe in recipes]
        item = self._item(
            kinds.CONTENT,
            actor,
            created,
            self._where(actor),
            segments=[Segment("Text", text)],
            files=[entry.file_id for entry in stored],
        )
        if number < len(catalog.FILE_COMMENTS):
            words, recipe = catalog.FILE_COMMENTS[number]
            author = self._actor()
            self._comment(item, author, words, age, self.file(recipe, author, created).file_id)
        self._likes(item, age)
        return item

    def _link(self, number: int, created: datetime, age: float) -> FeedItem:
        text, url, name = catalog.LINKS[number]
        actor = self._actor()
        item = self._item(
            kinds.LINK,
            actor,
            created,
            self._where(actor),
            segments=[Segment("Text", text)],
            url=url,
            urlName=name,
        )
        self._likes(item, age)
        return item

    def _enhanced_link(self, number: int, created: datetime, age: float) -> FeedItem:
        title, description, url = catalog.ENHANCED_LINKS[number]
        actor = self._actor()
        site = url.split("/")[2]
        link = {
            "title": title,
            "description": description,
            "linkUrl": url,
            "iconUrl": f"https://{site}/favicon-32.png",
        }
        item = self._item(kinds.TEXT_POST, actor, created, self._where(actor), enhancedLink=link)
        self._likes(item, age)
        return item

    def _rich(self, number: int, created: datetime, age: float) -> FeedItem:
        actor = self._actor()
        recipe, alt = catalog.INLINE_IMAGES[number % len(catalog.INLINE_IMAGES)]
        image = self.file(recipe, actor, created)
        others = [person for person in self.people if person is not actor] or self.people
        segments = rich_post(number, self.rng, self.rng.choice(others), image.file_id, alt)
        item = self._item(kinds.TEXT_POST, actor, created, self._where(actor), segments=segments)
        if self.rng.random() < 0.5:
            self._comment(item, self._actor(), "Bookmarked, thanks!", age)
        self._likes(item, age)
        return item

    def _approval(self, number: int, created: datetime, age: float) -> FeedItem:
        object_type, _, label, value = catalog.APPROVALS[number]
        record = self.rng.choice([r for r in self.changeable if r.object_type == object_type])
        return self._item(
            kinds.APPROVAL,
            self._actor(),
            created,
            record.record_id,
            record=record.record_id,
            status="Pending",
            fields=[[label, value]],
            process=self.new_id(ids.PROCESS_DEFINITION),
            step=self.new_id(ids.PROCESS_STEP),
            workItem=self.new_id(ids.PROCESS_WORK_ITEM),
        )

    def _conversation(self, number: int, created: datetime, age: float) -> FeedItem:
        record = self.rng.choice([r for r in self.changeable if r.object_type == "Account"])
        return self._item(
            kinds.CONVERSATION,
            self._actor(),
            created,
            record.record_id,
            element_type=kinds.CONVERSATION,
            record=record.record_id,
            recording=[self.new_id(ids.CALL_RECORDING), catalog.CONVERSATIONS[number]],
        )
