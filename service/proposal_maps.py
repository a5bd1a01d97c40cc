"""The map of a plan as a proposal would leave it, its changes marked: drawn, cached and
falling back as the strategic map is."""

from dataclasses import replace

from projections.proposal_map import proposal_marks
from projections.renderers.map_dot import to_dot
from projections.renderers.map_grid import grid_svg
from projections.strategic_map import MapOptions, StrategicMap, build_map
from service.map_cache import RenderedMap
from service.maps import Drawing, Maps
from service.proposals import Proposals


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

    def render(self, plan: str, key: str, options: MapOptions, fmt: str,
               link_prefix: str = "") -> RenderedMap:
        """The proposal's map as `fmt`; kept per plan position and proposal version."""
        version = self.proposals.record(plan, key).version
        return self.maps.picture(
            plan, fmt, None, ("proposal-map", key, version, options, link_prefix),
            lambda _: Drawing(self.proposal_map(plan, key, options), to_dot, grid_svg,
                              link_prefix))
