"""How statuses and highlights look: colour-blind-safe colours (Okabe–Ito), each with a second
cue (icon, shape or border) so the map reads in grey print too; and the map's words."""

from dataclasses import dataclass

from domain.values import Status


@dataclass(frozen=True)
class StatusStyle:
    icon: str
    fill: str
    border: str
    font: str
    shape: str
    style: str
    penwidth: float
    peripheries: int = 1


STATUS_STYLES = {
    Status.PLANNED: StatusStyle("○", "#FFFFFF", "#555555", "#000000", "box", "rounded,dashed,filled", 1.2),
    Status.ON_TRACK: StatusStyle("➜", "#CDEFE4", "#00735A", "#000000", "box", "rounded,filled", 1.4),
    Status.ACHIEVED: StatusStyle("✓", "#00735A", "#003D30", "#FFFFFF", "box", "rounded,filled,bold", 2.5),
    Status.AT_RISK: StatusStyle("!", "#F0E442", "#7A6A00", "#000000", "box", "rounded,filled", 1.4, 2),
    Status.OFF_TRACK: StatusStyle("✕", "#D55E00", "#6B2F00", "#FFFFFF", "octagon", "filled,bold", 2.5),
    Status.DROPPED: StatusStyle("–", "#E0E0E0", "#8A8A8A", "#4D4D4D", "box", "rounded,dotted,filled", 1.2),
}

# Not a status but a fact a report must show: no report on or before the reporting date.
NOT_REPORTED_ICON = "?"
# Each status's icon by its value, `not_reported` included: for pages, workbooks and charts.
STATUS_ICONS = {**{status.value: style.icon for status, style in STATUS_STYLES.items()},
                "not_reported": NOT_REPORTED_ICON}

HIGHLIGHT_COLOURS = {"conflicts": "#CC79A7", "blocked": "#D55E00", "blocking": "#D55E00",
                     "critical_path": "#0072B2"}

WORDS = {
    "sv": {
        "map": "Strategisk karta", "focus_area": "Insatsområde", "status_on": "status per",
        "log": "logg", "legend": "Teckenförklaring", "requires": "är beroende av",
        "affects": "påverkar", "conflicts": "schemakonflikt", "blocked": "blockerad",
        "critical_path": "kritisk linje", "target_year": "målår",
        Status.PLANNED: "planerad", Status.ON_TRACK: "enligt plan", Status.ACHIEVED: "uppnådd",
        Status.AT_RISK: "inte helt tillfredsställande", Status.OFF_TRACK: "otillfredsställande",
        Status.DROPPED: "utgår",
    },
    "en": {
        "map": "Strategic map", "focus_area": "Focus area", "status_on": "status on",
        "log": "log", "legend": "Legend", "requires": "requires", "affects": "affects",
        "conflicts": "schedule conflict", "blocked": "blocked", "critical_path": "critical path",
        "target_year": "target year",
        Status.PLANNED: "planned", Status.ON_TRACK: "on track", Status.ACHIEVED: "achieved",
        Status.AT_RISK: "at risk", Status.OFF_TRACK: "off track", Status.DROPPED: "dropped",
    },
}
