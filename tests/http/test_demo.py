"""The demo a stranger meets on `make run`: sign-in lines, four years of history, a hint on the
sign-in page."""

import re
import stat
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from service.application import Strategikarta
from service.demo import DEMO_PLAN, DEMO_REPORTER, DEMO_USERS, OPERATIONAL_PLAN, demo_password_file
from tests.conftest import open_store
from web import create_app
from web.cli import main

LINE = re.compile(r"^demo user: (\S+)  password: (\S+)  role: (\S+)$")


@pytest.fixture
def demo_store(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, list[str]]:
    """A SQLite store after `db init` and `demo`, as `make run` leaves it; and what demo printed."""
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", sqlite_url)
    runner = CliRunner()
    assert runner.invoke(main, ["db", "init"]).exit_code == 0
    result = runner.invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    return sqlite_url, result.output.splitlines()


@pytest.fixture
def demo(demo_store: tuple[str, list[str]]) -> Strategikarta:
    return open_store(demo_store[0], date(2026, 11, 29))


def test_demo_prints_one_sign_in_line_per_role_with_one_random_password_kept_next_to_the_store(
        demo_store: tuple[str, list[str]]) -> None:
    url, lines = demo_store
    users = [LINE.match(line) for line in lines[1:]]
    assert all(users) and len(users) == 5
    assert [(m[1], m[3]) for m in users if m] == [*DEMO_USERS, DEMO_REPORTER[:2]]
    passwords = {m[2] for m in users if m}
    assert len(passwords) == 1 and len(passwords.pop()) >= 10
    password_file = demo_password_file(url)
    assert password_file.parent == Path(url.removeprefix("sqlite:///")).parent
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    again = CliRunner().invoke(main, ["demo"]).output.splitlines()
    assert again[1:] == lines[1:]  # every `make run` prints the same lines again


def test_each_demo_user_signs_in_with_the_printed_password_and_has_its_role(
        demo_store: tuple[str, list[str]], demo: Strategikarta) -> None:
    for line in demo_store[1][1:]:
        name, password, role = LINE.match(line).groups()  # type: ignore[union-attr]
        user = demo.users.for_password(name, password)
        assert user is not None and user.role.value == role


def test_no_demo_user_exists_in_a_store_without_the_demo(
        sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRATEGIKARTA_DATABASE_URL", sqlite_url)
    assert CliRunner().invoke(main, ["db", "init"]).exit_code == 0
    store = open_store(sqlite_url, date(2026, 11, 29))
    assert all(store.users.find(name) is None for name, _ in DEMO_USERS)
    assert not demo_password_file(sqlite_url).exists()


def test_the_demo_tells_four_years_each_known_on_its_own_days(demo: Strategikarta) -> None:
    revisions = demo.revisions.list(DEMO_PLAN)
    assert [r.year for r, _ in revisions] == [2022, 2023, 2024, 2025]
    assert demo.publication.get(DEMO_PLAN).published  # /public/ shows it
    with pytest.raises(Exception, match="did not exist yet"):
        demo.time_travel.plan_state(DEMO_PLAN, demo.time_travel.point(DEMO_PLAN, as_of=date(2022, 2, 1)))
    presented = demo.time_travel.point(DEMO_PLAN, as_of=date(2025, 5, 12))  # the README's example
    assert demo.follow_up.report(DEMO_PLAN, date(2025, 4, 30), presented).totals["not_reported"] < 42
    sizes = [len(demo.time_travel.plan_state(DEMO_PLAN, demo.time_travel.point(DEMO_PLAN, revision=year))
                 .milestones) for year in (2022, 2023, 2024)]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]  # milestones were added along the way
    assert demo.integrity.verify().ok


def test_the_diff_between_two_revisions_shows_moves_additions_drops_and_dependencies_with_reasons(
        demo: Strategikarta) -> None:
    old = demo.time_travel.point(DEMO_PLAN, revision=2023)
    new = demo.time_travel.point(DEMO_PLAN, revision=2024)
    diff = demo.time_travel.diff(DEMO_PLAN, old, new)
    assert diff["added"] and diff["changed"] and diff["dependencies_removed"]
    assert any(c.after == "dropped" for c in diff["status_changes"])
    for change in diff["added"] + diff["changed"] + diff["dependencies_removed"]:
        assert change.actor == "planerare" and change.reason


