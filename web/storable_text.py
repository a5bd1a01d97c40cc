"""What a JSON or YAML body may hold that the store or Python cannot take, refused by name.

Text that is no text: `"\\ud800"` is valid JSON (and YAML) but no UTF-8 text, so the event
could not be encoded. A number Python will not read: an integer of more than 4300 digits
(`sys.get_int_max_str_digits`) makes the parser raise ValueError. Either would end the request
in a 500; such a body is refused with 422 naming the field, after the request has been
authorised as usual. Form and query data need no check: werkzeug decodes them with
replacement characters, and their numbers are read by fields that refuse what `int` refuses.
"""

import json
import re
import sys
from collections.abc import Iterator
from typing import Any

import yaml
from flask import current_app, request
from flask_smorest import abort

from domain.messages import N_, Message

YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
# \uD800–\uDFFF (JSON, YAML) or \U0000D800–\U0000DFFF (YAML): a valid pair matches too,
# and is then found harmless by the full check.
SURROGATE_ESCAPE = re.compile(rb"\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SURROGATE = Message(N_("contains a lone UTF-16 surrogate escape (such as \\ud800), which is "
                        "not text"))


class TooLongNumber(float):
    """An integer of more digits than Python reads, as parsed here: not a number (NaN), so
    that every number field refuses it by name, and it is found by `unreadable_fields`."""

    def __new__(cls) -> "TooLongNumber":
        return super().__new__(cls, "nan")

    def __repr__(self) -> str:
        return "a number too long to read"


def too_long_number() -> Message:
    return Message(N_("is a number of more than %(most)s digits"),
                   most=sys.get_int_max_str_digits())


def _integer(text: str) -> int | TooLongNumber:
    try:
        return int(text)
    except ValueError:
        return TooLongNumber()


class _YamlLoader(yaml.SafeLoader):
    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # the resolver has made sure it is an integer
            return TooLongNumber()


_YamlLoader.add_constructor("tag:yaml.org,2002:int", _YamlLoader.construct_yaml_int)


def parse_body(raw: bytes | str, is_yaml: bool) -> Any:
    """JSON or YAML data, with each integer too long to read as a `TooLongNumber`."""
    if is_yaml:
        return yaml.load(raw, Loader=_YamlLoader)  # a SafeLoader: no tags run code
    return json.loads(raw, parse_int=_integer)


def refuse_unreadable_body() -> None:
    """Before a write with a JSON or YAML body: 422 if it holds text that is not Unicode, or
    a number too long to read."""
    if request.method not in WRITE_METHODS:
        return
    is_yaml = request.mimetype in YAML_TYPES
    if not (request.is_json or is_yaml):
        return  # reading a form body here would consume it
    raw = request.get_data(cache=True)
    if not (SURROGATE_ESCAPE.search(raw) or _has_long_digits(raw)):
        return
    try:
        data = parse_body(raw, is_yaml)
    except (yaml.YAMLError, ValueError):
        return  # the view's parser reports malformed bodies
    found = next(unreadable_fields(data), None)
    if found is None:
        return
    field, message = found
    for authorise in current_app.before_request_funcs.get(request.blueprint or "", ()):
        authorise()  # 401 and 403 come first, as for any other bad body
    abort(422, message=Message(N_("invalid input: %(problems)s"), problems=Message(
        N_("%(where)s: %(what)s"), where=field or "body", what=message)),
          errors={field or "body": [message]})


def _has_long_digits(raw: bytes) -> bool:
    limit = sys.get_int_max_str_digits()  # a body shorter than that holds no such number
    return 0 < limit < len(raw) and re.search(rb"[0-9]{%d}" % (limit + 1), raw) is not None


def unreadable_fields(data: Any, path: str = "") -> Iterator[tuple[str, Message]]:
    """The dotted paths (`milestones.2.title`) of strings, keys included, that UTF-8 cannot
    encode, and of numbers too long to read, each with what is wrong there."""
    if isinstance(data, str):
        if not _encodable(data):
            yield path, SURROGATE
    elif isinstance(data, TooLongNumber):
        yield path, too_long_number()
    elif isinstance(data, dict):
        for key, value in data.items():
            shown = str(key).encode("utf-8", "backslashreplace").decode("utf-8")
            name = f"{path}.{shown}" if path else shown
            if isinstance(key, str) and not _encodable(key):
                yield name, SURROGATE
            yield from unreadable_fields(value, name)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from unreadable_fields(value, f"{path}.{index}" if path else str(index))


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
