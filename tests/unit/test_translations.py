"""Every string of the UI, and every message the domain, service and projections write for a
person, has its Swedish translation; the libraries' English that the web translates is still
what the libraries write."""

from pathlib import Path

import marshmallow
import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from marshmallow import fields, validate
from werkzeug import exceptions

from web.library_words import LIBRARY_MESSAGES

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "web/translations/sv/LC_MESSAGES/messages.po"
INNER_LAYERS = ("domain", "service", "projections")


def catalog() -> Catalog:
    with CATALOG.open("rb") as po:
        return read_po(po, locale="sv")


def translated(message_id: str, swedish: Catalog) -> bool:
    message = swedish.get(message_id)
    if message is None or "fuzzy" in message.flags:
        return False
    return bool(message.string[0] if isinstance(message.string, tuple) else message.string)


def test_the_swedish_catalogue_translates_every_string() -> None:
    swedish = catalog()
    untranslated = [m.id for m in swedish if m.id and not translated(m.id, swedish)]
    assert untranslated == []


@pytest.mark.parametrize("layer", INNER_LAYERS)
def test_every_message_of_the_inner_layers_has_its_swedish_words(layer: str) -> None:
    """Extracted as `make translations` does (`N_` marks them), so a new message without its
    Swedish fails here, not in front of a planner."""
    extracted = {message for _, _, message, _, _ in extract_from_dir(
        ROOT / layer, [("**.py", "python")], keywords={**DEFAULT_KEYWORDS, "N_": None})}
    assert extracted, f"no messages found in {layer}/"
    swedish = catalog()
    assert sorted(m for m in extracted if not translated(m, swedish)) == []


WERKZEUG = (exceptions.BadRequest, exceptions.Unauthorized, exceptions.Forbidden,
            exceptions.NotFound, exceptions.MethodNotAllowed, exceptions.NotAcceptable,
            exceptions.Conflict, exceptions.PreconditionFailed,
            exceptions.RequestEntityTooLarge, exceptions.UnsupportedMediaType,
            exceptions.UnprocessableEntity, exceptions.TooManyRequests,
            exceptions.InternalServerError, exceptions.ServiceUnavailable)


def test_the_library_words_are_still_what_the_libraries_write() -> None:
    """A library that rewords a message would leave it in English; this says which."""
    field_messages = [fields.Field.default_error_messages[key] for key in
                      ("required", "null", "validator_failed")]
    field_messages += [cls.default_error_messages["invalid"] for cls in (
        fields.String, fields.Integer, fields.Number, fields.Boolean, fields.Date,
        fields.List, fields.Dict)]
    field_messages += [fields.Number.default_error_messages["too_large"],
                       fields.Nested.default_error_messages["type"],
                       *marshmallow.Schema._default_error_messages.values(),
                       validate.Regexp.default_message, validate.NoneOf.default_message,
                       validate.Length.message_min, validate.Length.message_max,
                       validate.Length.message_all, validate.Length.message_equal,
                       validate.OneOf.default_message]
    inclusive = {"min_op": validate.Range.message_gte, "max_op": validate.Range.message_lte}
    field_messages += [template.format(**inclusive) for template in (
        validate.Range.message_all, validate.Range.message_min, validate.Range.message_max)]
    date_time = fields.AwareDateTime()
    field_messages += [date_time.default_error_messages["invalid"].format(obj_type="datetime"),
                       date_time.default_error_messages["invalid_awareness"].format(
                           awareness="aware", obj_type="datetime")]
    descriptions = [error.description for error in WERKZEUG]
    assert [m for m in [*field_messages, *descriptions] if m not in LIBRARY_MESSAGES] == []
