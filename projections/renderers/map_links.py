"""Where a map's milestone boxes link: the milestone's page; a milestone a proposal defines
has no page until the proposal is adopted, so its box links to the row of the proposal's
page that defines it."""

from urllib.parse import quote as url_quote

from projections.strategic_map import MapNode


def defined_anchor(key: str) -> str:
    """The id of the row, among a proposal's changes, that defines milestone `key`."""
    return f"new-{key}"


def milestone_link(plan: str, node: MapNode, link_prefix: str = "",
                   proposal: str | None = None) -> str:
    """The link of `node` on the map of `plan`, or of the plan as `proposal` would leave it."""
    on_plan = f"{link_prefix}/plans/{url_quote(plan)}"
    if proposal is not None and "added" in node.highlights:
        return f"{on_plan}/proposals/{url_quote(proposal)}#{url_quote(defined_anchor(node.key))}"
    return f"{on_plan}/milestones/{url_quote(node.key)}"
