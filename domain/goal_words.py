"""The words and icon of every assessment and metric result: the one place they are written.

Swedish words are seed 002's ("tillfredsställande", "uppfyllda", …); the icons are the
cue besides colour, as for statuses (`domain.status_words`).
"""

from collections.abc import Mapping
from decimal import Decimal

from domain.goal_values import NOT_ASSESSED, Assessment, MetricResult
from domain.status_words import StatusWords, Words

# In the order a committee reads them: good news first, then trouble, then the rest.
ASSESSMENT_WORDS: Mapping[str, StatusWords] = {
    Assessment.SATISFACTORY.value: StatusWords(
        "✓", Words("tillfredsställande"), Words("satisfactory")),
    Assessment.PARTLY_SATISFACTORY.value: StatusWords(
        "!", Words("inte helt tillfredsställande"), Words("partly satisfactory")),
    Assessment.UNSATISFACTORY.value: StatusWords(
        "✕", Words("otillfredsställande"), Words("unsatisfactory")),
    NOT_ASSESSED: StatusWords("?", Words("ej bedömt"), Words("not assessed")),
}
RESULT_WORDS: Mapping[str, StatusWords] = {
    MetricResult.MET.value: StatusWords("●", Words("uppfyllt"), Words("met")),
    MetricResult.PARTLY_MET.value: StatusWords("◐", Words("delvis uppfyllt"),
                                               Words("partly met")),
    MetricResult.NOT_MET.value: StatusWords("○", Words("inte uppfyllt"), Words("not met")),
    MetricResult.NO_OUTCOME.value: StatusWords("–", Words("inget utfall"),
                                               Words("no outcome")),
}
# The plural, as a count reads them ("tio uppfyllda"); the names above are singular.
ASSESSMENT_PLURAL = {
    "sv": {"satisfactory": "tillfredsställande", "partly_satisfactory":
           "inte helt tillfredsställande", "unsatisfactory": "otillfredsställande",
           NOT_ASSESSED: "ej bedömda"},
    "en": {"satisfactory": "satisfactory", "partly_satisfactory": "partly satisfactory",
           "unsatisfactory": "unsatisfactory", NOT_ASSESSED: "not assessed"},
}
RESULT_PLURAL = {
    "sv": {"met": "uppfyllda", "partly_met": "delvis uppfyllda", "not_met": "inte uppfyllda",
           "no_outcome": "utan utfall"},
    "en": {"met": "met", "partly_met": "partly met", "not_met": "not met",
           "no_outcome": "without an outcome"},
}


# One of them, in Swedish: "ett otillfredsställande", "ett uppfyllt" (mål and mätetal are
# neuter nouns, as are the default goal levels'); English says "one" with the same words.
ASSESSMENT_ONE = {
    "sv": {**ASSESSMENT_PLURAL["sv"], NOT_ASSESSED: "ej bedömt"},
    "en": ASSESSMENT_PLURAL["en"],
}
RESULT_ONE = {
    "sv": {**RESULT_PLURAL["sv"], "met": "uppfyllt", "partly_met": "delvis uppfyllt",
           "not_met": "inte uppfyllt"},
    "en": RESULT_PLURAL["en"],
}


def assessment_words(assessment: str | Assessment, lang: str) -> Words:
    key = assessment.value if isinstance(assessment, Assessment) else assessment
    return ASSESSMENT_WORDS[key].in_language(lang)


def result_words(result: str | MetricResult, lang: str) -> Words:
    key = result.value if isinstance(result, MetricResult) else result
    return RESULT_WORDS[key].in_language(lang)


def number_text(value: float | None, lang: str) -> str:
    """A target or outcome as written ("92,5", "12 000"; "12,000" in English), "–" for none.

    The metric's page, its chart and the report all write numbers with this, so a chart and
    its table show the same figures."""
    if value is None:
        return "–"
    text = format(Decimal(str(value)).normalize(), "f")
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _point, fraction = digits.partition(".")
    group = "," if lang == "en" else "\u00a0"
    grouped = f"{int(whole):,}".replace(",", group) if len(whole) > 4 else whole
    return sign + grouped + (("." if lang == "en" else ",") + fraction if fraction else "")


def percent_text(value: float | None, lang: str) -> str:
    """An attainment, already rounded down to one decimal: "89,9 %"; "–" for none."""
    return "–" if value is None else f"{number_text(value, lang)}\u00a0%"
