"""Strategikarta, the application: every use case of plans, milestones, history and users."""

from service.history import HistoryUseCases
from service.milestones import MilestoneUseCases
from service.plan_documents import PlanDocuments
from service.users import UserUseCases


class Strategikarta(PlanDocuments, MilestoneUseCases, HistoryUseCases, UserUseCases):
    """The change plan's event-sourced application: commands in, frozen views out."""

    name = "Strategikarta"
