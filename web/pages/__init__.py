"""The HTML pages for planners, viewers and auditors: Swedish first, English one click away."""

from typing import Any

from flask import Flask, current_app
from flask_babel import format_date, format_datetime, get_locale
from flask_login import current_user

from domain.fields import label
from domain.status_words import STATUS_ICONS, STATUS_WORDS
from service.maps import STATUS_ORDER
from web.messages import say
from web.pages import (
    about,
    admin,
    audit,
    auth,
    bodies,
    building,
    extensions,
    follow_up,
    follow_up_plan,
    goal_map,
    goal_reading,
    goals,
    maps,
    metrics,
    milestones,
    my_round,
    oidc,
    oidc_client,
    plans,
    proposal_changes,
    proposals,
    publication,
    rounds,
)
from web.pages import session_user as _session_user  # noqa: F401  (registers the user loader)
from web.service_access import service

BLUEPRINTS = (auth.bp, plans.bp, maps.bp, goal_map.bp, milestones.bp, follow_up.bp, audit.bp,
              admin.bp, about.bp, building.bp, goals.bp, metrics.bp, goal_reading.bp, bodies.bp,
              follow_up_plan.bp, my_round.bp, rounds.bp, proposals.bp, proposal_changes.bp,
              oidc.bp, publication.bp)


def register(app: Flask) -> None:
    extensions.init_app(app)
    oidc_client.init_app(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.context_processor(words)
    app.context_processor(organisation)
    app.context_processor(log_notice)


def log_notice() -> dict[str, Any]:
    """What this server noticed about its log not matching its checkpoints (auditors see it),
    and the checkpoint covering a log position (seals and decisions name theirs)."""
    checkpoints = service().checkpoints
    # Read from the store only for those it is shown to: not on every page of every user.
    shown = current_user.is_authenticated and current_user.may_read_history
    return {"log_notice": checkpoints.notice if shown else None,
            "checkpoint_covering": checkpoints.covering}


def organisation() -> dict[str, str]:
    """The organisation running this Strategikarta and its contact address, from configuration."""
    return {"organisation": current_app.config.get("ORGANISATION", ""),
            "contact_email": current_app.config.get("CONTACT_EMAIL", "")}


def words() -> dict[str, Any]:
    """Status names and icons, and date formatting in the chosen language, for every template.

    `status_names`: the statuses in the map's order; `status_words`: `not_reported` too;
    `say` says a message of the domain, `field_name` names a field, both in that language.
    """
    lang = str(get_locale())
    names = {code: entry.in_language(lang).name for code, entry in STATUS_WORDS.items()}
    return {"get_locale": get_locale, "format_date": format_date,
            "format_datetime": format_datetime, "status_icons": STATUS_ICONS,
            "status_names": {status: names[status] for status in STATUS_ORDER},
            "status_words": names, "say": say,
            "field_name": lambda name: say(label(name))}
