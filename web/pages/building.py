"""Building a plan on the pages: a new plan, a focus area, a milestone with its effects and
dependencies. Planners only; each form shows the service's message at its field, keeps what
was typed, answers 422 and stores nothing when something is wrong."""

from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from domain.errors import N_, DomainError, Message
from domain.fields import label
from domain.values import EffectFor
from web.pages import plans
from web.pages.form_data import given, show_error
from web.pages.forms import (
    FocusAreaForm,
    NewMilestoneForm,
    PlanForm,
    WorkbookForm,
    with_placements,
)
from web.service_access import service

bp = Blueprint("pages_building", __name__)
EFFECT_FIELDS = {EffectFor.RESIDENTS: "effects_residents", EffectFor.SYSTEM: "effects_system",
                 EffectFor.SERVICES: "effects_services"}


@bp.app_context_processor
def building_forms() -> dict[str, Any]:
    """The start page's and the dashboard's forms: as sent (with their messages) after a
    refused post, else empty. Only planners see them."""
    if not getattr(current_user, "may_write", False):
        return {}
    return {"new_plan": g.get("new_plan") or PlanForm(prefix="plan", formdata=None),
            "new_area": g.get("new_area") or FocusAreaForm(prefix="area", formdata=None)}


def writer() -> None:
    if not current_user.may_write:
        abort(403)


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def focus_areas(text: str | None) -> list[dict[str, str]]:
    """`key: name` a line; a line without a colon is its own key and name."""
    areas = []
    for line in lines(text):
        key, colon, name = line.partition(":")
        areas.append({"key": key.strip(), "name": (name if colon else key).strip(),
                      "description": ""})
    return areas


def area_field(error: DomainError) -> DomainError:
    """A focus area's error (`focus_areas.1.key`) at the form's one focus-area field."""
    if error.field and error.field.startswith("focus_areas."):
        _name, index, *part = error.field.split(".")
        line = int(index) + 1
        problem = (Message(N_("%(field)s %(problem)s"), field=label(".".join(part)),
                           problem=error.message) if part else error.message)
        error.message = Message(N_("Line %(line)s: %(problem)s"), line=line, problem=problem)
        error.field = "focus_areas"
    return error


@bp.post("/plans/new")
@login_required
def create_plan() -> Any:
    """A planner creates a plan with its focus areas, and goes to its dashboard."""
    writer()
    form = PlanForm(prefix="plan")
    if form.validate_on_submit():
        try:
            plan = service().plans.create(
                given(form.key.data).strip(), given(form.title.data), given(form.owner.data),
                given(form.start_year.data), given(form.end_year.data),
                focus_areas(form.focus_areas.data), actor=current_user.id)
        except DomainError as error:
            show_error(form, area_field(error))
        else:
            flash(_("The plan is created. Add its milestones."), "info")
            return redirect(url_for("pages_plans.dashboard", plan=plan.key))
    g.new_plan = form
    return plans.render_start(WorkbookForm(formdata=None), {}, 422)


@bp.post("/plans/<plan>/focus-areas")
@login_required
def add_focus_area(plan: str) -> Any:
    writer()
    service().plans.get(plan)  # 404 for an unknown plan
    form = FocusAreaForm(prefix="area")
    if form.validate_on_submit():
        try:
            service().plans.add_focus_area(plan, given(form.key.data).strip(),
                                           given(form.name.data), form.description.data or "",
                                           actor=current_user.id)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("The focus area is added."), "info")
            return redirect(url_for("pages_plans.dashboard", plan=plan))
    g.new_area = form
    return plans.dashboard(plan), 422


def milestone_form(plan_key: str, form: NewMilestoneForm | None = None) -> NewMilestoneForm:
    form = with_placements(form or NewMilestoneForm(), service().plans.get(plan_key))
    others = [(m.key, f"{m.key}: {m.title}") for m in service().milestones.list(plan_key)]
    form.requires.choices = form.required_by.choices = form.affects.choices = others
    return form


def milestone_page(plan_key: str, form: NewMilestoneForm, status: int = 200) -> Any:
    return render_template("pages/new_milestone.html", plan=service().plans.get(plan_key),
                           form=form), status


@bp.get("/plans/<plan>/new-milestone")
@login_required
def new_milestone(plan: str) -> Any:
    writer()
    return milestone_page(plan, milestone_form(plan, NewMilestoneForm(formdata=None)))


@bp.post("/plans/<plan>/new-milestone")
@login_required
def define_milestone(plan: str) -> Any:
    """The milestone and its dependencies are stored together, or nothing is."""
    writer()
    form = milestone_form(plan)
    if not form.validate_on_submit():
        return milestone_page(plan, form, 422)
    fields = milestone_fields(form)
    links = {"requires": form.requires.data or [], "affects": form.affects.data or [],
             "required_by": form.required_by.data or []}
    try:
        service().milestones.define_with_dependencies(plan, fields, links,
                                                      actor=current_user.id,
                                                      reason=form.reason.data or "")
    except DomainError as error:
        show_error(form, effect_field(error, fields["effects"]))
        return milestone_page(plan, form, 422)
    flash(_("The milestone is defined."), "info")
    return redirect(url_for("pages_milestones.milestone", plan=plan, key=fields["key"]))


def milestone_fields(form: NewMilestoneForm) -> dict[str, Any]:
    """A new milestone's fields as the service takes them, from its form."""
    return {"key": given(form.key.data).strip(), "title": given(form.title.data),
            "description": form.description.data or "", "focus_area": form.focus_area.data,
            "target_year": form.target_year.data, "kind": form.kind.data,
            "responsible": responsible(form.responsible.data),
            "effects": [{"for": effect_for.value, "text": text}
                        for effect_for, name in EFFECT_FIELDS.items()
                        for text in lines(getattr(form, name).data)]}


def responsible(text: str | None) -> list[str]:
    """The bodies responsible, typed separated by commas."""
    return [r.strip() for r in (text or "").split(",") if r.strip()]


def effect_field(error: DomainError, effects: list[dict[str, str]]) -> DomainError:
    """An effect's error (`effects.2.text`) at the text area its line came from."""
    if error.field and error.field.startswith("effects."):
        effect = effects[int(error.field.split(".")[1])]
        error.message = Message(N_("%(where)s: %(what)s"), where=f"{effect['text'][:40]}…",
                                what=error.message)
        error.field = EFFECT_FIELDS[EffectFor(effect["for"])]
    return error
