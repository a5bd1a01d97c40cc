"""Every string of the UI has its Swedish translation."""

from pathlib import Path

from babel.messages.pofile import read_po

CATALOG = Path(__file__).resolve().parents[2] / "web/translations/sv/LC_MESSAGES/messages.po"


def test_the_swedish_catalogue_translates_every_string() -> None:
    with CATALOG.open("rb") as po:
        catalog = read_po(po, locale="sv")
    untranslated = [m.id for m in catalog if m.id and (
        "fuzzy" in m.flags or not (m.string[0] if isinstance(m.string, tuple) else m.string))]
    assert untranslated == []
