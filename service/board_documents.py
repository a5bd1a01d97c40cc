"""The board document: a round's report, per body and focus area, with the strategic map as
it stood when decided, for the meeting's papers (the web layer writes it as HTML, this
module makes the PDF)."""

from collections.abc import Sequence
from dataclasses import dataclass

from projections.body_report import BodyPart, body_parts
from projections.renderers.board_pdf import board_pdf
from projections.renderers.map_render import MapRenderError
from service.maps import MapOptions, Maps
from service.rounds import RoundReport, Rounds
from service.time_travel import PointInTime


@dataclass(frozen=True)
class BoardContent:
    """What the board document shows: the round's report, its lines per body, the bodies'
    names and the map (None if it could not be drawn)."""

    found: RoundReport
    plan_title: str
    plan_owner: str
    years: tuple[int, int]
    parts: tuple[BodyPart, ...]
    body_names: dict[str, str]
    map_svg: bytes | None


class BoardDocuments:
    """The board document of a round."""

    def __init__(self, rounds: Rounds, maps: Maps) -> None:
        self.rounds = rounds
        self.maps = maps

    def content(self, plan: str, key: str, nobody: str) -> BoardContent:
        """The round's report as decided (or as it stands before the decision); the lines
        no body is responsible for are named `nobody`."""
        found, record = self.rounds.report_and_record(plan, key)
        names = {body.key: body.name for body in self.rounds.bodies.all()}
        decision = found.round.record.decision
        on = found.round.reporting_date
        at = PointInTime(decision.seal.position if decision else None, on)
        try:
            svg: bytes | None = self.maps.render(plan, MapOptions(on=on), "svg", at).content
        except MapRenderError:
            svg = None
        return BoardContent(found, record.title, record.owner,
                            (record.start_year, record.end_year),
                            body_parts(record, found.report, names, nobody), names, svg)

    @staticmethod
    def pdf(html: str, stylesheets: Sequence[str] = ()) -> bytes:
        """The document written as HTML, as a tagged PDF (the same HTML, the same bytes)."""
        return board_pdf(html, stylesheets)
