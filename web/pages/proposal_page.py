"""A proposal's page: its changes, diff, analysis and map with the plan's beside it; for
planners, a form for each kind of change, and those that withdraw and adopt it."""

from typing import Any

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup

from domain.errors import DomainError
from service.maps import MapOptions
from service.proposal_maps import MarkedPlan, defined_anchor, mark_looks
from web.error_status import status_of
from web.pages.form_data import show_error
from web.pages.forms import KIND_CHOICES, RevisionForm, with_placements
from web.pages.maps import inline, language
from web.pages.proposal_forms import (
    ChangeForm,
    DefineForm,
    ProposedDependencyForm,
    ProposedEditForm,
    RemoveProposedDependencyForm,
    WithdrawForm,
)
from web.service_access import service

# Each form's name on the page and the prefix of its fields (so no two share an id).
PREFIXES = {"define_form": "define", "edit_form": "edit", "dependency_form": "dependency",
            "removal_form": "removal", "withdraw_form": "withdraw", "adopt_form": "adopt"}
# How a dependency reads, "B depends on A": in the changes table and the removal form alike.
DEPENDENCY_WORDS = {"requires": _l("depends on"), "affects": _l("affects")}


def page(plan: str, key: str, status: int = 200, **sent: FlaskForm) -> Any:
    """The proposal's page; `sent` the form just sent, with its errors."""
    view = service().proposals.get(plan, key)
    plan_view = service().plans.get(plan)
    marked = marked_plan(plan, key) if view.state == "open" else None
    milestones = (sorted(marked.plan.milestones.values(), key=lambda m: m.key) if marked
                  else service().milestones.list(plan))
    forms = fresh_forms(plan_view, milestones, marked, sent)
    return render_template(
        "pages/proposal.html", plan=plan_view, proposal=view, **forms,
        svg=proposal_svg(plan, key) if marked else None, marks=marked and marked.marks,
        proposed=marked and marked.plan, looks=mark_looks(language()),
        open_form=next(iter(sent), request.args.get("edit") and "edit_form"),
        titles={m.key: m.title for m in milestones} | service().milestones.titles(plan),
        areas={area.key: area.name for area in plan_view.focus_areas},
        kind_names=dict(KIND_CHOICES), dependency_words=DEPENDENCY_WORDS,
        defined_anchor=defined_anchor), status


def marked_plan(plan: str, key: str) -> MarkedPlan | None:
    """The plan as the open proposal leaves it; None if the plan now refuses a change of it
    (the page says so)."""
    try:
        return service().proposal_maps.marked_plan(plan, key)
    except DomainError:
        return None


def proposal_svg(plan: str, key: str) -> Markup:
    options = MapOptions(on=service().time_travel.now().on, lang=language())
    return inline(service().proposal_maps.render(plan, key, options, "svg",
                                                 link_prefix=request.script_root))


def fresh_forms(plan: Any, milestones: list[Any], marked: MarkedPlan | None,
                sent: dict[str, FlaskForm]) -> dict[str, Any]:
    """Every form of the page with its choices (the one sent as it was, the others empty), and
    the milestones to choose one to edit from."""
    def form(name: str, kind: type[FlaskForm], **data: Any) -> Any:
        return sent.get(name) or kind(formdata=None, prefix=PREFIXES.get(name, ""), data=data)

    chosen = [("", _("— choose a milestone —")), *((m.key, f"{m.key} {m.title}")
                                                    for m in milestones)]
    dependency = form("dependency_form", ProposedDependencyForm)
    dependency.milestone.choices = dependency.to.choices = chosen
    removal = form("removal_form", RemoveProposedDependencyForm)
    removal.dependency.choices = [("", _("— choose a dependency —")),
                                  *dependencies(marked, {m.key: m.title for m in milestones})]
    return {
        "change_form": form("change_form", ChangeForm).with_choices(
            milestones, range(plan.start_year, plan.end_year + 1)),
        "define_form": with_placements(form("define_form", DefineForm), plan),
        "edit_form": with_placements(sent.get("edit_form") or edit_form(milestones), plan),
        "dependency_form": dependency, "removal_form": removal,
        "withdraw_form": form("withdraw_form", WithdrawForm),
        "adopt_form": form("adopt_form", RevisionForm),
        "edit_choices": chosen}


def edit_form(milestones: list[Any]) -> ProposedEditForm:
    """The milestone asked for (`?edit=KEY`), its fields as the proposal leaves them."""
    asked = next((m for m in milestones if m.key == request.args.get("edit")), None)
    if asked is None:
        return ProposedEditForm(formdata=None, prefix="edit")
    return ProposedEditForm(formdata=None, prefix="edit", data={
        "key": asked.key, "title": asked.title, "description": asked.description,
        "focus_area": asked.focus_area, "target_year": asked.target_year,
        "kind": asked.kind.value, "responsible": ", ".join(asked.responsible)})


def dependencies(marked: MarkedPlan | None, titles: dict[str, str]) -> list[tuple[str, str]]:
    """The dependencies the proposal leaves in the plan, as choices `kind source target`."""
    if marked is None:
        return []
    return [(f"{kind} {source} {target}",
             f"{source} {titles.get(source, '')} {DEPENDENCY_WORDS[kind]} {target} "
             f"{titles.get(target, '')}")
            for kind, edges in (("requires", marked.plan.requires),
                                ("affects", marked.plan.affects))
            for source, target in sorted(edges)]


def refused(plan: str, key: str, error: DomainError, field: str | None,
            **forms: FlaskForm) -> Any:
    """A wrong value at its field, a wrong state (409) at the top of the page."""
    for form in forms.values():
        show_error(form, error, field)
    return page(plan, key, status_of(error), **forms)
