"""Benchmark of the member registry at national scale: accentless search and the member list page.

Builds ``--members`` people (default 1,000,000) in 34 provinces of
``--grassroots`` grassroots unions each, with Kinh and minority names,
one open membership spell each, then times, as a province federation
admin (scope: one province, about 1/34 of the people) and as the national
admin:

- ``search``: :func:`congdoan.members.selectors.search_people` for names
  without diacritics, partial words, a CCCD and a phone number;
- ``list``: the member list page of the province
  (``/members/unit/<pk>/`` through Django's test client: the count, the
  first page of 50 in Vietnamese order, the template), unfiltered and
  filtered (women, an age band, ethnic minorities).

Goals (issue 3): search < 50 ms, list page < 150 ms. Run::

    .venv/bin/python bench/members.py                  # SQLite, then PostgreSQL
    .venv/bin/python bench/members.py --db sqlite --members 200000

Each database runs in its own process in temporary folders (a SQLite file,
or a throw-away PostgreSQL cluster); nothing else is touched.

Building a million people takes minutes; to measure again after a change
without building again::

    .venv/bin/python bench/members.py --db postgres --keep     # prints the database it kept
    .venv/bin/python bench/members.py --reuse postgres://…      # or --reuse /tmp/…/congdoan.sqlite3

``--keep`` leaves the database (and the PostgreSQL server) running; stop it
afterwards with the command it prints.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from temporary_database import run_in_temporary_database  # noqa: E402 - after the path set-up

ON = dt.date(2026, 1, 1)
PROVINCES = 34
REPS = 20
#: Province codes of the generated CCCD numbers, a million people each (16 million at most).
CCCD_PREFIXES = [
    "010", "015", "001", "079", "025", "036", "038", "040", "042", "044", "045", "046", "048", "049", "051", "052",
]  # fmt: skip
BUDGET_SECONDS = 3.0


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Median milliseconds of repeated runs (after one warm-up) and the last result."""
    result = fn()
    times = []
    spent = 0.0
    for _ in range(REPS):
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
        times.append(elapsed * 1000)
        spent += elapsed
        if spent > BUDGET_SECONDS and len(times) >= 3:
            break
    return statistics.median(times), result


# The list page is fetched through Django's test client (host "testserver"), not in debug mode.
ENV = {"CONGDOAN_DEBUG": "0", "CONGDOAN_ALLOWED_HOSTS": "testserver"}


def run_one(db: str, members: int, grassroots: int) -> None:
    run_in_temporary_database(db, lambda: _run(db, members, grassroots), ENV)


