"""Messages a person reads, written once in English and said in the reader's language at the
edge: the domain keeps a message's template and parameters, `web.messages.say` translates.

Templates are English with `%(name)s` placeholders, marked with `N_` so that `pybabel extract`
finds them (`make translations`); the Swedish words are in the web's catalogue.
"""

import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

PLACEHOLDER = re.compile(r"%\((\w+)\)")


def N_(template: str) -> str:  # noqa: N802  (gettext's name for a marker that translates nothing)
    """Marks an English template for extraction; the template itself, untranslated."""
    return template


class Message(str):
    """An English sentence that keeps its template and parameters, so the edge can say it in
    another language. It is the English text, so whoever only reads it (logs, the command
    line, tests) reads English as before.

    A parameter may be a `Message` itself (a problem inside a list of problems): the edge
    translates it too.
    """

    template: str
    params: Mapping[str, Any]

    def __new__(cls, template: str, **params: Any) -> "Message":
        text = super().__new__(cls, template % params if params else template)
        text.template = template
        text.params = params
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        # Copies and pickles keep the template: `str`'s own would rebuild it from the English.
        return _message, (self.template, dict(self.params))


def _message(template: str, params: dict[str, Any]) -> Message:
    return Message(template, **params)


class Joined(Message):
    """Texts one after another with `separator` between them (a list of problems), each said
    in the reader's language."""

    parts: tuple[str, ...]
    separator: str

    def __new__(cls, parts: Sequence[str], separator: str = ", ") -> "Joined":
        text = str.__new__(cls, separator.join(parts))
        text.template, text.params = "%(parts)s", {"parts": str(text)}
        text.parts, text.separator = tuple(parts), separator
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return Joined, (self.parts, self.separator)


class Count(int):
    """A count written with its digits in groups of three: 1,048,577 in English, and at the
    edge in the reader's way (1 048 577 in Swedish)."""

    def __str__(self) -> str:
        return f"{self:,}"


@cache
def placeholders(template: str) -> tuple[str, ...]:
    """The names `template` fills in, in the order it first names them: its parameters can
    then be kept as a tuple of values (the audit trail keeps one per event)."""
    return tuple(dict.fromkeys(PLACEHOLDER.findall(template)))


def message(text: str) -> Message:
    """`text` as a message: itself if it is one, else text no catalogue translates (a
    library's own words), said as it is."""
    return text if isinstance(text, Message) else Message(text)
