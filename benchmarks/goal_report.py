"""The follow-up report with goals and metrics (issue 15) against the milestone-only report of
the same milestones, side by side in one run.

Two plans in one store: `goals` has 200 goals (5 perspectives, 45 strategic goals, 150 result
goals), 500 metrics (one in five annual, one in four lower-is-better) with targets for four
years and an outcome on every reporting date of 2022–2025 (annual ones at year end), every
goal assessed on every reporting date, and 200 milestones each serving a result goal, with a
status on every reporting date. `milestones` has the same 200 milestones and statuses and no
goals. Server time of `GET /plans/{plan}/report` (JSON, Flask test client, in-process) and
of the service's `follow_up.report` alone, median of REPEAT: on a read model already caught
up (warm), and as the first read after a change to the plan (a status reported just before,
so the plan's record is new and nothing kept per record is reused). Target: the report with
goals and metrics costs at most 2× the milestone-only one.
"""

import gc
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from itertools import count

from domain.goal import Goal
from domain.goal_values import Assessment, Direction, Frequency, Target, Thresholds
from domain.metric import Metric
from domain.plan import Plan
from domain.reporting_period import reporting_dates
from domain.values import Status
from service.application import Strategikarta
from service.config import persistence_env
from service.milestones import define
from web import create_app

REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))
TARGET = 2.0
TODAY = date(2025, 12, 31)
ON = date(2025, 8, 31)
YEARS = range(2022, 2026)
PLANS = ("milestones", "goals")  # the milestone-only plan, then the one with goals
PERSPECTIVES, STRATEGIC, RESULT, METRICS, MILESTONES = 5, 45, 150, 500, 200
STATUSES = [s for s in Status if s is not Status.DROPPED]  # dropping needs a decision
FOCUS_AREAS = [{"key": f"fa{i}", "name": f"Insatsområde {i + 1}", "description": ""}
               for i in range(7)]


def create_plan(service: Strategikarta, key: str) -> Plan:
    service.plans.create(key, f"Plan {key}", "RS", YEARS[0], YEARS[-1], FOCUS_AREAS,
                         actor="bench")
    return service.store.plan(key)


def goals_of(plan: Plan, dates: list[date], rng: random.Random) -> list[Goal]:
    levels = ([("perspective", None)] * PERSPECTIVES
              + [("strategic_goal", f"P{i % PERSPECTIVES}") for i in range(STRATEGIC)]
              + [("result_goal", f"S{i % STRATEGIC}") for i in range(RESULT)])
    parent_level = {"perspective": None, "strategic_goal": "perspective",
                    "result_goal": "strategic_goal"}
    goals, numbers = [], {"perspective": count(), "strategic_goal": count(),
                          "result_goal": count()}
    for level, parent in levels:
        key = f"{level[0].upper()}{next(numbers[level])}"
        goal = Goal.define(plan, key, f"Mål {key} i den genererade planen", "Beskrivning.",
                           level, parent, parent_level[level], ["RS"], "bench")
        for on in dates:
            goal.assess(plan.years, rng.choice(list(Assessment)), "Analys av läget.",
                        "Åtgärder framåt.", on, TODAY, "bench")
        goals.append(goal)
    return goals


def metrics_of(plan: Plan, dates: list[date], rng: random.Random) -> list[Metric]:
    metrics = []
    for i in range(METRICS):
        annual, lower = i % 5 == 0, i % 4 == 0
        metric = Metric.define(
            plan, f"M{i}", f"R{i % RESULT}", f"Mätetal {i}", "dagar" if lower else "%",
            Direction.LOWER_IS_BETTER if lower else Direction.HIGHER_IS_BETTER,
            Frequency.ANNUAL if annual else Frequency.PERIOD, Target(2021, 50),
            [Target(year, 20 if lower else 100) for year in YEARS], Thresholds(),
            "Regionens statistik", "bench")
        for on in dates:
            if not annual or (on.month, on.day) == (12, 31):
                value = rng.choice([None, *range(0, 150, 3)]) if rng.random() < 0.05 else (
                    round(rng.uniform(10, 40) if lower else rng.uniform(60, 130), 2))
                metric.report_outcome(plan.years, value, "Kommentar.", on, TODAY, "bench")
        metrics.append(metric)
    return metrics