def test_a_report_corrected_after_it_was_presented_differs_from_the_one_presented(
        demo: Strategikarta) -> None:
    april = date(2024, 4, 30)
    as_presented = demo.follow_up.report(
        DEMO_PLAN, april, demo.time_travel.point(DEMO_PLAN, as_of=date(2024, 5, 21)))
    corrected = demo.follow_up.report(DEMO_PLAN, april)
    assert as_presented.totals != corrected.totals


def test_the_sign_in_page_of_a_demo_store_says_how_to_get_in(demo: Strategikarta) -> None:
    client: FlaskClient = create_app({"TESTING": True, "SERVICE": demo,
                                      "DATABASE_URL": "sqlite:////tmp/x.sqlite"}).test_client()
    page = client.get("/login").get_data(as_text=True)
    assert "planerare" in page and "revisor" in page and "make run" in page
    assert ".demo-password" in page


def test_the_sign_in_page_of_another_store_names_no_demo_user(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert "planerare" not in page and "make run" not in page


def test_the_accessibility_statement_and_footer_name_the_configured_organisation(
        memory_service: Strategikarta) -> None:
    client = create_app({"TESTING": True, "SERVICE": memory_service, "ORGANISATION": "Region Norr",
                         "CONTACT_EMAIL": "tillganglighet@norr.example"}).test_client()
    page = client.get("/tillganglighet").get_data(as_text=True)
    assert "mailto:tillganglighet@norr.example" in page and "Region Norr" in page
    assert "example.se" not in page


def test_without_a_configured_contact_the_statement_says_whom_to_ask(client: FlaskClient) -> None:
    page = client.get("/tillganglighet").get_data(as_text=True)
    assert "STRATEGIKARTA_CONTACT_EMAIL" in page and "mailto:" not in page


def test_the_diff_attributes_every_status_change_to_the_reports_recorded_between_and_misses_none(
        demo: Strategikarta) -> None:
    old = demo.time_travel.point(DEMO_PLAN, revision=2023)
    new = demo.time_travel.point(DEMO_PLAN, revision=2024)
    changes = demo.time_travel.diff(DEMO_PLAN, old, new)["status_changes"]
    listed = {(c.milestone, r.position) for c in changes for r in c.reports}
    filed = {(e.milestone, e.position) for e in demo.store.trail(DEMO_PLAN, demo.store.catch_up())
             .between(old.position or 0, new.position or 0) if e.type == "StatusReported"}
    assert filed and listed == filed
    for change in changes:
        if change.before != change.after:
            assert change.actor and change.recorded_at and change.reported_for
    later = demo.time_travel.diff(DEMO_PLAN, new, demo.time_travel.point(DEMO_PLAN, revision=2025))
    corrected = [c for c in later["status_changes"]
                 if any(r.reason.startswith("Rättelse") for r in c.reports)]
    assert corrected  # the April report corrected after it was presented is among them


def test_the_compare_page_lists_the_reports_behind_each_status_change(
        demo: Strategikarta) -> None:
    site = create_app({"TESTING": True, "SERVICE": demo})
    client = site.test_client()
    password = "lösenord-revisor"
    demo.users.set_password("revisor", password, actor="test")
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"name": "revisor", "password": password, "csrf_token": token})
    compare = client.get(f"/plans/{DEMO_PLAN}/revisions/compare?from=2023&to=2024")
    text = compare.get_data(as_text=True)
    assert compare.status_code == 200 and "Rapporter registrerade mellan" in text
    assert "planerare" in text


def test_the_demo_plans_goal_tree_has_perspectives_strategic_and_result_goals_with_metrics(
        demo: Strategikarta) -> None:
    goals = demo.goals.list(DEMO_PLAN)
    levels = [goal.level for goal in goals]
    assert (levels.count("perspective"), levels.count("strategic_goal"),
            levels.count("result_goal")) == (3, 5, 8)
    metrics = demo.goals.metrics(DEMO_PLAN)
    assert len(metrics) == 11 and {m.direction for m in metrics} == {
        "higher_is_better", "lower_is_better"}
    assert {m.frequency for m in metrics} == {"period", "annual"}
    assert all(len(m.targets) == 4 for m in metrics)  # a target for every year of the plan
    assert demo.goals.goal(DEMO_PLAN, "R-VANT").milestones == ("KS-02", "SV-02", "SV-04")
    assert "NV-06" in demo.goals.goal(DEMO_PLAN, "R-UNDV").milestones  # added by a revision


