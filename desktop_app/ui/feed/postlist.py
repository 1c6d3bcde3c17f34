"""What every list of posts does the same way, whoever fills it (one account's feed, or All accounts): late
answers dropped when the list goes, a picture that arrived shown, a post repainted, the comment box opened,
a key read as what it does, and a failure turned into words for the person."""

from __future__ import annotations

from desktop_app import log
from desktop_app.api.errors import ApiError
from desktop_app.api.models import FeedItem
from desktop_app.errors import describe
from desktop_app.ui.app.apiworker import ApiService
from desktop_app.ui.feed.feedactions import PostActions
from desktop_app.ui.feed.feeddelegate import FeedDelegate
from desktop_app.ui.feed.feedlist import FeedListView
from desktop_app.ui.feed.feedmodel import FeedModel
from desktop_app.ui.feed.targets import Target


def drop_answers(api: ApiService, channels: set[str], *_destroyed: object) -> None:
    """The list went: answers still on their way are dropped rather than delivered to deleted widgets."""
    for channel in channels:
        api.bump(channel)


def show_arrived_picture(delegate: FeedDelegate, model: FeedModel, view: FeedListView, url: str) -> None:
    """A row showing the picture inline grows to its size: it is laid out and measured again."""
    for item_id in delegate.image_arrived(url):
        model.touch(item_id)
    view.viewport().update()


def repaint_post(model: FeedModel, view: FeedListView, item_id: str) -> None:
    """Paint one post again (its download's progress moved)."""
    row = model.row_of(item_id)
    if row >= 0:
        view.update(model.index(row))


def key_target(item: FeedItem | None, target: Target) -> Target:
    """What a key on a post does: Enter opens a bundle of changes, which has no comments."""
    if target is Target.COMMENTS and item is not None and item.capabilities.bundle is not None:
        return Target.BUNDLE
    return target


def open_comment_entry(model: FeedModel, view: FeedListView, actions: PostActions, item: FeedItem) -> None:
    """Show the post's comments and put the cursor in its comment box."""
    if not model.state(item.id).comments_open:
        actions.show_comments(item, True)
    index = model.index(model.row_of(item.id))
    view.setCurrentIndex(index)
    view.executeDelayedItemsLayout()
    view.scrollTo(index)
    view.edit(index)


def as_api_error(error: BaseException | None, what: str) -> ApiError:
    """The error to show for a failed call; one that is not an API error is logged by its kind only."""
    if isinstance(error, ApiError):
        return error
    log.ui.error("%s call failed: %s", what, type(error).__name__)
    return ApiError(None, None, describe(None), None)