def add_milestones(service: Strategikarta, key: str, dates: list[date], served: bool) -> None:
    """The same 200 milestones in either plan (serving result goals where there are goals)."""
    plan, rng = service.store.plan(key), random.Random(200)
    milestones = []
    for i in range(MILESTONES):
        milestone = define(plan, {
            "key": f"A{i}", "title": f"Milstolpe {i} i den genererade planen",
            "description": "Beskrivning.", "focus_area": f"fa{i % 7}",
            "target_year": YEARS[i % 4], "kind": "change", "responsible": ["HSN"],
            "effects": [], "goals": [f"R{i % RESULT}"] if served else []}, "bench", "")
        for on in dates:
            milestone.report_status(plan.years, rng.choice(STATUSES), "Uppföljning", on,
                                    TODAY, "bench")
        milestones.append(milestone)
    service.store.save(*milestones)


def build() -> Strategikarta:
    service = Strategikarta(persistence_env("sqlite:///:memory:"), today=lambda: TODAY)
    dates = [on for _, on in reporting_dates(Plan.reporting_periods, YEARS[0], YEARS[-1])]
    rng = random.Random(15)
    plan = create_plan(service, "goals")
    service.store.save(*goals_of(plan, dates, rng))
    service.store.save(*metrics_of(plan, dates, rng))
    add_milestones(service, "goals", dates, served=True)
    create_plan(service, "milestones")
    add_milestones(service, "milestones", dates, served=False)
    service.users.password_method = "pbkdf2:sha256:1000"
    service.users.add("viewer", "viewer", "benchmark-password", actor="bench")
    return service


def timed(actions: dict[str, Callable[[], object]],
          before: Callable[[str], object] = lambda plan: None) -> dict[str, float]:
    """Median seconds of REPEAT runs of each action, each after an untimed `before`; the
    plans take turns within a repeat, so a busy machine slows both alike."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(REPEAT):
        for name, action in actions.items():
            before(name)
            gc.collect()
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(found) for name, found in times.items()}


def changes(service: Strategikarta, plan: str) -> Iterator[None]:
    """A status reported on a milestone of `plan`, each time another: the plan record is new."""
    for i in count():
        service.milestones.report_status(plan, f"A{i % MILESTONES}", "at_risk", "Ändrad", ON,
                                         actor="bench")
        service.store.catch_up()
        yield


def measure(service: Strategikarta, headers: dict[str, str]) -> dict[str, dict[str, float]]:
    """Each kind of read, timed on both plans."""
    client = create_app({"SERVICE": service}).test_client()

    def request(plan: str) -> Callable[[], int]:
        def get() -> int:
            response = client.get(f"/api/v1/plans/{plan}/report?on={ON.isoformat()}",
                                  headers=headers)
            assert response.status_code == 200, response.json
            return len(response.data)
        return get

    def report(plan: str) -> Callable[[], object]:
        return lambda: service.follow_up.report(plan, ON)

    changed = {plan: changes(service, plan) for plan in PLANS}

    def change(plan: str) -> None:
        next(changed[plan])

    return {
        "bytes": {plan: float(request(plan)()) for plan in PLANS},
        "JSON, warm": timed({plan: request(plan) for plan in PLANS}),
        "JSON, after a change": timed({plan: request(plan) for plan in PLANS}, change),
        "service, warm": timed({plan: report(plan) for plan in PLANS}),
        "service, after a change": timed({plan: report(plan) for plan in PLANS}, change)}


def main() -> None:
    start = time.perf_counter()
    service = build()
    built = time.perf_counter() - start
    token = service.users.create_token("viewer", actor="bench")
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "sv"}
    found = measure(service, headers)
    service.close()
    plain, full = PLANS
    print(f"Goal report: {RESULT + STRATEGIC + PERSPECTIVES} goals, {METRICS} metrics, "
          f"{MILESTONES} milestones, reports on {len(YEARS) * 3} dates (built in {built:.0f} s); "
          f"median of {REPEAT}, report on {ON}")
    sizes = found.pop("bytes")
    print(f"  answer size: {sizes[plain] / 1024:.0f} KiB and {sizes[full] / 1024:.0f} KiB")
    print(f"  {'report':<26} {'milestones':>11} {'with goals':>11} {'ratio':>7}"
          f"   target ≤ {TARGET:.0f}×")
    for name, times in found.items():
        ratio = times[full] / times[plain]
        print(f"  {name:<26} {times[plain] * 1000:>9.1f}ms {times[full] * 1000:>9.1f}ms "
              f"{ratio:>6.1f}×   {'ok' if ratio <= TARGET else 'OVER'}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
