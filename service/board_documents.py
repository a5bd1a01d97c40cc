"""The board document: a round's report, per body and focus area, with the strategic map as
it stood when decided, for the meeting's papers (the web layer writes it as HTML, this
module makes the PDF)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from projections.body_report import BodyPart, body_parts
from projections.renderers.board_pdf import board_pdf
from projections.renderers.map_render import MapRenderError
from service.map_cache import MapCache, RenderedMap
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
    map_drawn: bool  # the map Graphviz drew for the plan as decided, not a fallback


# The board document written as HTML with its stylesheets (the web layer writes it).
Writer = Callable[[BoardContent], tuple[str, Sequence[str]]]


class BoardDocuments:
    """The board document of a round, made once per round's state: a decided round's PDF is
    the same for ever (until a correction adds its page), and takes seconds to make."""

    def __init__(self, rounds: Rounds, maps: Maps, cache: MapCache) -> None:
        self.rounds = rounds
        self.maps = maps
        self.cache = cache

    def content(self, plan: str, key: str, nobody: str) -> BoardContent:
        """The round's report as decided (or as it stands before the decision); the lines
        no body is responsible for are named `nobody`."""
        found, record = self.rounds.report_and_record(plan, key)
        names = {body.key: body.name for body in self.rounds.bodies.all()}
        decision = found.round.record.decision
        on = found.round.reporting_date
        at = PointInTime(decision.seal.position if decision else None, on)
        try:
            drawn = self.maps.render(plan, MapOptions(on=on), "svg", at)
        except MapRenderError:
            drawn = None
        return BoardContent(found, record.title, record.owner,
                            (record.start_year, record.end_year),
                            body_parts(record, found.report, names, nobody), names,
                            drawn.content if drawn else None,
                            drawn is not None and not drawn.fallback)

    def pdf(self, plan: str, key: str, nobody: str, write: Writer) -> bytes:
        """The board document as a tagged PDF: the same round state, the same bytes."""
        content = self.content(plan, key, nobody)
        found = content.found
        request = ("board", plan, key, found.corrected_since, found.round.state,
                   None if found.decided else self.rounds.store.today())
        position = found.report.position
        cached = self.cache.get(request, position)
        if cached is not None:
            return cached.content
        html, stylesheets = write(content)
        made = board_pdf(html, stylesheets)
        if content.map_drawn:  # a map that fell back is drawn again next time
            self.cache.put(request, RenderedMap(made, "application/pdf", position))
        return made
