"""Employee list page and API at 600 and 20,000 employees: latency and SQL queries.

Run: `make bench` or `.venv/bin/python bench/bench_employee_list.py`.
"""

import statistics
import time

from _django import setup

REQUESTS = 30


def measure(client, url: str) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches
    timings = []
    queries = 0
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return statistics.median(timings), p95, queries


def run_size(employees: int) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from parcours.organisation.demo import build_demo

    call_command("flush", "--no-input", verbosity=0)
    started = time.perf_counter()
    result = build_demo(employees=employees)
    built = time.perf_counter() - started
    print(f"\n{result.employees} employees (demo built in {built:.1f} s, {connection.vendor})")
    for username in ("hr-admin", "manager"):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        for label, url in (
            ("employee list page", "/org/employees/"),
            ("employee list page, search", "/org/employees/?q=an"),
            ("employees API", "/api/v1/employees/"),
        ):
            median, p95, queries = measure(client, url)
            print(
                f"  {username:<9} {label:<28} median {median:7.1f} ms   p95 {p95:7.1f} ms"
                f"   {queries:2d} queries"
            )


def main() -> None:
    setup("employee_list")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    for size in (600, 20000):
        run_size(size)


if __name__ == "__main__":
    main()
