"""The one error root: every failure the app explains to people carries its own words for them.

``auth``, ``storage`` and ``api`` raise subclasses of :class:`AppError`; anything that reached a server and
could not hear back is also a :class:`NetworkError`, whichever layer raised it. The UI turns any exception
into a sentence with :func:`describe` and nowhere else.
"""

from __future__ import annotations

GENERIC_MESSAGE = "Something went wrong. Try again in a moment."


class AppError(Exception):
    """Root of the app's own failures; ``user_message`` is a complete sentence for people.

    Each one pickles whole, whatever its constructor asks for, so a helper process can hand it back.
    """

    def __reduce__(self) -> tuple[object, ...]:
        return (_restore, (type(self), self.args, self.__dict__))

    @property
    def user_message(self) -> str:
        """Plain words about what went wrong and, where it helps, what to do."""
        return GENERIC_MESSAGE


def _restore(kind: type[AppError], args: tuple[object, ...], state: dict[str, object]) -> AppError:
    """An AppError as it was pickled (its own fields, without calling its constructor again)."""
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error


class NetworkError(AppError):
    """A server could not be reached, or its answer did not arrive in time or in one piece."""

    @property
    def unreachable(self) -> bool:
        """True when nothing at all came back, so the server counts as out of reach.

        False when the server was reached and its answer broke off: that says nothing about other calls.
        """
        return True


def describe(error: BaseException | None, fallback: str = GENERIC_MESSAGE) -> str:
    """The words people see for any failure: the error's own for ours, ``fallback`` for anything else.

    An unexpected exception is a bug; its text is for the log, not for people, and may hold server data.
    """
    if isinstance(error, AppError):
        return error.user_message
    return fallback
