"""Benchmark of the annual report (issue 6): the province's 2024 report as JSON and as DOCX.

    .venv/bin/python bench/reports.py                 # SQLite, then PostgreSQL
    .venv/bin/python bench/reports.py --db sqlite     # one database (sqlite | postgres | both)

Builds the Lào Cai demo (``congdoan demo``: about 46,000 people, 41,000
support grants, 82,000 participations, 1,210 grassroots unions and the 2025
restructure) in a throw-away database, then times
``reports.annual.build`` of the province for 2024 with the JSON written
(``json.dumps`` of ``as_dict()``, what ``congdoan report annual --format
json`` prints) and with the DOCX written (``documents.write_docx``): once with
nothing kept (``reports/kept.py``: every record is read and the figures are
kept), then the median of the runs that read the kept figures, as every
report after the first does. Goals: JSON < 0.5 s, DOCX < 2 s.
Each database runs in its own process (Django reads ``DATABASE_URL`` once).

The country::

    .venv/bin/python bench/reports.py --country 11000000 --db postgres
    .venv/bin/python bench/reports.py --country 1000000 --db postgres   # a tenth, to see the trend

builds the confederation, 34 provinces of ``--grassroots`` grassroots unions
(under ``--districts`` district federations each) and ``--country`` members
as ``bench/members.py`` does — on PostgreSQL without the indexes of the
member pages and search (:data:`PAGE_INDEXES`: no report reads them, and
keeping them up makes 11 million people a load of hours) —, then the 2024
records in the demo province's proportions (per member: 0.89 paid support
grants, one study session per 16 members with about 28 participants, the
admissions of the members who joined in 2024), and times the
confederation's annual report as JSON (goal < 5 s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
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
        from congdoan.reports import annual, documents, kept

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
            kept.forget_all()
            cold = _timed(action)
            warm = statistics.median(_timed(action) for _ in range(WARM_RUNS))
            print(
                f"{db:<8} province 2024 {label:<4}  nothing kept {cold:6.3f} s  kept (median of {WARM_RUNS}) "
                f"{warm:6.3f} s  (goal < {goal} s)",
                flush=True,
            )
        print(f"{db:<8} data: {sizes}; demo built in {built:.0f} s", flush=True)

    run_in_temporary_database(db, body, {"CONGDOAN_DEBUG": "0"})


def _country_records(members: int) -> str:
    """The 2024 records of the country in the demo province's proportions; returns their sizes."""
    import random

    from django.db import connection, transaction

    from congdoan.activities.models import Mode, Session, SessionKind
    from congdoan.care.models import GrantState, ProgrammeKind, SupportGrant, SupportProgramme
    from congdoan.members.models import EventKind, MemberEvent, Person
    from congdoan.org.models import PATH_SEGMENT_WIDTH, Level, Unit

    rng = random.Random(2)  # noqa: S311 - benchmark data
    now = dt.datetime(2024, 12, 31, tzinfo=dt.UTC)
    provinces = {u.pk: u for u in Unit.objects.filter(level=Level.PROVINCE_FEDERATION)}
    programmes = {
        pk: SupportProgramme.objects.create(
            name=f"Tết Sum vầy 2024 — {unit.code}",
            kind=ProgrammeKind.TET,
            unit=unit,
            start=dt.date(2024, 1, 1),
            end=dt.date(2024, 12, 31),
        )
        for pk, unit in provinces.items()
    }
    # The province of each grassroots union: the second segment of its path.
    province_of = {
        pk: int(path[PATH_SEGMENT_WIDTH + 1 : 2 * PATH_SEGMENT_WIDTH + 1])
        for pk, path in Unit.objects.filter(level=Level.GRASSROOTS).values_list("pk", "path")
    }
    grassroots = list(province_of)
    grants = admissions = 0
    batch = 20_000
    last = 0
    while True:
        people = list(
            Person.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "full_name", "unit_id", "joined_on")[:batch]
        )
        if not people:
            break
        last = people[-1][0]
        events, rows = [], []
        for pk, name, unit_id, joined in people:
            if joined.year == 2024:
                events.append(MemberEvent(person_id=pk, kind=EventKind.ADMITTED, on=joined, unit_id=unit_id))
            if rng.random() < 0.89:
                day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(366))
                rows.append(
                    SupportGrant(
                        programme=programmes[province_of[unit_id]],
                        unit_id=unit_id,
                        person_id=pk,
                        recipient_name=name,
                        on=day,
                        amount=rng.choice([500_000, 800_000, 1_000_000, 2_000_000]),
                        state=GrantState.PAID,
                        requested_at=now,
                        paid_at=now,
                    )
                )
        with transaction.atomic():
            MemberEvent.objects.bulk_create(events, batch_size=5000)
            SupportGrant.objects.bulk_create(rows, batch_size=5000)
        admissions += len(events)
        grants += len(rows)
    sessions = [
        Session(
            topic="Học tập, quán triệt Nghị quyết",
            kind=rng.choice(SessionKind.values),
            unit_id=rng.choice(grassroots),
            on=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(366)),
            mode=Mode.HEADCOUNT,
            participants=(n := rng.randint(10, 46)),
            women=n // 2,
        )
        for _ in range(members // 16)
    ]
    Session.objects.bulk_create(sessions, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    participations = sum(s.participants for s in sessions)
    return f"{admissions:,} admissions, {grants:,} paid grants, {len(sessions):,} sessions ({participations:,} participations)"


#: Indexes of the member pages and search (and of who recorded what), not read by any report: on
#: PostgreSQL the country's build drops them first, or 11 million people take hours to load.
PAGE_INDEXES = [
    "person_name_fold_trgm", "person_word2_start", "person_word3_start", "person_word4_start",
    "person_word5_start", "person_long_name", "members_person_name_sort_f344a19b",
    "members_person_name_sort_f344a19b_like", "members_person_cccd_a1633ace_like", "members_person_phone_480c395d",
    "members_person_phone_480c395d_like", "members_person_card_number_586adeb9_like",
    "members_person_identity_key_3c2e2aa2", "members_person_identity_key_3c2e2aa2_like",
    "members_person_other_id_540cbc77", "members_person_other_id_540cbc77_like", "person_unit_status_sort",
    "person_unit_cover", "care_supportgrant_decided_by_id_00089b39", "care_supportgrant_paid_by_id_8379c3b6",
    "care_supportgrant_requested_by_id_ca641513", "care_supportgrant_person_id_87ed5f88",
    "care_supportgrant_recipient_cccd_bf19840a_like", "members_memberevent_kind_3fc2ff83",
    "members_memberevent_kind_3fc2ff83_like", "members_memberevent_other_unit_id_10612307",
    "members_memberevent_recorded_by_id_fd73d731",
]  # fmt: skip


def _build_country(members: int, grassroots: int, districts: int) -> tuple[str, float]:
    """The generated country (``bench/members.py``'s people and units, then the 2024 records)."""
    import importlib.util

    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {', '.join(PAGE_INDEXES)}")

    spec = importlib.util.spec_from_file_location("member_bench", Path(__file__).with_name("members.py"))
    assert spec is not None and spec.loader is not None
    member_bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(member_bench)
    started = time.perf_counter()
    member_bench._build(members, grassroots, districts)
    sizes = _country_records(members)
    return sizes, time.perf_counter() - started


def keep_country(members: int, grassroots: int, districts: int) -> None:
    """Build the country on a PostgreSQL cluster and leave it running for ``--reuse`` (hours at 11 million)."""
    from congdoan.testing.pgcluster import start_cluster

    tmp = Path(tempfile.mkdtemp(prefix="congdoan-bench-"))
    os.environ["CONGDOAN_DATA_DIR"] = str(tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congdoan.settings")
    os.environ["CONGDOAN_DEBUG"] = "0"
    cluster = start_cluster()
    os.environ["DATABASE_URL"] = cluster.url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    sizes, built = _build_country(members, grassroots, districts)
    print(f"built in {built:.0f} s: {members:,} members, {grassroots * 34:,} grassroots unions, {sizes}")
    print(f"kept: --reuse '{cluster.url}'\nfolders: {cluster.root} {tmp}", flush=True)


def _targets() -> str:
    """2024 new-member targets given down the whole tree, 4 per grassroots union, if none are there yet."""
    from congdoan.org.models import Status, Unit, UnitVersion
    from congdoan.plans import services as plans
    from congdoan.plans.models import Target

    if Target.objects.filter(year=2024).exists():
        return f"{Target.objects.filter(year=2024).count():,} targets (kept database)"
    on = dt.date(2024, 1, 1)
    children: dict[int | None, list[Unit]] = {}
    versions = UnitVersion.objects.filter(status=Status.ACTIVE, valid_from__lte=on, valid_to__gt=on)
    units = Unit.objects.in_bulk([v.unit_id for v in versions])
    for version in versions:
        children.setdefault(version.parent_id, []).append(units[version.unit_id])

    def share(unit: Unit) -> int:
        below = children.get(unit.pk, [])
        return sum(share(child) for child in below) if below else 4

    top = Unit.objects.get(code="TLD")
    plans.set_target(actor=None, unit=top, year=2024, indicator="new_members", value=share(top))
    parents = [top]
    while parents:
        parent = parents.pop()
        below = children.get(parent.pk, [])
        if below:
            plans.distribute(
                actor=None,
                parent=parent,
                year=2024,
                indicator="new_members",
                values={child: share(child) for child in below},
                tree_on=on,
            )
            parents.extend(below)
    return f"{Target.objects.filter(year=2024).count():,} new-member targets for 2024"


def _a_days_work() -> str:
    """What a country's officers record in a day, through the services: sessions, paid grants, transfers."""
    import random

    from congdoan.activities import services as activities
    from congdoan.activities.models import SessionKind
    from congdoan.care import services as care
    from congdoan.care.models import GrantState, SupportProgramme
    from congdoan.care.services import GrantInput, Recipient
    from congdoan.members import services as members
    from congdoan.members.models import Person
    from congdoan.org.models import Level, Unit

    rng = random.Random(3)  # noqa: S311 - benchmark data
    grassroots = list(Unit.objects.filter(level=Level.GRASSROOTS).values_list("pk", flat=True))
    day = dt.date(2024, 12, 20)
    for _ in range(100):
        activities.create_session(
            actor=None,
            unit=Unit.objects.get(pk=rng.choice(grassroots)),
            topic="Tuyên truyền an toàn lao động",
            kind=SessionKind.STUDY,
            on=day,
            participants=30,
            women=12,
        )
    programme = SupportProgramme.objects.order_by("pk").first()
    assert programme is not None
    province = programme.unit
    units = list(
        Unit.objects.filter(path__startswith=province.path, level=Level.GRASSROOTS).values_list(
            "pk", flat=True
        )
    )
    care.request_grants(
        actor=None,
        programme=programme,
        unit=None,
        items=[
            GrantInput(
                recipient=Recipient(full_name=f"Người lao động {i}", cccd=f"096090{900_000 + i:06d}"),
                on=day,
                amount=1_000_000,
                unit=Unit.objects.get(pk=rng.choice(units)),
            )
            for i in range(100)
        ],
        state=GrantState.PAID,
    )
    top = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    moved = 0
    while moved < 50:
        person = Person.objects.filter(pk=rng.randrange(1, top + 1), joined_on__lt=day).first()
        if person is None:
            continue
        members.transfer(
            actor=None, person=person, to_unit=Unit.objects.get(pk=rng.choice(grassroots)), on=day
        )
        moved += 1
    return "100 sessions, 100 paid grants and 50 transfers on 20/12/2024, in random units"


def measure_country(db: str, members: int, grassroots: int, districts: int, reuse: str | None = None) -> None:
    def body() -> None:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        from congdoan.members.models import Person
        from congdoan.org.models import Level, Unit
        from congdoan.reports import annual, kept
        from congdoan.reports.models import KeptFigure

        if reuse:
            sizes, built = "(kept database)", 0.0
        else:
            sizes, built = _build_country(members, grassroots, districts)
        top = Unit.objects.get(code="TLD")

        def as_json() -> None:
            json.dumps(annual.build(top, 2024).as_dict(), ensure_ascii=False)

        targets = _targets()
        kept.forget_all()
        cold = _timed(as_json)
        warm = statistics.median(_timed(as_json) for _ in range(3))
        work = _a_days_work()
        after = _timed(as_json)
        print(
            f"{db:<8} country 2024 JSON  nothing kept {cold:6.3f} s  kept (median of 3) {warm:6.3f} s  "
            f"after a day's work {after:6.3f} s  (goal < 5 s)",
            flush=True,
        )
        print(f"{db:<8} a day's work: {work}", flush=True)
        people = Person.objects.count()
        units = Unit.objects.filter(level=Level.GRASSROOTS).count()
        rows = KeptFigure.objects.count()
        print(
            f"{db:<8} data: {people:,} people, {units:,} grassroots unions, {sizes}, {targets}; "
            f"built in {built:.0f} s; {rows:,} kept figures"
        )

    if reuse:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congdoan.settings")
        os.environ["DATABASE_URL"] = reuse
        os.environ["CONGDOAN_DEBUG"] = "0"
        os.environ.setdefault("CONGDOAN_DATA_DIR", tempfile.mkdtemp(prefix="congdoan-bench-"))
        body()
        return
    run_in_temporary_database(db, body, {"CONGDOAN_DEBUG": "0"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--country", type=int, help="members of a generated country (e.g. 11000000) instead of the demo"
    )
    parser.add_argument(
        "--grassroots", type=int, default=300, help="grassroots unions per province (--country)"
    )
    parser.add_argument(
        "--districts",
        type=int,
        default=0,
        help="district federations per province, above its grassroots (--country)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="build the country on PostgreSQL and leave it for --reuse"
    )
    parser.add_argument("--reuse", metavar="URL", help="measure the country on a database left by --keep")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.keep:
        keep_country(args.country or 11_000_000, args.grassroots, args.districts)
        return 0
    if args.reuse:
        measure_country("postgres", 0, 0, 0, reuse=args.reuse)
        return 0
    if args.measure:
        if args.country:
            measure_country(args.db, args.country, args.grassroots, args.districts)
        else:
            measure(args.db)
        return 0
    print(f"{os.cpu_count()} CPUs; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        command = [sys.executable, __file__, "--measure", "--db", db]
        if args.country:
            command += ["--country", str(args.country), "--grassroots", str(args.grassroots)]
            command += ["--districts", str(args.districts)]
        status = subprocess.call(command)  # noqa: S603 - this script
        if status != 0:
            print(f"{db}: failed (exit status {status})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
