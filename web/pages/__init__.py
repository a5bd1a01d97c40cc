"""The HTML pages for planners, viewers and auditors: Swedish first, English one click away."""

from typing import Any

from flask import Flask
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _

from projections.renderers.map_style import STATUS_ICONS
from web.pages import (
    about,
    admin,
    audit,
    auth,
    extensions,
    follow_up,
    maps,
    milestones,
    plans,
)
from web.pages import session_user as _session_user  # noqa: F401  (registers the user loader)

BLUEPRINTS = (auth.bp, plans.bp, maps.bp, milestones.bp, follow_up.bp, audit.bp, admin.bp,
              about.bp)


def register(app: Flask) -> None:
    extensions.init_app(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.context_processor(words)


def words() -> dict[str, Any]:
    """Status names and icons, and date formatting in the chosen language, for every template."""
    return {"get_locale": get_locale, "format_date": format_date,
            "format_datetime": format_datetime, "status_icons": STATUS_ICONS, "status_names": {
        "planned": _("planned"), "on_track": _("on track"), "achieved": _("achieved"),
        "at_risk": _("not fully satisfactory"), "off_track": _("unsatisfactory"),
        "dropped": _("dropped")}}
