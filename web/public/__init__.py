"""The public site, `/public/`: published plans as last adopted, their revisions, maps, goals
and decided reports, with seals, checkpoints and how to verify them, and open data; for
anyone, without signing in. An unpublished plan is not found, exactly as an unknown one."""

import re
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from domain.status_words import LANGUAGES
from service.map_cache import RenderedMap
from service.public_site import PlanRecord, PublicPlan, stamp
from web.pages.extensions import public_language
from web.pages.forms import KIND_CHOICES
from web.public import checkpoints as verification
from web.public.cache import Made, PublicPages, respond
from web.public.open_data import document
from web.service_access import service

bp = Blueprint("public", __name__, url_prefix="/public")
EXTENSION = "public_pages"
HTML = "text/html"
LANGUAGE_VARIES = "Accept-Language"


def register(app: Flask) -> None:
    app.extensions[EXTENSION] = PublicPages()
    app.register_blueprint(bp)


def pages() -> PublicPages:
    kept: PublicPages = current_app.extensions[EXTENSION]
    return kept


def asked_language() -> str | None:
    """The language the address asks for (`?lang=`), carried on in the page's links."""
    wanted = request.args.get("lang")
    return wanted if wanted is not None and wanted in LANGUAGES else None


@bp.app_template_global()
def public_url(endpoint: str, **values: Any) -> str:
    lang = asked_language()
    if lang:
        values["lang"] = lang
    return url_for(endpoint, **values)


def html(template: str, **context: Any) -> bytes:
    return render_template(template, **context).encode("utf-8")


def not_found(data: bool = False) -> Any:
    """The same answer for a plan that is not published as for one that does not exist."""
    message = _("There is no published plan here.")
    if data:
        response = current_app.json.response(code=404, status="Not Found", message=message)
        response.status_code = 404
    else:
        response = Response(html("public/not_found.html", message=message), 404, mimetype=HTML)
    response.headers["Cache-Control"] = "no-cache"
    return response


def published(plan: str) -> PlanRecord | None:
    return service().public_site.published(plan)


@bp.get("/")
def index() -> Any:
    """The published plans."""
    listing = service().public_site.listing()
    page = pages().page(("index", public_language(), asked_language()), tuple(listing),
                        lambda: Made(html("public/index.html", plans=listing), HTML))
    return respond(page, LANGUAGE_VARIES)


@bp.get("/plans/<plan>")
def plan(plan: str) -> Any:
    """A published plan as last adopted, its revisions, map, goals and decided reports."""
    record = published(plan)
    if record is None:
        return not_found()

    def make() -> Made:
        view = service().public_site.plan(record)
        checkpoints = verification.checkpoints_of(item_positions(view))
        body = html("public/plan.html", plan=view, checkpoints=checkpoints,
                    kinds=dict(KIND_CHOICES), proof=verification.inclusion_proof)
        return made_with(body, HTML, checkpoints)

    return respond(pages().page(("plan", plan, public_language(), asked_language()),
                                (stamp(record), service().store.state.bodies), make),
                   LANGUAGE_VARIES)


@bp.get("/plans/<plan>.json")
def plan_data(plan: str) -> Any:
    """The same, as open data (`web.public.open_data`)."""
    record = published(plan)
    if record is None:
        return not_found(data=True)

    def make() -> Made:
        view = service().public_site.plan(record)
        checkpoints = verification.checkpoints_of(item_positions(view))
        body = document(view, checkpoints, lambda endpoint, values: url_for(endpoint, **values),
                        verification_paths())
        return made_with(body, "application/json", checkpoints)

    response = respond(pages().page(("data", plan), (stamp(record), service().store.state.bodies),
                                    make))
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/plans/<plan>/map.svg")
def plan_map(plan: str) -> Any:
    """The strategic map of the plan as adopted (`?revision=YEAR`: by that revision)."""
    record = published(plan)
    asked = request.args.get("revision", "")
    years = [revision.year for revision, _seal in record.revisions] if record else []
    year = int(asked) if re.fullmatch(r"[0-9]{4}", asked) else None
    if record is None or not years or (asked and year not in years):
        return not_found()
    lang = "en" if public_language() == "en" else "sv"

    def make() -> Made:
        site = service().public_site
        revision = site.revision(record, year)
        assert revision is not None
        drawn: RenderedMap = site.map(plan, revision, lang, url_for("public.index").rstrip("/"))
        return Made(drawn.content, "image/svg+xml")

    return respond(pages().page(("map", plan, lang, year), stamp(record), make),
                   LANGUAGE_VARIES)


@bp.get("/plans/<plan>/milestones/<key>")
def milestone(plan: str, key: str) -> Any:
    """Where the map's boxes link to: the milestone on the plan's page."""
    if published(plan) is None:
        return not_found()
    return redirect(public_url("public.plan", plan=plan, _anchor=f"milestone-{key}"))


@bp.get("/verify")
def verify() -> Any:
    """How anyone checks what the public site shows, without trusting this server."""
    page = pages().page(("verify", public_language(), asked_language()), (),
                        lambda: Made(html("public/verify.html", paths=verification_paths()),
                                     HTML))
    return respond(page, LANGUAGE_VARIES)


VERIFIER_FILE = Path(__file__).resolve().parents[2] / "tools" / "verify_log.py"


@bp.get("/verify_log.py")
def verifier_script() -> Any:
    """The standalone verifier, one file anyone can read before running it."""
    page = pages().page(("verify_log.py",), (),
                        lambda: Made(VERIFIER_FILE.read_bytes(), "text/x-python"))
    response = respond(page)
    response.headers["Content-Disposition"] = 'attachment; filename="verify_log.py"'
    return response


def verification_paths() -> dict[str, str]:
    return {"how": url_for("public.verify"),
            "checkpoints": verification.path(verification.CHECKPOINTS),
            "key": verification.path(verification.VERIFIER_KEY),
            "inclusion_proof": verification.path(verification.INCLUSION_PROOF),
            "verifier": verification.path(verification.VERIFIER_SCRIPT)}


def item_positions(view: PublicPlan) -> list[int]:
    """The log positions of the events that recorded what the page shows as sealed."""
    return [*(r.position for r in view.revisions), *(r.position for r in view.reports)]


def made_with(body: bytes, mimetype: str,
              checkpoints: dict[int, verification.Checkpoint | None]) -> Made:
    return Made(body, mimetype, tuple(p for p, found in checkpoints.items() if found is None))
