"""The words and icon of every status, and of `not_reported`: the one place they are written.

The map, the trend chart, the workbooks, the pages and their forms all take theirs from here.
Swedish words are the glossary's. `not_reported` is not a status a planner can report but a
fact a follow-up must show: no report on or before the reporting date.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from domain.values import Status

LANGUAGES = ("sv", "en")
NOT_REPORTED = "not_reported"


@dataclass(frozen=True)
class Words:
    """A status in one language."""

    name: str  # pages, badges, workbooks
    long: str = ""  # a form's choice, saying what it means; default: the name, capitalised
    short: str = ""  # the map and the chart, where the name is long; default: the name

    def __post_init__(self) -> None:
        object.__setattr__(self, "long", self.long or self.name[:1].upper() + self.name[1:])
        object.__setattr__(self, "short", self.short or self.name)


@dataclass(frozen=True)
class StatusWords:
    """A status's icon (its cue besides colour, for grey print) and its words by language."""

    icon: str
    sv: Words
    en: Words

    def in_language(self, lang: str) -> Words:
        """The words in `lang`; Swedish for a language the table does not have."""
        return self.en if lang == "en" else self.sv


# In the order a committee reads them: good news first, then trouble, then the rest.
STATUS_WORDS: Mapping[str, StatusWords] = {
    Status.ACHIEVED.value: StatusWords(
        "✓", Words("uppnådd", "Uppnådd (mål uppnått)"), Words("achieved")),
    Status.ON_TRACK.value: StatusWords(
        "➜", Words("enligt plan", "Enligt plan (tillfredsställande)"),
        Words("on track", "On track (satisfactory)")),
    Status.AT_RISK.value: StatusWords(
        "!", Words("inte helt tillfredsställande",
                   "Inte helt tillfredsställande (pågående aktiviteter i rätt riktning)"),
        Words("not fully satisfactory", "Not fully satisfactory (at risk)", short="at risk")),
    Status.OFF_TRACK.value: StatusWords(
        "✕", Words("otillfredsställande", "Otillfredsställande (målet inte uppnått)"),
        Words("unsatisfactory", "Unsatisfactory (off track)", short="off track")),
    Status.PLANNED.value: StatusWords(
        "○", Words("planerad", "Planerad / ej påbörjad"),
        Words("planned", "Planned / not started")),
    Status.DROPPED.value: StatusWords("–", Words("utgår"), Words("dropped")),
    NOT_REPORTED: StatusWords("?", Words("ej rapporterad"), Words("not reported")),
}
STATUS_ICONS: Mapping[str, str] = {status: words.icon for status, words in STATUS_WORDS.items()}


def status_words(status: str | Status, lang: str) -> Words:
    """The words of a status (or `not_reported`) in `lang`."""
    return STATUS_WORDS[status.value if isinstance(status, Status) else status].in_language(lang)
