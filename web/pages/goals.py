"""The plan's goal tree and a goal's page: assessments in force, their history, metrics and
the milestones that serve the goal; planners assess the goal here."""

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from domain.errors import DomainError
from web.pages.goal_forms import AssessmentForm
from web.pages.goal_reading import Reading, reading, time_control
from web.pages.milestones import show_error, writer
from web.service_access import service

bp = Blueprint("pages_goals", __name__)


def metrics_by_goal(plan: str, read: Reading) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for metric in service().goals.metrics(plan, read.on, record=read.record):
        found.setdefault(metric.goal, []).append(metric)
    return found


def level_names(read: Reading) -> dict[str, str]:
    return {level.key: level.name for level in read.record.goal_levels}


@bp.get("/plans/<plan>/goals")
@login_required
def goal_tree(plan: str) -> Any:
    """Every goal in tree order with its assessment and its metrics' results on a date."""
    view, read = service().plans.get(plan), reading(plan)
    goals = service().goals.list(plan, read.on, record=read.record)
    return render_template("pages/goals.html", plan=view, read=read, goals=goals,
                           depths=depths_of(goals), levels=level_names(read),
                           metrics=metrics_by_goal(plan, read), **time_control(plan))


def depths_of(goals: list[Any]) -> dict[str | None, int]:
    """Each goal's depth in the tree (tree order: a parent comes before its children)."""
    depths: dict[str | None, int] = {}
    for goal in goals:
        depths[goal.key] = depths[goal.parent] + 1 if goal.parent in depths else 0
    return depths


def goal_page(plan: str, key: str, form: AssessmentForm | None = None,
              status: int = 200) -> Any:
    view, read = service().plans.get(plan), reading(plan)
    goal = service().goals.goal(plan, key, read.on, record=read.record)
    titles = {k: g.title for k, g in read.record.goals.items()}
    milestones = [(m, read.record.milestones[m].title) for m in goal.milestones
                  if m in read.record.milestones]
    form = form or AssessmentForm(
        formdata=None, data={"reported_for": service().follow_up.current_round(plan)})
    return render_template(
        "pages/goal.html", plan=view, read=read, goal=goal, titles=titles,
        levels=level_names(read), milestones=milestones,
        metrics=metrics_by_goal(plan, read).get(key, []),
        history=list(reversed(goal.assessments)), form=form, **time_control(plan)), status


@bp.get("/plans/<plan>/goals/<key>")
@login_required
def goal(plan: str, key: str) -> Any:
    return goal_page(plan, key)


@bp.post("/plans/<plan>/goals/<key>/assessments")
@login_required
def assess(plan: str, key: str) -> Any:
    """A planner assesses the goal; the same rules and messages as the API, at the field."""
    writer()
    service().goals.goal_record(plan, key)  # 404 for an unknown goal
    form = AssessmentForm()
    if not form.validate_on_submit():
        return goal_page(plan, key, form, 422)
    try:
        service().goals.assess(plan, key, str(form.assessment.data), form.analysis.data or "",
                               form.measures.data or "", form.reported_for.data,
                               actor=current_user.id, reason=form.reason.data or "")
    except DomainError as error:
        show_error(form, error)
        return goal_page(plan, key, form, 422)
    flash(_("The assessment is recorded."), "info")
    return redirect(url_for("pages_goals.goal", plan=plan, key=key))
