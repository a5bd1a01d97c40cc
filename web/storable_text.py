"""Text the store cannot keep: a JSON or YAML body whose escapes make a lone UTF-16 surrogate.

`"\\ud800"` is valid JSON (and YAML) but no UTF-8 text, so the event could not be encoded and
the request would end in a 500. Such a body is refused with 422 naming the field, after the
request has been authorised as usual. Form and query data need no check: werkzeug decodes
them with replacement characters.
"""

import json
import re
from collections.abc import Iterator
from typing import Any

import yaml
from flask import current_app, request
from flask_smorest import abort

YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
# \uD800–\uDFFF (JSON, YAML) or \U0000D800–\U0000DFFF (YAML): a valid pair matches too,
# and is then found harmless by the full check.
SURROGATE_ESCAPE = re.compile(rb"\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def refuse_unstorable_text() -> None:
    """Before a write with a JSON or YAML body: 422 if it holds text that is not Unicode."""
    if request.method not in WRITE_METHODS:
        return
    is_yaml = request.mimetype in YAML_TYPES
    if not (request.is_json or is_yaml):
        return  # reading a form body here would consume it
    raw = request.get_data(cache=True)
    if not SURROGATE_ESCAPE.search(raw):
        return
    try:
        data = yaml.safe_load(raw) if is_yaml else json.loads(raw)
    except (yaml.YAMLError, ValueError):
        return  # the view's parser reports malformed bodies
    field = next(unstorable_fields(data), None)
    if field is None:
        return
    for authorise in current_app.before_request_funcs.get(request.blueprint or "", ()):
        authorise()  # 401 and 403 come first, as for any other bad body
    message = "contains a lone UTF-16 surrogate escape (such as \\ud800), which is not text"
    abort(422, message=f"invalid input: {field or 'body'}: {message}",
          errors={field or "body": [message]})


def unstorable_fields(data: Any, path: str = "") -> Iterator[str]:
    """The dotted paths (`milestones.2.title`) of strings, keys included, that UTF-8 cannot encode."""
    if isinstance(data, str):
        if not _encodable(data):
            yield path
    elif isinstance(data, dict):
        for key, value in data.items():
            shown = str(key).encode("utf-8", "backslashreplace").decode("utf-8")
            name = f"{path}.{shown}" if path else shown
            if isinstance(key, str) and not _encodable(key):
                yield name
            yield from unstorable_fields(value, name)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from unstorable_fields(value, f"{path}.{index}" if path else str(index))


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
