"""Run every benchmark: `python -m benchmarks` (or `make bench`)."""

from benchmarks import (
    board_document,
    checkpoint_cost,
    goal_report,
    history_scale,
    http_throughput,
    map_rendering,
    mixed_load,
    page_render,
    plan_size,
    proposal_map,
    public_site,
    verify_speed,
    what_if,
    worker_start,
)

if __name__ == "__main__":
    http_throughput.main()
    map_rendering.main()
    verify_speed.main()
    page_render.main()
    plan_size.main()
    what_if.main()
    proposal_map.main()
    history_scale.main()
    goal_report.main()
    board_document.main()
    public_site.main()
    checkpoint_cost.main()
    worker_start.main()
    mixed_load.main()
