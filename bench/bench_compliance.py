"""Time the compliance engine on 20,000 generated employees as of one date.

    python bench/bench_compliance.py [--employees N] [--on YYYY-MM-DD] [--workers N]
                                     [--engine-only]

The population is generated from a fixed seed (FR, BE and NL plants, leaves, interviews,
trainings, company policies) so that runs compare like with like. Each run assesses every
employee and keeps only the counts a site dashboard shows, as the application does. Prints
the median of 5 runs and the time per employee in one process; with --workers N, also
split over N processes (the engine is a pure function, so a batch job may use every core).

Then, unless --engine-only, the full path of the pages on a throwaway database: the demo
group with as many employees and its compliance history, the facts read by
`parcours.compliance.selectors` (a fixed number of queries) and the engine on them, and
the site page of the largest French plant, with its query count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable
from multiprocessing import get_context
from multiprocessing.pool import Pool
from operator import attrgetter

from parcours.compliance import (
    CompanyPolicy,
    EmployeeFacts,
    Employer,
    HeldInterview,
    Leave,
    Training,
    assess,
)

EMPLOYERS = (
    Employer("FR", 120),
    Employer("FR", 850),
    Employer("FR", 35),
    Employer("FR", 420, agreement_years=5, agreement_before_reform=True),
    Employer("FR", 200, agreement_years=3, agreement_before_reform=False),
    Employer("BE", 140),
    Employer("NL", 90),
)
POLICIES = (
    CompanyPolicy(
        "ANNUAL-OPERATORS",
        "annual_review",
        period_months=12,
        categories=frozenset({"operator"}),
        start=dt.date(2023, 1, 1),
    ),
    CompanyPolicy(
        "NL-CAO",
        "annual_review",
        first_due_months=6,
        period_months=12,
        countries=frozenset({"NL"}),
        start=dt.date(2022, 1, 1),
    ),
    CompanyPolicy(
        "PROBATION",
        "probation_review",
        first_due_months=3,
        period_months=None,
        start=dt.date(2018, 1, 1),
    ),
)
LEAVE_KINDS = (
    "maternity",
    "parental",
    "sabbatical",
    "long_illness",
    "sick",
    "sick",
    "vacation",
    "unpaid",
    "caregiver",
    "union_mandate",
    "secured_mobility",
)
CATEGORIES = ("operator", "operator", "technician", "manager")


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    span = (end - start).days
    return start + dt.timedelta(days=rng.randint(0, max(span, 0)))


def generate(n: int, on: dt.date, seed: int = 20260301) -> list[tuple[Employer, EmployeeFacts]]:
    """A plant-like population: long and short tenures, mostly timely interviews, a few
    late ones, leaves of every kind, probation and annual reviews where policies ask."""
    rng = random.Random(seed)
    people: list[tuple[Employer, EmployeeFacts]] = []
    for _ in range(n):
        employer = rng.choice(EMPLOYERS)
        hire = _day(rng, dt.date(1995, 1, 1), on)
        birth = _day(rng, dt.date(1962, 1, 1), dt.date(2004, 12, 31))
        category = rng.choice(CATEGORIES)
        interviews = []
        if employer.country == "FR":
            d = max(hire, dt.date(2014, 3, 7))
            count = 0
            while True:
                late = rng.random() < 0.15
                d += dt.timedelta(days=rng.randint(800, 1500) if late else rng.randint(500, 720))
                if d > on:
                    break
                count += 1
                kind = "summary" if count % 3 == 0 else "periodic"
                topics = ("end_of_career",) if rng.random() < 0.3 else ()
                interviews.append(HeldInterview(d, kind, topics))
        probation = hire + dt.timedelta(days=rng.randint(60, 100))
        if probation <= on and rng.random() < 0.9:
            interviews.append(HeldInterview(probation, "probation_review"))
        if category == "operator":
            for year in range(2023, on.year + 1):
                review = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
                if hire <= review <= on and rng.random() < 0.8:
                    interviews.append(HeldInterview(review, "annual_review"))
        leaves = []
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            first = _day(rng, hire, on)
            last = first + dt.timedelta(days=rng.randint(3, 400))
            back = last + dt.timedelta(days=rng.randint(1, 4)) if rng.random() < 0.3 else None
            leaves.append(Leave(rng.choice(LEAVE_KINDS), first, last, back))
        trainings = [
            Training(_day(rng, hire, on), mandatory=rng.random() < 0.6)
            for _ in range(rng.choice((0, 1, 2)))
        ]
        visit = _day(rng, dt.date(2025, 11, 1), on) if rng.random() < 0.05 else None
        facts = EmployeeFacts(
            hire_date=hire,
            birth_date=birth,
            leaves=leaves,
            interviews=interviews,
            trainings=trainings,
            mid_career_visit=visit,
            category=category,
        )
        people.append((employer, facts))
    return people


Tally = tuple[Counter[str], int]
_status = attrgetter("status")


def run(people: list[tuple[Employer, EmployeeFacts]], on: dt.date) -> Tally:
    """What a site dashboard does: assess everyone, keep the counts, drop the details."""
    statuses: Counter[str] = Counter()
    at_risk = 0
    for employer, facts in people:
        result = assess(employer, facts, on, policies=POLICIES)
        statuses.update(map(_status, result.obligations))
        if result.penalty.at_risk:
            at_risk += 1
    return statuses, at_risk


# Set before the worker processes fork, so that they inherit the population.
_shared: list[tuple[Employer, EmployeeFacts]] = []


def _run_slice(job: tuple[int, int, dt.date]) -> Tally:
    first, last, on = job
    return run(_shared[first:last], on)


def run_parallel(pool: Pool, workers: int, on: dt.date) -> Tally:
    """The same, one slice of the population per process (the engine is a pure function)."""
    size = -(-len(_shared) // workers)
    jobs = [(i, min(i + size, len(_shared)), on) for i in range(0, len(_shared), size)]
    statuses: Counter[str] = Counter()
    at_risk = 0
    for part, risk in pool.map(_run_slice, jobs):
        statuses += part
        at_risk += risk
    return statuses, at_risk


def median_time(task: Callable[[], Tally]) -> tuple[float, float, Tally]:
    """Median wall-clock and CPU seconds of 5 runs of `task`, and its result.

    CPU time is shown beside wall-clock time because a shared machine's other processes
    can stretch the latter.
    """
    walls, cpus = [], []
    tally: Tally = (Counter(), 0)
    for _ in range(5):
        wall, cpu = time.perf_counter(), time.process_time()
        tally = task()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--on", type=dt.date.fromisoformat, default=dt.date(2026, 3, 1))
    parser.add_argument("--engine-only", action="store_true", help="skip the database path")
    parser.add_argument(
        "--db-employees", type=int, default=20_000, help="size of the demo group in the database"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="also time the run split over this many processes (2 on a 2-core machine)",
    )
    args = parser.parse_args()
    people = generate(args.employees, args.on)
    n = len(people)

    seconds, cpu, (statuses, at_risk) = median_time(lambda: run(people, args.on))
    print(
        f"{n} employees as of {args.on.isoformat()}, one process: median of 5 runs"
        f" {seconds:.3f} s ({cpu:.3f} s CPU), {seconds / n * 1e6:.1f} µs per employee"
    )
    counts = ", ".join(f"{status} {count}" for status, count in sorted(statuses.items()))
    print(f"  {sum(statuses.values())} obligations ({counts}); {at_risk} at penalty risk")

    if args.workers > 1:
        _shared[:] = people
        with get_context("fork").Pool(args.workers) as pool:
            seconds, _, tally = median_time(lambda: run_parallel(pool, args.workers, args.on))
        assert tally == (statuses, at_risk), "the parallel run must count the same"
        print(
            f"{n} employees, {args.workers} processes: median of 5 runs {seconds:.3f} s,"
            f" {seconds / n * 1e6:.1f} µs per employee"
        )
    if not args.engine_only:
        full_path(args.db_employees)


def full_path(employees: int) -> None:
    """Facts from the database + engine, as the pages and the command do."""
    from _django import setup

    setup("compliance")
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from parcours.compliance import selectors
    from parcours.compliance.demo import build_compliance_demo
    from parcours.organisation.demo import build_demo
    from parcours.organisation.models import Employee, Site

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    build_demo(employees=employees)
    build_compliance_demo()
    print(
        f"\nDemo group of {Employee.objects.count()} employees built in"
        f" {time.perf_counter() - started:.1f} s ({connection.vendor})"
    )
    on = timezone.localdate()
    everyone = selectors.employees_on(Employee.objects.all(), on)

    def facts_only() -> Tally:
        rows, _facts, _open = selectors.facts_for(everyone, on)
        return Counter({"employees": len(rows)}), 0

    def facts_and_engine() -> Tally:
        assessed = selectors.assess_employees(everyone, on)
        statuses: Counter[str] = Counter()
        for who in assessed:
            statuses.update(map(_status, who.assessment.obligations))
        return statuses, sum(1 for who in assessed if who.assessment.penalty.at_risk)

    seconds, cpu, (counts, _) = median_time(facts_only)
    n = counts["employees"]
    print(f"  facts of {n} employees from the database: {seconds:.3f} s ({cpu:.3f} s CPU)")
    with CaptureQueriesContext(connection) as queries:
        seconds, cpu, (statuses, at_risk) = median_time(facts_and_engine)
    print(
        f"  facts + engine, every employee as of {on.isoformat()}: {seconds:.3f} s"
        f" ({cpu:.3f} s CPU), {len(queries) // 5} queries; {at_risk} at penalty risk"
    )
    site = Site.objects.get(code="FR-VAL")
    client = Client()
    client.force_login(get_user_model().objects.get(username="hr-valenciennes"))
    url = f"/compliance/sites/{site.pk}/"
    client.get(url)
    timings = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    print(
        f"  site page of {site.name} ({site.employees.count()} employees):"
        f" median {statistics.median(timings) * 1000:.0f} ms, {len(queries)} queries"
    )


if __name__ == "__main__":
    main()
