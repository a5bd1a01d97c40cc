"""Strategikarta, the application: every use case of plans, milestones, maps, history, users."""

from typing import Any

from service.follow_up import FollowUpUseCases
from service.history import HistoryUseCases
from service.map_cache import MapCache
from service.maps import MapUseCases
from service.milestones import MilestoneUseCases
from service.plan_documents import PlanDocuments
from service.users import UserUseCases
from service.verification import VerificationUseCases


class Strategikarta(PlanDocuments, MilestoneUseCases, MapUseCases, FollowUpUseCases,
                    HistoryUseCases, VerificationUseCases, UserUseCases):
    """The change plan's event-sourced application: commands in, frozen views out."""

    name = "Strategikarta"

    def __init__(self, env: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(env, **kwargs)
        self.map_cache = MapCache()
