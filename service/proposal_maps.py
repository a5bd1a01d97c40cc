"""The map of a plan as a proposal would leave it, its changes marked: drawn, cached and
falling back as the strategic map is."""

from dataclasses import dataclass, replace

from projections.proposal_map import proposal_marks
from projections.records import PlanRecord
from projections.renderers.map_dot import to_dot
from projections.renderers.map_grid import grid_svg
from projections.renderers.map_links import defined_anchor as defined_anchor
from projections.renderers.map_style import HIGHLIGHT_COLOURS, MAP_WORDS
from projections.strategic_map import MapOptions, ProposalMarks, StrategicMap, build_map
from service.map_cache import RenderedMap
from service.maps import Drawing, Maps
from service.proposals import Proposals

MARKS = ("moved", "added", "dropped")


@dataclass(frozen=True)
class MarkLook:
    """How the map marks a kind of change: its border colour and the words it writes on the
    milestone (a moved one's then go on with its year before)."""

    mark: str
    colour: str
    words: str


def mark_looks(lang: str) -> tuple[MarkLook, ...]:
    """The marks of a proposal's map, as its legend on the page explains them."""
    words = MAP_WORDS[lang]
    return tuple(MarkLook(mark, HIGHLIGHT_COLOURS[mark],
                          words["moved_from" if mark == "moved" else mark]) for mark in MARKS)


@dataclass(frozen=True)
class MarkedPlan:
    """The plan as an open proposal would leave it, and what its map marks."""

    plan: PlanRecord
    marks: ProposalMarks


class ProposalMaps:
    """A proposal's map: the proposed plan, with what it moves, adds and drops marked."""

    def __init__(self, proposals: Proposals, maps: Maps) -> None:
        self.proposals = proposals
        self.maps = maps

    def proposal_map(self, plan: str, key: str, options: MapOptions) -> StrategicMap:
        before, after = self.proposals.proposed_plan(plan, key)
        after = after.changed(position=before.position)  # the log the proposal is read against
        options = replace(options, slip=None)  # the proposal's moves, not a what-if's
        return build_map(self.maps.checked(after, options), options,
                         proposal_marks(key, before, after))

    def marked_plan(self, plan: str, key: str) -> MarkedPlan:
        before, after = self.proposals.proposed_plan(plan, key)
        return MarkedPlan(after, proposal_marks(key, before, after))

    def render(self, plan: str, key: str, options: MapOptions, fmt: str,
               link_prefix: str = "") -> RenderedMap:
        """The proposal's map as `fmt`; kept per plan position and proposal version."""
        version = self.proposals.record(plan, key).version
        return self.maps.picture(
            plan, fmt, None, ("proposal-map", key, version, options, link_prefix),
            lambda _: Drawing(self.proposal_map(plan, key, options), to_dot, grid_svg,
                              link_prefix))
