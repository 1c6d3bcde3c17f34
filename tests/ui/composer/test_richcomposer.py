"""The rich composer: formatting keys and buttons, what it posts, pasted HTML, and bold shown in the feed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QFont, QTextCursor
from pytestqt.qtbot import QtBot

from desktop_app.api.models import FeedItem
from desktop_app.auth.account import Account
from desktop_app.feed.places import Group
from desktop_app.feed.richcompose import Block, BlockKind, Run
from desktop_app.ui.app.apiworker import ApiService
from desktop_app.ui.composer.composer import Composer
from desktop_app.ui.feed.editdialog import EditDialog
from desktop_app.ui.feed.feedview import FeedView
from desktop_app.ui.shared.photos import PhotoLoader

WAIT = 10_000


@pytest.fixture
def composer(qtbot: QtBot, api_service: ApiService, demo_account: Account) -> Iterator[Composer]:
    widget = Composer(api_service)
    qtbot.addWidget(widget)
    widget.resize(560, 220)
    widget.show()
    widget.set_account(demo_account.key)
    yield widget
    qtbot.wait_until(lambda: not api_service.busy, timeout=WAIT)


def select(composer: Composer, start: int, end: int) -> None:
    cursor = composer.editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    composer.editor.setTextCursor(cursor)


def test_keys_format_the_selection(qtbot: QtBot, composer: Composer) -> None:
    edit = composer.editor
    edit.setFocus()
    qtbot.keyClicks(edit, "plain bold italic under")
    for (start, end), key in (((6, 10), Qt.Key.Key_B), ((11, 17), Qt.Key.Key_I), ((18, 23), Qt.Key.Key_U)):
        select(composer, start, end)
        qtbot.keyClick(edit, key, Qt.KeyboardModifier.ControlModifier)
    runs = edit.blocks()[0].runs
    assert Run("bold", bold=True) in runs
    assert Run("italic", italic=True) in runs
    assert Run("under", underline=True) in runs
    assert composer.format_bar.underline.isChecked()
    select(composer, 6, 10)
    assert composer.format_bar.bold.isChecked()
    qtbot.keyClick(edit, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert Run("plain bold ") in edit.blocks()[0].runs


def test_list_keys_make_and_unmake_lists(qtbot: QtBot, composer: Composer) -> None:
    edit = composer.editor
    edit.setFocus()
    qtbot.keyClicks(edit, "first")
    shifted = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(edit, Qt.Key.Key_8, shifted)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClicks(edit, "second")
    assert [b.kind for b in edit.blocks()] == [BlockKind.BULLET, BlockKind.BULLET]
    qtbot.keyClick(edit, Qt.Key.Key_7, shifted)
    assert [b.kind for b in edit.blocks()] == [BlockKind.BULLET, BlockKind.NUMBER]
    qtbot.keyClick(edit, Qt.Key.Key_7, shifted)
    assert [b.kind for b in edit.blocks()] == [BlockKind.BULLET, BlockKind.PARAGRAPH]


def test_ctrl_l_asks_for_a_link_and_only_takes_web_addresses(qtbot: QtBot, composer: Composer) -> None:
    edit = composer.editor
    edit.setFocus()
    qtbot.keyClicks(edit, "read the docs")
    select(composer, 9, 13)
    qtbot.keyClick(edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = composer.format_bar.link_dialog
    assert dialog is not None
    assert dialog.words.text() == "docs"
    dialog.url.setText("javascript:alert(1)")
    assert dialog.link is None
    dialog.url.setText("https://example.com/docs")
    dialog.accept()
    assert Run("docs", link="https://example.com/docs") in edit.blocks()[0].runs


def test_pasted_html_keeps_postable_formatting_only(composer: Composer) -> None:
    source = QMimeData()
    source.setHtml(
        "<style>b{color:red}</style><script>alert(1)</script>"
        '<p style="font-size:40px">Hi <b>there</b> <img src="file:///etc/passwd"> '
        '<a href="https://example.com">site</a> <a href="javascript:x()">bad</a></p>'
        "<ul><li>one</li></ul>"
    )
    source.setText("Hi there site bad one")
    composer.editor.insertFromMimeData(source)
    blocks = composer.editor.blocks()
    text = "\n".join(b.text for b in blocks)
    assert "alert" not in text
    assert "color" not in text
    assert Run("there", bold=True) in blocks[0].runs
    assert any(run.link == "https://example.com" for run in blocks[0].runs)
    assert not any(run.link and "javascript" in run.link for b in blocks for run in b.runs)
    assert blocks[-1].kind is BlockKind.BULLET
    assert composer.editor.document().allFormats()  # still a document, now without the pasted styles
    sizes = {
        fmt.toCharFormat().fontPointSize()
        for fmt in composer.editor.document().allFormats()
        if fmt.isCharFormat()
    }
    assert 40 not in sizes


def test_rich_post_is_sent_as_markup_and_shows_bold_in_the_feed(
    qtbot: QtBot, composer: Composer, api_service: ApiService, demo_account: Account
) -> None:
    feed = FeedView(api_service, PhotoLoader(api_service))
    qtbot.addWidget(feed)
    feed.resize(560, 400)
    feed.show()
    feed.set_account(demo_account.key, demo_account.user_id)
    qtbot.wait_until(lambda: feed.model.item_count > 0 and not feed.busy, timeout=WAIT)
    composer.posted.connect(feed.prepend_post)
    edit = composer.editor
    edit.setFocus()
    qtbot.keyClicks(edit, "Ship it today")
    select(composer, 5, 7)
    composer.format_bar.bold.trigger()  # the button: the feed's window is the active one now
    with qtbot.wait_signal(composer.posted, timeout=WAIT) as posted:
        composer.submit()
    item = posted.args[0]
    assert isinstance(item, FeedItem)
    kinds = [(s.type, s.markup_type) for s in item.body_segments if s.type.startswith("Markup")]
    assert ("MarkupBegin", "Bold") in kinds
    assert item.body_text.strip() == "Ship it today"
    layout = feed.list_view.feed_delegate.layout_for(
        feed.model.index(0),
        feed.list_view.viewport().width(),
        feed.list_view.font(),
        feed.list_view.palette(),
    )
    assert layout is not None
    block = layout.doc.begin()
    bold = [
        fragment.text()
        for fragment in (it.fragment() for it in _fragments(block))
        if fragment.charFormat().fontWeight() >= QFont.Weight.Bold
    ]
    assert "it" in bold


def _fragments(block):  # type: ignore[no-untyped-def]
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            yield iterator
            iterator += 1
        block = block.next()


def test_a_group_name_in_the_post_button_tooltip_is_plain_text(composer: Composer) -> None:
    composer.set_place(Group("0F95g0000000001AAA", "<b>Evil</b> <img src=file:///etc/passwd>"))
    composer.set_text("Hello")
    tip = composer._button.toolTip()
    assert "<b>" not in tip
    assert "&lt;b&gt;Evil&lt;/b&gt;" in tip


def test_the_edit_dialog_stays_while_its_words_are_being_saved(qtbot: QtBot) -> None:
    dialog = EditDialog("Edit post", [Block((Run("Teh typo"),))])
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.wait_signal(dialog.save_requested):
        dialog.save()
    dialog.reject()
    assert dialog.isVisible()
    assert "Still saving" in dialog.message.text()
    dialog.failed("Not saved: the org can't be reached. Your words are still here.")
    assert dialog.text == "Teh typo"
    dialog.reject()
    assert not dialog.isVisible()
