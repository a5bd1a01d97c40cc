"""How statuses and highlights look: colour-blind-safe colours (Okabe–Ito), each with a second
cue (icon, shape or border) so the map reads in grey print too; and the map's words."""

from dataclasses import dataclass

from domain.goal_values import NOT_ASSESSED, Assessment
from domain.status_words import STATUS_ICONS as STATUS_ICONS
from domain.status_words import STATUS_WORDS
from domain.values import Status


@dataclass(frozen=True)
class StatusStyle:
    status: Status
    fill: str
    border: str
    font: str
    shape: str
    style: str
    penwidth: float
    peripheries: int = 1

    @property
    def icon(self) -> str:
        return STATUS_ICONS[self.status.value]


STATUS_STYLES = {style.status: style for style in (
    StatusStyle(Status.PLANNED, "#FFFFFF", "#555555", "#000000", "box", "rounded,dashed,filled", 1.2),
    StatusStyle(Status.ON_TRACK, "#CDEFE4", "#00735A", "#000000", "box", "rounded,filled", 1.4),
    StatusStyle(Status.ACHIEVED, "#00735A", "#003D30", "#FFFFFF", "box", "rounded,filled,bold", 2.5),
    StatusStyle(Status.AT_RISK, "#F0E442", "#7A6A00", "#000000", "box", "rounded,filled", 1.4, 2),
    StatusStyle(Status.OFF_TRACK, "#D55E00", "#6B2F00", "#FFFFFF", "octagon", "filled,bold", 2.5),
    StatusStyle(Status.DROPPED, "#E0E0E0", "#8A8A8A", "#4D4D4D", "box", "rounded,dotted,filled", 1.2),
)}

# An assessment looks like the status that means the same (the glossary's colours): satisfactory
# green, not fully satisfactory yellow, unsatisfactory red, not assessed grey; its icon is its own.
ASSESSMENT_STYLES = {
    Assessment.SATISFACTORY.value: STATUS_STYLES[Status.ON_TRACK],
    Assessment.PARTLY_SATISFACTORY.value: STATUS_STYLES[Status.AT_RISK],
    Assessment.UNSATISFACTORY.value: STATUS_STYLES[Status.OFF_TRACK],
    NOT_ASSESSED: STATUS_STYLES[Status.DROPPED],
}

HIGHLIGHT_COLOURS = {"conflicts": "#CC79A7", "blocked": "#D55E00", "blocking": "#D55E00",
                     "critical_path": "#0072B2", "moved": "#E69F00", "added": "#56B4E9",
                     "dropped": "#000000"}

# The map's own words; a status's word is its short word (domain.status_words).
MAP_WORDS: dict[str, dict[str | Status, str]] = {
    "sv": {
        "map": "Strategisk karta", "focus_area": "Insatsområde", "status_on": "status per",
        "log": "logg", "legend": "Teckenförklaring", "requires": "är beroende av",
        "affects": "påverkar", "conflicts": "schemakonflikt", "blocked": "blockerad",
        "critical_path": "kritisk linje", "target_year": "målår",
        "what_if": "Vad händer om", "moved_from": "flyttad från",
        "proposal": "Förslag", "added": "ny i förslaget", "dropped": "utgår i förslaget",
        "plain_grid": "Förenklad karta: kartan kunde inte ritas, så milstolparna visas i ett "
                      "rutnät per insatsområde och år.",
        "goal_map": "Målkarta", "assessed_on": "bedömning per", "milestones": "Milstolpar",
        "goals": "Mål",
        "serves": "milstolpen tjänar målet", "contains": "bryts ned i", "metrics": "mätetal",
        "no_goals": "Planen har inga mål ännu, så målkartan är tom.",
        "goal_grid": "Förenklad karta: målkartan kunde inte ritas, så målen visas i ett rutnät "
                     "per perspektiv och nivå.",
    },
    "en": {
        "map": "Strategic map", "focus_area": "Focus area", "status_on": "status on",
        "log": "log", "legend": "Legend", "requires": "requires", "affects": "affects",
        "conflicts": "schedule conflict", "blocked": "blocked", "critical_path": "critical path",
        "target_year": "target year", "what_if": "What if", "moved_from": "moved from",
        "proposal": "Proposal", "added": "new in the proposal",
        "dropped": "dropped in the proposal",
        "plain_grid": "Plain map: the map could not be laid out, so the milestones are shown in a "
                      "grid of focus areas and years.",
        "goal_map": "Goal map", "assessed_on": "assessment on", "milestones": "Milestones",
        "goals": "Goals",
        "serves": "the milestone serves the goal", "contains": "breaks down into",
        "metrics": "metrics", "no_goals": "The plan has no goals yet, so the goal map is empty.",
        "goal_grid": "Plain map: the goal map could not be laid out, so the goals are shown in a "
                     "grid of perspectives and levels.",
    },
}
WORDS: dict[str, dict[str | Status, str]] = {
    lang: {**words, **{status: STATUS_WORDS[status.value].in_language(lang).short
                       for status in Status}}
    for lang, words in MAP_WORDS.items()}