def test_the_demo_plans_outcomes_and_assessments_are_known_from_the_day_their_round_was_entered(
        demo: Strategikarta) -> None:
    april = date(2024, 4, 30)
    before = demo.follow_up.report(
        DEMO_PLAN, april, demo.time_travel.point(DEMO_PLAN, as_of=date(2024, 5, 1)))
    after = demo.follow_up.report(DEMO_PLAN, april)
    assert before.goals.metric_totals["no_outcome"] == 11
    assert before.goals.goal_totals["not_assessed"] == 8
    assert after.goals.metric_totals["no_outcome"] < 11
    assert after.goals.goal_totals["not_assessed"] < 8
    not_measured = [o for o in demo.goals.metric(DEMO_PLAN, "M-LEVN").outcomes if o.value is None]
    assert [o.reported_for for o in not_measured] == [date(2023, 8, 31)]


def test_the_operational_plans_april_and_august_reports_have_seed_002_like_figures(
        demo: Strategikarta) -> None:
    plan = demo.plans.get(OPERATIONAL_PLAN)
    assert (plan.start_year, plan.end_year) == (2025, 2025)
    goals = demo.goals.list(OPERATIONAL_PLAN)
    assert [g.level for g in goals].count("perspective") == 4
    assert [g.level for g in goals].count("result_goal") == 15
    assert len(demo.goals.metrics(OPERATIONAL_PLAN)) == 30
    april = demo.follow_up.report(OPERATIONAL_PLAN, date(2025, 4, 30)).goals
    assert april.goal_totals == {"satisfactory": 4, "partly_satisfactory": 8,
                                 "unsatisfactory": 2, "not_assessed": 1}
    assert april.metric_totals == {"met": 7, "partly_met": 6, "not_met": 6, "no_outcome": 11}
    august = demo.follow_up.report(OPERATIONAL_PLAN, date(2025, 8, 31))
    assert august.goals.goal_totals == {"satisfactory": 4, "partly_satisfactory": 9,
                                        "unsatisfactory": 1, "not_assessed": 1}
    assert august.goals.metric_totals == {"met": 8, "partly_met": 6, "not_met": 5,
                                          "no_outcome": 11}
    assert august.summary("sv").startswith("Av 15 resultatmål var fyra tillfredsställande")
    presented = demo.time_travel.point(OPERATIONAL_PLAN, as_of=date(2025, 9, 1))
    as_known = demo.follow_up.report(OPERATIONAL_PLAN, date(2025, 8, 31), presented).goals
    assert as_known.goal_totals == april.goal_totals  # the August round was entered later
    assert [r.year for r, _ in demo.revisions.list(OPERATIONAL_PLAN)] == [2025]


def test_the_demo_has_a_follow_up_year_with_decided_rounds_and_an_open_one(
        demo: Strategikarta) -> None:
    demo_service = demo
    bodies = {body.key for body in demo_service.bodies.all()}
    assert {"RS", "HSN"} <= bodies
    rounds = {view.key: view for view in demo_service.rounds.all(OPERATIONAL_PLAN)}
    assert {key: view.state for key, view in rounds.items()} == {
        "T1-2025": "decided", "delar-2025": "decided", "bokslut-2025": "open"}
    decided = demo_service.rounds.report(OPERATIONAL_PLAN, "T1-2025")
    assert decided.decided and decided.round.record.decision is not None
    assert decided.round.record.decision.decision.paragraph == "§ 98"
    reporter = demo_service.users.find(DEMO_REPORTER[0])
    assert reporter is not None and reporter.bodies == DEMO_REPORTER[2]
    mine = demo_service.rounds.my_items(OPERATIONAL_PLAN, "bokslut-2025", reporter)
    assert mine and all(line.body == "HSN" for line in mine)
