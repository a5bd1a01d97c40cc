"""Draw the demo plan's strategic map for the README: `make docs`."""

import sys
from datetime import date
from pathlib import Path

from projections.strategic_map import MapOptions
from service.application import Strategikarta
from service.config import persistence_env
from service.demo import load_demo


def main(path: str = "docs/strategic-map.png") -> None:
    service = Strategikarta(persistence_env("sqlite:///:memory:"))
    load_demo(service)
    options = MapOptions(on=date(2024, 9, 1), highlight=frozenset({"blocked", "conflicts"}))
    rendered = service.maps.render("fhs-exempel", options, "png")
    Path(path).write_bytes(rendered.content)
    print(f"wrote {path}")


if __name__ == "__main__":
    main(*sys.argv[1:])
