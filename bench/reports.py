"""Benchmark of the annual report (issue 6): the province's 2024 report as JSON and as DOCX.

    .venv/bin/python bench/reports.py                 # SQLite, then PostgreSQL
    .venv/bin/python bench/reports.py --db sqlite     # one database (sqlite | postgres | both)

Builds the Lào Cai demo (``congdoan demo``: about 46,000 people, 41,000
support grants, 82,000 participations, 1,210 grassroots unions and the 2025
restructure) in a throw-away database, then times
``reports.annual.build`` of the province for 2024 with the JSON written
(``json.dumps`` of ``as_dict()``, what ``congdoan report annual --format
json`` prints) and with the DOCX written (``documents.write_docx``): the first
(cold) run, then the median of the warm ones. Goals: JSON < 0.5 s, DOCX < 2 s.
Each database runs in its own process (Django reads ``DATABASE_URL`` once).
Not measured yet: the country (11 million members on PostgreSQL).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from temporary_database import run_in_temporary_database  # noqa: E402 - after the path set-up

WARM_RUNS = 5


def _timed(action) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def measure(db: str) -> None:
    def body() -> None:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        from congdoan.activities.selectors import participations
        from congdoan.care.selectors import support_count
        from congdoan.members.selectors import count_members
        from congdoan.org import demo
        from congdoan.org.models import Unit
        from congdoan.reports import annual, documents

        started = time.perf_counter()
        demo.build_demo(progress=lambda message: None)
        built = time.perf_counter() - started
        province = Unit.objects.get(code=demo.PROVINCE_CODE)
        year = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
        sizes = (
            f"{count_members(province, year[1]):,} members on 31/12/2024, "
            f"{support_count(province, *year):,} paid grants, {participations(province, *year):,} participations"
        )

        def as_json() -> None:
            json.dumps(annual.build(province, 2024).as_dict(), ensure_ascii=False)

        def as_docx() -> None:
            documents.write_docx(annual.build(province, 2024))

        for label, action, goal in (("JSON", as_json, 0.5), ("DOCX", as_docx, 2.0)):
            cold = _timed(action)
            warm = statistics.median(_timed(action) for _ in range(WARM_RUNS))
            print(
                f"{db:<8} province 2024 {label:<4}  cold {cold:6.3f} s  warm median {warm:6.3f} s"
                f"  (goal < {goal} s; {WARM_RUNS} warm runs)",
                flush=True,
            )
        print(f"{db:<8} data: {sizes}; demo built in {built:.0f} s", flush=True)

    run_in_temporary_database(db, body, {"CONGDOAN_DEBUG": "0"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        measure(args.db)
        return 0
    print(f"{os.cpu_count()} CPUs; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        command = [sys.executable, __file__, "--measure", "--db", db]
        status = subprocess.call(command)  # noqa: S603 - this script
        if status != 0:
            print(f"{db}: failed (exit status {status})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
