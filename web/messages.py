"""Every message a person reads, said in the request's language: the domain's (an English
template and its parameters, `domain.messages`), and the words of the libraries at the edge
(marshmallow, webargs and werkzeug write English only; `web.library_words` has theirs).

The pages speak the language chosen in `web.pages.extensions.chosen_language`, the API that of
`Accept-Language` (English when it names neither language).
"""

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from flask import has_request_context
from flask_babel import format_decimal, get_locale, gettext

from domain.messages import Count, Joined, Message
from domain.status_words import status_words
from domain.values import Status
from web.library_words import LIBRARY_MESSAGES


def language() -> str:
    """The request's language, "sv" or "en"; outside a request (the command line) English."""
    return "sv" if has_request_context() and str(get_locale()) == "sv" else "en"


def say(text: str) -> str:
    """`text` in the request's language: a `Message` by its template, a library's English by
    the catalogue's words for it, anything else (a person's own text) as it is."""
    if isinstance(text, Joined):
        return say(text.separator).join(say(part) for part in text.parts)
    if isinstance(text, Message):
        if not text.template:
            return ""  # gettext("") is the catalogue's header
        params = {name: said(value) for name, value in text.params.items()}
        return gettext(text.template, **params) if params else gettext(text.template)
    return library_text(text) if language() != "en" and text else text


def said(value: Any) -> Any:
    """A message's parameter as the reader reads it: a status by the glossary's word (its code
    in English, as the API has always written it), a count grouped the reader's way."""
    if isinstance(value, str):
        return say(value) if isinstance(value, Message) else value
    if isinstance(value, Status):
        return value.value if language() == "en" else status_words(value, "sv").name
    if isinstance(value, Count):
        return format_decimal(int(value))
    return value


def say_all(problems: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """Problems by field (or cell), each said in the request's language."""
    return {where: [say(text) for text in texts] for where, texts in problems.items()}


def flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """`{"json": {"milestones": {3: {"target_year": [...]}}}}` → `{"milestones.3.target_year": [...]}`."""
    if isinstance(messages, list | tuple):
        if all(isinstance(m, str) for m in messages):
            return {prefix: list(messages)}
        return flatten(dict(enumerate(messages)), prefix)
    if isinstance(messages, str):
        return {prefix: [messages]}
    flat: dict[str, list[str]] = {}
    for key, value in (messages or {}).items():
        # webargs nests by location; the location is not part of the field's name
        if not prefix and key in ("json", "query", "headers", "form", "files", "view_args"):
            name = "body" if key == "json" and not isinstance(value, dict) else ""
        elif key in ("_schema", "_body"):
            name = prefix or "body"
        else:
            name = f"{prefix}.{key}" if prefix else str(key)
        for field, texts in flatten(value, name).items():
            flat.setdefault(field, []).extend(texts)
    return flat


def library_text(text: str) -> str:
    """A library's English message in the request's language; other text as it is."""
    for template, pattern in _patterns():
        found = pattern.fullmatch(text)
        if found:
            return gettext(template).format(**found.groupdict())
    return text


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Each library message as a pattern, its `{name}` placeholders as named groups."""
    def pattern(template: str) -> re.Pattern[str]:
        parts = re.split(r"\{(\w+)\}", template)
        return re.compile("".join(re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
                                  for index, part in enumerate(parts)), re.DOTALL)

    return [(template, pattern(template)) for template in LIBRARY_MESSAGES]
