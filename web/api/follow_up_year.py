"""The follow-up year: `/bodies`, a plan's `/follow-up-plan` (also as iCalendar), its
`/rounds` with their submission, returns, decision and report."""

from typing import Any

from flask import request
from flask.views import MethodView

from web.api.common import api_blueprint, located, operation, served_as, without
from web.api.year_schemas import (
    BodyInSchema,
    BodyListSchema,
    BodySchema,
    DecisionInSchema,
    FollowUpPlanInSchema,
    FollowUpPlanQuerySchema,
    FollowUpPlanSchema,
    ReturnSchema,
    RoundInSchema,
    RoundListSchema,
    RoundReportQuerySchema,
    RoundReportSchema,
    RoundSchema,
    SubmitSchema,
)
from web.auth import actor
from web.board_document import board_document_pdf
from web.files import XLSX_MEDIA_TYPE, attachment
from web.reports import report_csv
from web.service_access import service

blp = api_blueprint("follow_up_year", "The follow-up year: bodies, the follow-up plan, "
                                      "reporting rounds, returns, submission and decisions.")
ICS = "text/calendar"


@blp.route("/bodies")
class Bodies(MethodView):
    @blp.doc(**operation("listBodies"))
    @blp.response(200, BodyListSchema)
    def get(self) -> Any:
        """The organisation's bodies (styrelse, nämnder, förvaltningar)."""
        return {"items": service().bodies.all()}

    @located("follow_up_year.BodyResource", key="key")
    @blp.doc(**operation("addBody", 400, 403, 409))
    @blp.arguments(BodyInSchema)
    @blp.response(201, BodySchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Add a body; `responsible` entries equal to its key then link to it."""
        return service().bodies.add(data["key"], data["name"], data["kind"], actor=actor(),
                                    reason=data["reason"]), 201


@blp.route("/bodies/<key>")
class BodyResource(MethodView):
    @blp.doc(**operation("getBody", 404))
    @blp.response(200, BodySchema)
    def get(self, key: str) -> Any:
        """A body of the organisation."""
        return service().bodies.get(key)


@blp.route("/plans/<plan>/follow-up-plan")
class FollowUpPlan(MethodView):
    @blp.doc(**operation("getFollowUpPlan", 404))
    @blp.arguments(FollowUpPlanQuerySchema, location="query")
    @served_as(blp, FollowUpPlanSchema, "application/json", ICS,
               description="JSON, or an iCalendar feed (RFC 5545) of deadlines and meetings")
    def get(self, query: dict[str, Any], plan: str) -> Any:
        """Which report goes to which meeting: entries with reporting date, deadline, meeting
        (body, date), presenter and scope; `format=ics` for a calendar to subscribe to."""
        if query["format"] == "ics":
            feed = service().follow_up_plans.calendar(plan, request.host_url,
                                                      service().today())
            return attachment(feed, f"{ICS}; charset=utf-8", f"{plan}-uppfoljningsplan.ics")
        return {"entries": service().follow_up_plans.entries(plan)}

    @blp.doc(**operation("setFollowUpPlan", 400, 403, 404, 409))
    @blp.arguments(FollowUpPlanInSchema)
    @blp.response(200, FollowUpPlanSchema)
    def put(self, data: dict[str, Any], plan: str) -> Any:
        """Replace the follow-up plan (a meeting of an unknown body, a deadline after its
        meeting or a reporting date outside the plan period: 422 at the field)."""
        entries = [without(entry, "meeting") | {"meeting": entry["meeting"]}
                   for entry in data["entries"]]
        return {"entries": service().follow_up_plans.set(plan, entries, actor=actor(),
                                                         reason=data["reason"])}


@blp.route("/plans/<plan>/rounds")
class Rounds(MethodView):
    @blp.doc(**operation("listRounds", 404))
    @blp.response(200, RoundListSchema)
    def get(self, plan: str) -> Any:
        """The plan's rounds, by reporting date."""
        return {"items": service().rounds.all(plan)}

    @located("follow_up_year.RoundResource", round="key")
    @blp.doc(**operation("openRound", 400, 403, 404, 409))
    @blp.arguments(RoundInSchema)
    @blp.response(201, RoundSchema)
    def post(self, data: dict[str, Any], plan: str) -> Any:
        """Open the round of a follow-up plan entry: every milestone status, goal assessment
        and metric outcome due, each with the body that reports it."""
        return service().rounds.open(plan, data["entry"], actor=actor(),
                                     reason=data["reason"]), 201


@blp.route("/plans/<plan>/rounds/<round>")
class RoundResource(MethodView):
    @blp.doc(**operation("getRound", 404))
    @blp.response(200, RoundSchema)
    def get(self, plan: str, round: str) -> Any:
        """A round's state, its items (left, reported, returned) and progress per body."""
        return service().rounds.get(plan, round)


@blp.route("/plans/<plan>/rounds/<round>/submit")
class Submit(MethodView):
    @blp.doc(**operation("submitRound", 400, 403, 404, 409))
    @blp.arguments(SubmitSchema)
    @blp.response(200, RoundSchema)
    def post(self, data: dict[str, Any], plan: str, round: str) -> Any:
        """Send the round's report to review: 409 while items are left, unless `force` with
        a reason."""
        return service().rounds.submit(plan, round, data["force"], actor=actor(),
                                       reason=data["reason"])


@blp.route("/plans/<plan>/rounds/<round>/return")
class Return(MethodView):
    @blp.doc(**operation("returnItems", 400, 403, 404, 409))
    @blp.arguments(ReturnSchema)
    @blp.response(200, RoundSchema)
    def post(self, data: dict[str, Any], plan: str, round: str) -> Any:
        """Send items back to their reporters with a comment."""
        return service().rounds.return_items(plan, round, data["items"], data["comment"],
                                             actor=actor(), reason=data["reason"])


@blp.route("/plans/<plan>/rounds/<round>/decision")
class DecisionResource(MethodView):
    @located("follow_up_year.RoundReport")
    @blp.doc(**operation("decideRound", 400, 403, 404, 409))
    @blp.arguments(DecisionInSchema)
    @blp.response(201, RoundSchema)
    def post(self, data: dict[str, Any], plan: str, round: str) -> Any:
        """Record the body's decision (§, case number): it seals the report as decided, at
        its log position, for ever."""
        return service().rounds.decide(plan, round, data["decided_by"], data["date"],
                                       data["paragraph"], data["case_number"], data["summary"],
                                       actor=actor(), reason=data["reason"]), 201


@blp.route("/plans/<plan>/rounds/<round>/report")
class RoundReport(MethodView):
    @blp.doc(**operation("getRoundReport", 404))
    @blp.arguments(RoundReportQuerySchema, location="query")
    @served_as(blp, RoundReportSchema, "application/json", "application/pdf", XLSX_MEDIA_TYPE,
               "text/csv", description="JSON, the board document as PDF, XLSX or CSV")
    def get(self, query: dict[str, Any], plan: str, round: str) -> Any:
        """The round's report; once decided, the report as decided (for ever the same), with
        `corrected_since` listing the corrections entered after the decision."""
        found = service().rounds.report(plan, round)
        name = f"{plan}-{round}-rapport"
        if query["format"] == "csv":
            return attachment(report_csv(found.report, bodies=found.bodies),
                              "text/csv; charset=utf-8", f"{name}.csv")
        if query["format"] == "xlsx":
            return attachment(service().workbooks.report(found.report, _knowledge(found),
                                                          bodies=found.bodies),
                              XLSX_MEDIA_TYPE, f"{name}.xlsx")
        if query["format"] == "pdf":
            return attachment(board_document_pdf(plan, round), "application/pdf",
                              f"{name}.pdf")
        return found


def _knowledge(found: Any) -> str:
    decision = found.round.record.decision
    if decision is None:
        return f"loggen vid utskriften (position {found.report.position})"
    return (f"beslutad av {decision.decision.decided_by} {decision.decision.paragraph}, "
            f"loggen vid position {decision.seal.position}")