def keep_one(db: str, members: int, grassroots: int) -> None:
    """Build and measure like :func:`run_one`, then leave the database for ``--reuse``."""
    tmp = Path(tempfile.mkdtemp(prefix="congdoan-bench-"))
    os.environ["CONGDOAN_DATA_DIR"] = str(tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congdoan.settings")
    os.environ.update(ENV)
    if db == "postgres":
        from congdoan.testing.pgcluster import start_cluster

        cluster = start_cluster()
        os.environ["DATABASE_URL"] = location = cluster.url
        stop = f"{' '.join(_stop_argv(cluster))}; rm -rf {cluster.root} {tmp}"
    else:
        os.environ.pop("DATABASE_URL", None)
        location = str(tmp / "congdoan.sqlite3")
        stop = f"rm -rf {tmp}"
    _run(db, members, grassroots)
    from django.db import connections

    connections.close_all()
    if db != "postgres":
        from django.conf import settings

        location = str(settings.DATABASES["default"]["NAME"])
    print(f"kept: --reuse {location}\nstop: {stop}", flush=True)


def _stop_argv(cluster: Any) -> list[str]:
    argv = [cluster.pg_ctl, "-D", str(cluster.root / "data"), "-m", "fast", "stop"]
    return ["runuser", "-u", cluster.run_as, "--", *argv] if cluster.run_as else argv


def reuse_one(location: str) -> None:
    """Measure on a database kept by ``--keep`` (a PostgreSQL URL or a SQLite file)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congdoan.settings")
    os.environ.update(ENV)
    if location.startswith("postgres"):
        os.environ["DATABASE_URL"] = location
        db = "postgres"
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["CONGDOAN_DATA_DIR"] = str(Path(location).parent)
        db = "sqlite"
    _run(db, 0, 0, reuse=True)


def _build(members: int, grassroots: int, districts: int = 0) -> tuple[Any, Any]:
    """The confederation, 34 provinces of ``grassroots`` grassroots unions each (under ``districts``
    district federations per province, or right under the province when 0), and ``members`` people."""
    from django.db import connection, transaction

    from congdoan.common.text import fold, name_sort_key
    from congdoan.members.demo import _GROUPS
    from congdoan.members.ids import century_digit
    from congdoan.members.models import Person, Spell
    from congdoan.members.services import identity_key
    from congdoan.org.models import OPEN_END, Level, Unit, UnitKind, UnitVersion, path_segment

    if members > len(CCCD_PREFIXES) * 10**6:
        raise SystemExit(f"at most {len(CCCD_PREFIXES) * 10**6:,} people: add CCCD_PREFIXES")
    rng = random.Random(1)  # noqa: S311 - benchmark data
    founded = dt.date(2000, 1, 1)
    kinds = [k for k in UnitKind.values]
    with transaction.atomic():
        top = Unit.objects.create(
            code="TLD",
            name="Tổng Liên đoàn Lao động Việt Nam",
            level=Level.CONFEDERATION,
            founded_on=founded,
            path="",
            depth=0,
        )
        top.path = path_segment(top.pk)
        top.save(update_fields=["path"])
        units: list[Unit] = [top]
        provinces = []
        for p in range(PROVINCES):
            province = Unit(
                code=f"P{p:02d}",
                name=f"Liên đoàn Lao động tỉnh {p:02d}",
                level=Level.PROVINCE_FEDERATION,
                founded_on=founded,
                parent=top,
                path="",
                depth=1,
            )
            provinces.append(province)
        Unit.objects.bulk_create(provinces)
        for province in provinces:
            province.path = top.path + path_segment(province.pk)
        Unit.objects.bulk_update(provinces, ["path"])
        middle = [
            Unit(
                code=f"{province.code}-H{d:02d}",
                name=f"Liên đoàn Lao động huyện {d:02d} tỉnh {province.code}",
                level=Level.DISTRICT_FEDERATION,
                founded_on=founded,
                parent=province,
                path=province.path,
                depth=2,
            )
            for province in provinces
            for d in range(districts)
        ]
        Unit.objects.bulk_create(middle, batch_size=2000)
        for unit in middle:
            unit.path = unit.path + path_segment(unit.pk)
        Unit.objects.bulk_update(middle, ["path"], batch_size=2000)
        grassroots_units = []
        for p, province in enumerate(provinces):
            for g in range(grassroots):
                parent = middle[p * districts + g % districts] if districts else province
                grassroots_units.append(
                    Unit(
                        code=f"{province.code}-{g:05d}",
                        name=f"Công đoàn cơ sở {province.code} số {g}",
                        level=Level.GRASSROOTS,
                        kind=rng.choice(kinds),
                        founded_on=founded,
                        parent=parent,
                        path=parent.path,
                        depth=parent.depth + 1,
                    )
                )
        Unit.objects.bulk_create(grassroots_units, batch_size=2000)
        for unit in grassroots_units:
            unit.path = unit.path + path_segment(unit.pk)
        Unit.objects.bulk_update(grassroots_units, ["path"], batch_size=2000)
        units += provinces + middle + grassroots_units
        UnitVersion.objects.bulk_create(
            [
                UnitVersion(
                    unit=u,
                    valid_from=founded,
                    valid_to=OPEN_END,
                    parent_id=u.parent_id,
                    name=u.name,
                    status="active",
                    path=u.path,
                    depth=u.depth,
                )
                for u in units
            ],
            batch_size=2000,
        )
    weights = [g[0] for g in _GROUPS]
    started = time.perf_counter()
    batch = 10_000
    serial = 0
    for start in range(0, members, batch):
        people = []
        homes = []
        for _ in range(min(batch, members - start)):
            _w, ethnicity, families, male_mid, female_mid, male_given, female_given = rng.choices(
                _GROUPS, weights
            )[0]
            woman = rng.random() < 0.5
            name = f"{rng.choice(families)} {rng.choice(female_mid if woman else male_mid)} {rng.choice(female_given if woman else male_given)}"
            year = rng.randint(1965, 2005)
            born = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
            gender = "female" if woman else "male"
            serial += 1
            unit = grassroots_units[rng.randrange(len(grassroots_units))]
            joined = dt.date(rng.randint(2000, 2025), 1, 1) + dt.timedelta(days=rng.randrange(300))
            people.append(
                Person(
                    full_name=name,
                    gender=gender,
                    birth_date=born,
                    birth_year=year,
                    cccd=f"{CCCD_PREFIXES[serial // 10**6]}{century_digit(gender, year)}{year % 100:02d}{serial % 10**6:06d}",
                    ethnicity=ethnicity,
                    phone=f"09{serial:08d}",
                    unit=unit,
                    status="active",
                    joined_on=joined,
                    name_fold=" " + fold(name),
                    name_sort=name_sort_key(name),
                    identity_key=identity_key(name, born, year, ""),
                )
            )
            homes.append((unit.pk, joined))
        with transaction.atomic():
            Person.objects.bulk_create(people, batch_size=2000)
            Spell.objects.bulk_create(
                [
                    Spell(person=p, unit_id=u, valid_from=j, state="active")
                    for p, (u, j) in zip(people, homes, strict=True)
                ],
                batch_size=2000,
            )
        print(f"  {start + len(people):,} people ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        # What autovacuum does after a load: statistics, and on PostgreSQL the
        # visibility map that lets covering indexes answer without the table.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return provinces[7], Person.objects.order_by("pk")[members // 2]


def _run(db: str, members: int, grassroots: int, *, reuse: bool = False) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from congdoan.accounts import services as accounts
    from congdoan.accounts.models import RoleKind, User
    from congdoan.members import selectors
    from congdoan.members.models import Person
    from congdoan.org.models import Unit

    call_command("migrate", interactive=False, verbosity=0)
    if reuse:
        members = Person.objects.count()
        province = Unit.objects.get(code="P07")
        sample = Person.objects.order_by("pk")[members // 2]
        national = User.objects.get(username="bench-admin")
        officer = User.objects.get(username="bench-province")
    else:
        print(
            f"{db}: building {members:,} people in {PROVINCES} provinces × {grassroots} grassroots unions…",
            flush=True,
        )
        province, sample = _build(members, grassroots)
        national = User.objects.create_superuser("bench-admin", password="x")
        officer = accounts.create_user(actor=None, username="bench-province", password="x-Secret-123")
        accounts.grant_role(actor=None, user=officer, unit=province, kind=RoleKind.FEDERATION_ADMIN)
    in_province = selectors.member_list(officer, province, ON).count()
    print(f"{db}: {members:,} people; the measured province has {in_province:,}", flush=True)

    given = sample.full_name.split()[-1]
    family = sample.full_name.split()[0]
    searches = [
        ("name without diacritics", "hoang giang"),
        ("partial words, any order", "giang hoàng"),
        ("three words", "nguyen thi huong"),
        ("minority name", "sung a pao"),
        ("common word", "thi"),
        ("rare prefix", "quy"),
        ("sample person", f"{family} {given}"),
        ("CCCD", sample.cccd),
        ("phone", sample.phone),
    ]
    for who, user in (("province admin", officer), ("national admin", national)):
        for label, query in searches:
            ms, found = timed(lambda q=query, u=user: selectors.search_people(u, q))
            print(
                f"{db}: search {label:<26} “{query}” as {who:<14} {ms:8.1f} ms  ({len(found)} shown)",
                flush=True,
            )

    client = Client()
    client.force_login(officer)
    url = f"/members/unit/{province.pk}/"
    pages = [
        ("unfiltered", ""),
        ("women", "?gender=female"),
        ("women 30–39", "?gender=female&age_band=30to39"),
        ("ethnic minorities", "?ethnicity=minority"),
        ("search in list", "?q=nguyen+van"),
        ("page 100", "?page=100"),
        ("women, a past date", f"?gender=female&on={ON.isoformat()}"),
    ]
    for label, query in pages:

        def page(q: str = query) -> int:
            response = client.get(url + q)
            assert response.status_code == 200, response.status_code
            return len(response.content)

        ms, size = timed(page)
        print(f"{db}: list page {label:<20} {ms:8.1f} ms  ({size:,} bytes)", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--grassroots", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="leave the database for --reuse (one --db only)")
    parser.add_argument("--reuse", metavar="URL_OR_FILE", help="measure on a database left by --keep")
    args = parser.parse_args(argv)
    if args.reuse:
        reuse_one(args.reuse)
        return 0
    if args.keep:
        if args.db == "both":
            parser.error("--keep needs --db sqlite or --db postgres")
        keep_one(args.db, args.members, args.grassroots)
        return 0
    if args.db != "both":
        run_one(args.db, args.members, args.grassroots)
        return 0
    status = 0
    for db in ("sqlite", "postgres"):
        status |= subprocess.run(  # noqa: S603 - runs this very script
            [
                sys.executable,
                __file__,
                "--db",
                db,
                "--members",
                str(args.members),
                "--grassroots",
                str(args.grassroots),
            ],
            check=False,
        ).returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
