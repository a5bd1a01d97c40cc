"""An admin publishes a plan on the public site, or takes it off, from the plan's page."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from web.service_access import service

bp = Blueprint("pages_publication", __name__)


@bp.post("/plans/<plan>/publication")
@login_required
def publish(plan: str) -> Any:
    """The form on the plan's page: `published` is 1 (publish) or 0 (take off)."""
    if not current_user.may_manage_users:
        abort(403)
    wanted = request.form.get("published")
    if wanted not in ("0", "1"):
        abort(400)
    shown = service().publication.set(plan, wanted == "1", actor=current_user.id)
    flash(_("The plan is published on the public site.") if shown.published
          else _("The plan is no longer on the public site."), "info")
    return redirect(url_for("pages_plans.dashboard", plan=plan))
