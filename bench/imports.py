"""Benchmark of the member import (issue 4): the raw limit, congdoan, django-import-export.

Generates (xlsxwriter, constant_memory) a member list in the standard
template for each ``--rows`` size (default 46,000 and 1,000,000): title rows,
"STT" and the template's labels for the columns a real list has, every row
valid (Vietnamese names of the demo's ethnic groups, birth dates as Excel
dates, a CCCD that agrees with gender and birth year, a 2025 province, the
code of one of 300 grassroots unions founded on 2015-01-01, a join date
after it). Then, for each database and size, three measurements, each in its
own process on its own throw-away database (a SQLite file, or a PostgreSQL
cluster), so that the wall clock and the peak resident memory
(``ru_maxrss``) are that step's alone:

- ``(a)`` the raw limit: python-calamine reads the sheet, the cells of the
  person columns become tuples (choice labels to codes by dict look-ups,
  cheap placeholders for the derived name columns) and go into
  ``members_person`` by one bare ``executemany`` (SQLite) or ``COPY``
  (PostgreSQL, psycopg 3), in batches, in one transaction;
- ``(b)`` congdoan: ``imports.members.import_members`` of the file into the
  units its code column names, with every check, writing people, spells,
  admission events and the audit entry;
- ``(c)`` django-import-export: a ``ModelResource`` of ``Person`` over the same
  columns (unit by ``ForeignKeyWidget(Unit, "code")``, choice labels by
  small widgets, the derived fields filled in ``before_save_instance`` with
  congdoan's own functions), ``import_id_fields = ["cccd"]``,
  ``import_data(dataset, dry_run=False, raise_errors=True)`` with its
  defaults (row by row, diffs kept, one transaction). The dataset is loaded
  by tablib from the .xlsx as its admin does (``Dataset().load(...,
  format="xlsx")``, which needs openpyxl); without openpyxl, by calamine
  into a ``tablib.Dataset`` (faster than openpyxl: (c) is then a lower
  bound). Sizes above ``--peer-rows`` (default 20,000) run (c) on the
  first ``--peer-rows`` rows of the same data and extrapolate linearly.

Goals (issue 4): (b) ≤ 1.5 × (a); (b) at least 50 × faster than (c);
1,000,000 rows with a peak resident memory under 500 MB. Run::

    .venv/bin/python bench/imports.py                            # 46,000 and 1,000,000 rows, SQLite and PostgreSQL
    .venv/bin/python bench/imports.py --rows 46000 --db sqlite   # one size, one database
    .venv/bin/python bench/imports.py --keep /tmp/sheets         # keep (and reuse) the generated files

Nothing outside the temporary folders is touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from temporary_database import run_in_temporary_database  # noqa: E402 - after the path set-up

FOUNDED = dt.date(2015, 1, 1)
LAST_JOIN = dt.date(2025, 6, 30)
UNITS = 300
PROVINCE = "LC"
SHEET = "Đoàn viên"
TITLE = [
    "LIÊN ĐOÀN LAO ĐỘNG TỈNH LÀO CAI",
    "BAN TỔ CHỨC",
    "",
    "DANH SÁCH ĐOÀN VIÊN",
    "Tính đến ngày 30 tháng 6 năm 2025",
    "",
]
#: The template's columns a real list has, in the template's order (after "STT").
FIELDS = [
    "full_name",
    "birth_date",
    "gender",
    "cccd",
    "ethnicity",
    "religion",
    "education",
    "hometown_province",
    "phone",
    "employer",
    "job_title",
    "unit",
    "joined_on",
]
CCCD_PREFIXES = ["010", "015", "001", "025", "036", "034", "038", "030", "008", "024"]
RESULT = "RESULT "
STEPS = {
    "raw": "(a) raw limit",
    "congdoan": "(b) congdoan",
    "peer": "(c) django-import-export",
}


def unit_code(n: int) -> str:
    return f"CS{n:04d}"


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congdoan.settings")
    import django

    django.setup()


# --------------------------------------------------------------------------
# the file


def _people(rows: int) -> Iterator[list[Any]]:
    """The member rows (values in the order of FIELDS); the first N rows do not depend on ``rows``."""
    from congdoan.members.demo import _GROUPS, _JOBS
    from congdoan.members.ids import century_digit
    from congdoan.members.reference import ETHNICITIES, Education, Religion
    from congdoan.org import places
    from congdoan.org.models import UnitKind

    rng = random.Random(4)  # noqa: S311 - benchmark data
    weights = [g[0] for g in _GROUPS]
    provinces = [p.name for p in places.provinces()]
    religions = (
        [str(Religion.NONE.label)] * 93
        + [str(r.label) for r in (Religion.BUDDHISM, Religion.CATHOLIC, Religion.PROTESTANT)] * 2
        + [str(Religion.CAO_DAI.label)]
    )
    educations = [str(e.label) for e in Education][1:7]
    kinds = list(UnitKind.values)
    unit_kind = [kinds[n % len(kinds)] for n in range(UNITS)]
    employers = [f"Công ty Cổ phần Khoáng sản số {n + 1}" for n in range(UNITS)]
    for i in range(rows):
        _w, ethnicity, families, male_mid, female_mid, male_given, female_given = rng.choices(
            _GROUPS, weights
        )[0]
        woman = rng.random() < 0.5
        name = f"{rng.choice(families)} {rng.choice(female_mid if woman else male_mid)} {rng.choice(female_given if woman else male_given)}"
        year = rng.randint(1965, 2005)
        born = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        gender = "female" if woman else "male"
        cccd = f"{CCCD_PREFIXES[(i // 10**6) % len(CCCD_PREFIXES)]}{century_digit(gender, year)}{year % 100:02d}{i % 10**6:06d}"
        unit = rng.randrange(UNITS)
        first = max(FOUNDED, dt.date(year + 18, 1, 1))  # of age, and the unit exists
        joined = first + dt.timedelta(days=rng.randrange((LAST_JOIN - first).days + 1))
        yield [
            name,
            born,
            "Nữ" if woman else "Nam",
            cccd,
            ETHNICITIES[ethnicity],
            rng.choice(religions),
            rng.choice(educations),
            rng.choice(provinces),
            f"0{rng.choice(['912', '983', '977', '868', '394', '356'])}{rng.randrange(10**6):06d}",
            employers[unit],
            rng.choice(_JOBS.get(unit_kind[unit], _JOBS[UnitKind.OTHER])),
            unit_code(unit + 1),
            joined,
        ]


def generate(path: Path, rows: int) -> None:
    """The member list in the standard template, written row by row (xlsxwriter's constant_memory)."""
    import xlsxwriter

    from congdoan.imports.mapping import MEMBERS

    labels = {column.field: column.label for column in MEMBERS.columns}
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet(SHEET)
    bold = workbook.add_format({"bold": True})
    date = workbook.add_format({"num_format": "dd/mm/yyyy"})
    text = workbook.add_format({"num_format": "@"})
    for r, line in enumerate(TITLE):
        if line:
            sheet.write_string(r, 0, line, bold)
    header = len(TITLE)
    sheet.write_string(header, 0, "STT", bold)
    for c, name in enumerate(FIELDS, start=1):
        sheet.write_string(header, c, labels[name], bold)
    dates = {FIELDS.index("birth_date") + 1, FIELDS.index("joined_on") + 1}
    epoch = dt.date(1899, 12, 30)
    for i, values in enumerate(_people(rows)):
        r = header + 1 + i
        sheet.write_number(r, 0, i + 1)
        for c, value in enumerate(values, start=1):
            if c in dates:
                sheet.write_number(r, c, (value - epoch).days, date)  # a real Excel date
            else:
                sheet.write_string(r, c, value, text)
    workbook.close()


# --------------------------------------------------------------------------
# one measurement (in its own process, on its own database)


def _build_units() -> None:
    from django.core.management import call_command

    from congdoan.org import services as org
    from congdoan.org.models import Level

    call_command("migrate", interactive=False, verbosity=0)
    province = org.found_unit(
        actor=None,
        parent=None,
        code=PROVINCE,
        name="Liên đoàn Lao động tỉnh Lào Cai",
        level=Level.PROVINCE_FEDERATION,
        on=FOUNDED,
    )
    for n in range(1, UNITS + 1):
        org.found_unit(
            actor=None,
            parent=province,
            code=unit_code(n),
            name=f"Công đoàn cơ sở Công ty Cổ phần Khoáng sản số {n}",
            level=Level.GRASSROOTS,
            on=FOUNDED,
        )


def _choice_codes() -> dict[str, dict[str, Any]]:
    """Template label -> stored value, for the choice columns (what (a) and (c) look up)."""
    from django.utils import translation

    from congdoan.members.reference import ETHNICITIES, Education, Gender, Religion
    from congdoan.org import places

    with translation.override("vi"):
        return {
            "gender": {str(label): value for value, label in Gender.choices},
            "ethnicity": {name: code for code, name in ETHNICITIES.items()},
            "religion": {str(label): value for value, label in Religion.choices},
            "education": {str(label): value for value, label in Education.choices},
            "hometown_province": {p.name: int(p.code) for p in places.provinces()},
        }


RAW_COLUMNS = (
    "full_name gender birth_date birth_year cccd other_id citizenship nationality ethnicity religion "
    "education hometown_province_code residence_street phone email employer job_title contract_type "
    "unit_id status joined_on name_fold name_sort identity_key created_at updated_at"
).split()


def _raw(path: str, db: str) -> int:
    """(a): calamine's rows as tuples, bare executemany / COPY into members_person, one transaction."""
    from django.db import connection, transaction
    from django.utils import timezone
    from python_calamine import CalamineWorkbook

    from congdoan.imports.mapping import MEMBERS
    from congdoan.org.models import Unit

    codes = _choice_codes()
    gender, ethnicity, religion = codes["gender"], codes["ethnicity"], codes["religion"]
    education, province = codes["education"], codes["hometown_province"]
    unit_ids = dict(Unit.objects.values_list("code", "pk"))
    labels = {column.label: column.field for column in MEMBERS.columns}
    now = timezone.now()
    sheet = CalamineWorkbook.from_path(path).get_sheet_by_index(0)
    rows = sheet.iter_rows()
    for cells in rows:
        if "Họ và tên" in cells:
            at = {labels[c]: i for i, c in enumerate(cells) if c in labels}
            break
    name_at, born_at, gender_at, cccd_at = at["full_name"], at["birth_date"], at["gender"], at["cccd"]
    eth_at, rel_at, edu_at, home_at = (
        at["ethnicity"],
        at["religion"],
        at["education"],
        at["hometown_province"],
    )
    phone_at, employer_at, job_at, unit_at, joined_at = (
        at["phone"],
        at["employer"],
        at["job_title"],
        at["unit"],
        at["joined_on"],
    )

    def tuples() -> Iterator[tuple[Any, ...]]:
        for c in rows:
            name, born, cccd = c[name_at], c[born_at], c[cccd_at]
            yield (
                name,
                gender[c[gender_at]],
                born,
                born.year,
                cccd,
                "",
                "vn",
                "",
                ethnicity[c[eth_at]],
                religion[c[rel_at]],
                education[c[edu_at]],
                province[c[home_at]],
                "",
                c[phone_at],
                "",
                c[employer_at],
                c[job_at],
                "",
                unit_ids[c[unit_at]],
                "active",
                c[joined_at],
                name,
                name,
                cccd,
                now,
                now,
            )

    count = 0
    columns = ", ".join(RAW_COLUMNS)
    with transaction.atomic():
        cursor = connection.connection.cursor()
        if db == "postgres":
            with cursor.copy(f"COPY members_person ({columns}) FROM STDIN") as copy:
                for row in tuples():
                    copy.write_row(row)
                    count += 1
        else:
            sql = f"INSERT INTO members_person ({columns}) VALUES ({', '.join('?' * len(RAW_COLUMNS))})"
            batch: list[tuple[Any, ...]] = []
            for row in tuples():
                batch.append(row)
                if len(batch) >= 10_000:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            cursor.executemany(sql, batch)
            count += len(batch)
        cursor.close()
    return count


class Deadline(Exception):
    """The step ran past ``--deadline``: it is stopped (its transaction rolled back) and reported as such."""

    def __init__(self, rows: int) -> None:
        super().__init__(rows)
        self.rows = rows


class Clock:
    """Rows done against time (a mark at each tenth of the rows and at least every 2 minutes); the deadline."""

    def __init__(self, rows: int, deadline: float) -> None:
        self.rows = rows
        self.deadline = deadline
        self.start = time.perf_counter()
        self.marks: list[tuple[int, float]] = [(0, 0.0)]
        self.next_tenth = 1

    def __call__(self, done: int, _total: int | None = None) -> None:
        elapsed = time.perf_counter() - self.start
        if done * 10 >= self.next_tenth * self.rows:
            self.next_tenth = done * 10 // self.rows + 1
            self.marks.append((done, elapsed))
        elif elapsed - self.marks[-1][1] >= 120:
            self.marks.append((done, elapsed))
        if elapsed > self.deadline:
            self.marks.append((done, elapsed))
            raise Deadline(done)

    def rates(self) -> list[tuple[int, float]]:
        """(rows done at a mark, rows per second since the previous mark)."""
        return [
            (r2, (r2 - r1) / (t2 - t1))
            for (r1, t1), (r2, t2) in zip(self.marks, self.marks[1:], strict=False)
            if t2 > t1 and r2 > r1
        ]


def _congdoan(path: str, clock: Clock) -> int:
    """(b): congdoan's import, every check, into the units the file names."""
    from congdoan.imports.members import import_members

    result = import_members(actor=None, source=path, filename=Path(path).name, unit=None, progress=clock)
    if result.error_count or not result.written:
        first = result.errors[:3]
        raise SystemExit(f"congdoan's import refused the file: {result.error_count} errors, e.g. {first}")
    return result.created


def _peer_dataset(path: str) -> tuple[Any, str]:
    """The tablib Dataset of the sheet: tablib's own .xlsx loader (openpyxl), or calamine's rows."""
    import tablib

    try:
        import openpyxl  # noqa: F401 - only to know whether tablib can load .xlsx
    except ImportError:
        from python_calamine import CalamineWorkbook

        rows = CalamineWorkbook.from_path(path).get_sheet_by_index(0).iter_rows()
        for _skipped in range(len(TITLE)):
            next(rows)
        dataset = tablib.Dataset(headers=next(rows))
        for cells in rows:
            dataset.append(cells)
        return dataset, "calamine into tablib.Dataset (openpyxl is not installed)"
    with open(path, "rb") as f:
        dataset = tablib.Dataset().load(f.read(), format="xlsx", skip_lines=len(TITLE))
    return dataset, "tablib Dataset().load(format='xlsx') (openpyxl)"


def _peer_resource(clock: Clock) -> Any:
    from import_export import fields, resources, widgets

    from congdoan.imports.mapping import MEMBERS
    from congdoan.members.models import Person
    from congdoan.members.services import _derived
    from congdoan.org.models import Unit

    labels = {column.field: column.label for column in MEMBERS.columns}
    codes = _choice_codes()

    class Choice(widgets.Widget):
        def __init__(self, table: dict[str, Any]) -> None:
            super().__init__()
            self.table = table

        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
            return self.table[value] if value else ""

    def column(attribute: str, field: str | None = None, widget: Any = None) -> Any:
        return fields.Field(attribute=attribute, column_name=labels[field or attribute], widget=widget)

    class PersonResource(resources.ModelResource):
        full_name = column("full_name")
        birth_date = column("birth_date", widget=widgets.DateWidget())
        gender = column("gender", widget=Choice(codes["gender"]))
        cccd = column("cccd")
        ethnicity = column("ethnicity", widget=Choice(codes["ethnicity"]))
        religion = column("religion", widget=Choice(codes["religion"]))
        education = column("education", widget=Choice(codes["education"]))
        hometown_province_code = column(
            "hometown_province_code", "hometown_province", Choice(codes["hometown_province"])
        )
        phone = column("phone")
        employer = column("employer")
        job_title = column("job_title")
        unit = column("unit", widget=widgets.ForeignKeyWidget(Unit, "code"))
        joined_on = column("joined_on", widget=widgets.DateWidget())

        class Meta:
            model = Person
            fields = (
                "full_name",
                "birth_date",
                "gender",
                "cccd",
                "ethnicity",
                "religion",
                "education",
                "hometown_province_code",
                "phone",
                "employer",
                "job_title",
                "unit",
                "joined_on",
            )
            import_id_fields = ("cccd",)

        def before_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
            self.saved = getattr(self, "saved", 0) + 1
            if self.saved % 1000 == 0:
                clock(self.saved)
            instance.birth_year = instance.birth_date.year
            instance.status = "active"
            data = {
                "full_name": instance.full_name,
                "birth_date": instance.birth_date,
                "birth_year": instance.birth_year,
                "hometown_province_code": instance.hometown_province_code,
            }
            for key, value in _derived(data).items():
                setattr(instance, key, value)

    return PersonResource()


def _peer(path: str, clock: Clock) -> tuple[int, dict[str, Any]]:
    """(c): django-import-export's import_data with its defaults."""
    start = time.perf_counter()
    dataset, loader = _peer_dataset(path)
    loaded = time.perf_counter() - start
    from import_export.exceptions import ImportError as RowFailed

    try:
        result = _peer_resource(clock).import_data(dataset, dry_run=False, raise_errors=True)
    except RowFailed as failed:
        if isinstance(failed.error, Deadline):
            raise failed.error from None
        raise
    if result.has_errors() or result.has_validation_errors():
        raise SystemExit("django-import-export refused rows")
    return result.totals["new"], {"loader": loader, "load_seconds": loaded}


#: The modules an import runs through: their state is printed with the figures (others edit the tree).
MEASURED_CODE = [
    "src/congdoan/imports",
    "src/congdoan/members/services.py",
    "src/congdoan/members/models.py",
    "src/congdoan/members/ids.py",
    "src/congdoan/members/timeline.py",
    "src/congdoan/common/text.py",
]


def code_version() -> str:
    """The commit the measured code is at, and which of its modules differ from it."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603, S607
        return done.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "?"
    changed = [
        Path(name).name
        for name in git("diff", "--name-only", "HEAD", "--", *MEASURED_CODE).splitlines()
        if name.endswith(".py") and not name.endswith(("views.py", "urls.py"))
    ]
    return f"{head} + uncommitted {', '.join(changed)}" if changed else head


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(step: str, db: str, path: str, rows: int, deadline: float) -> None:
    """Run one step on a fresh database in this process; print its figures as one JSON line."""

    version = code_version()

    def body() -> None:
        _setup_django()
        _build_units()
        from congdoan.members.models import Person

        gc.collect()
        before = peak_mb()
        extra: dict[str, Any] = {}
        start = time.perf_counter()
        clock = Clock(rows, deadline)
        try:
            if step == "raw":
                written = _raw(path, db)
            elif step == "congdoan":
                written = _congdoan(path, clock)
            else:
                written, extra = _peer(path, clock)
        except Deadline as stop:
            extra["stopped_at"] = stop.rows
            written = rows
        seconds = time.perf_counter() - start
        peak = peak_mb()
        stored = Person.objects.count()
        if "stopped_at" not in extra and (written != rows or stored != rows):
            raise SystemExit(f"{step}: {written:,} written, {stored:,} stored, {rows:,} expected")
        figures = {
            "rows": rows,
            "seconds": seconds,
            "peak_mb": peak,
            "before_mb": before,
            "load": os.getloadavg()[0],
            "rates": clock.rates(),
            "code": version,
            **extra,
        }
        print(RESULT + json.dumps(figures), flush=True)

    run_in_temporary_database(db, body, {"CONGDOAN_DEBUG": "0"})


# --------------------------------------------------------------------------
# the run


def _child(step: str, db: str, path: Path, rows: int, deadline: float) -> dict[str, Any] | None:
    command = [sys.executable, __file__, "--measure", step, "--db", db, "--file", str(path)]
    command += ["--rows", str(rows), "--deadline", str(deadline)]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)  # noqa: S603 - this script
    for line in done.stdout.splitlines():
        if line.startswith(RESULT):
            return json.loads(line[len(RESULT) :])
        print(f"    {line}")
    print(f"    {STEPS[step]} failed (exit status {done.returncode})", flush=True)
    return None


def _line(label: str, r: dict[str, Any] | None) -> str:
    if r is None:
        return f"  {label:<30} failed"
    if "stopped_at" in r:
        done, seconds = r["stopped_at"], r["seconds"]
        last = r["rates"][-1][1] if r["rates"] else done / seconds
        left = (r["rows"] - done) / last if last else float("inf")
        return (
            f"  {label:<30} STOPPED at the deadline: {done:,} of {r['rows']:,} rows in {seconds:.0f} s; "
            f"the rest at the last rate ({last:,.0f} rows/s, falling) would take ≥ {left:,.0f} s more; "
            f"peak RSS so far {r['peak_mb']:.0f} MB  load {r['load']:.1f}"
        )
    return (
        f"  {label:<30} {r['seconds']:9.1f} s  {r['rows'] / r['seconds']:>9,.0f} rows/s  "
        f"peak RSS {r['peak_mb']:6.0f} MB (before the step {r['before_mb']:4.0f})  load {r['load']:.1f}  "
        f"code {r['code']}"
    )


def _rates(r: dict[str, Any] | None) -> str:
    if not r or len(r.get("rates", ())) < 2:
        return ""
    marks = " ".join(f"{rate:,.0f} ({done:,})" for done, rate in r["rates"])
    return f"      rows/s between marks (rows done at the mark): {marks}"


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _report(label: str, r: dict[str, Any] | None) -> None:
    print(_line(label, r), flush=True)
    if rates := _rates(r):
        print(rates, flush=True)


def run_size(db: str, rows: int, path: Path, sample: tuple[int, Path] | None, deadline: float) -> None:
    print(
        f"{db}: {rows:,} rows ({path.stat().st_size / 1e6:.1f} MB .xlsx); load average "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}",
        flush=True,
    )
    started = time.perf_counter()
    raw = _child("raw", db, path, rows, deadline)
    _report(STEPS["raw"], raw)
    ours = _child("congdoan", db, path, rows, deadline)
    _report(STEPS["congdoan"], ours)
    if sample is None:
        peer = _child("peer", db, path, rows, deadline)
        _report(STEPS["peer"], peer)
    else:
        sample_rows, sample_path = sample
        measured = _child("peer", db, sample_path, sample_rows, deadline)
        _report(f"(c) on the first {sample_rows:,} rows", measured)
        peer = None
        if measured is not None and "stopped_at" not in measured:
            peer = {**measured, "rows": rows, "seconds": measured["seconds"] * rows / sample_rows}
            print(
                f"  {STEPS['peer']:<30} {peer['seconds']:9.1f} s  {rows / peer['seconds']:>9,.0f} rows/s  "
                f"(c) extrapolated from {sample_rows:,} rows",
                flush=True,
            )
    if peer is not None and "stopped_at" not in peer:
        print(f"  (c) dataset loaded by {peer['loader']} in {peer['load_seconds']:.1f} s (included)")
    finished = [r for r in (raw, ours, peer) if r is not None and "stopped_at" not in r]
    if raw in finished and ours in finished:
        assert raw is not None and ours is not None
        ratio = ours["seconds"] / raw["seconds"]
        print(f"  (b)/(a) = {ratio:6.2f}   goal ≤ 1.5: {_met(ratio <= 1.5)}")
    if ours in finished and peer in finished:
        assert ours is not None and peer is not None
        ratio = peer["seconds"] / ours["seconds"]
        print(f"  (c)/(b) = {ratio:6.2f}   goal ≥ 50: {_met(ratio >= 50)}")
    if ours is not None and rows >= 1_000_000:
        note = "" if ours in finished else " (so far: the step was stopped)"
        print(
            f"  (b) peak RSS {ours['peak_mb']:.0f} MB{note}   goal < 500 MB at 1,000,000 rows: "
            f"{_met(ours['peak_mb'] < 500)}"
        )
    print(f"{db}: {rows:,} rows measured in {time.perf_counter() - started:.0f} s", flush=True)


def _file(folder: Path, rows: int) -> Path:
    path = folder / f"members-{rows}.xlsx"
    if not path.exists():
        started = time.perf_counter()
        generate(path, rows)
        print(
            f"generated {path.name}: {rows:,} rows, {path.stat().st_size / 1e6:.1f} MB, "
            f"in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", default="46000,1000000", help="sizes, comma-separated (default 46000,1000000)"
    )
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--peer-rows", type=int, default=20_000, help="sizes above --peer-max run (c) on this many rows"
    )
    parser.add_argument(
        "--peer-max",
        type=int,
        default=100_000,
        help="(c) runs in full up to this many rows (default 100,000)",
    )
    parser.add_argument(
        "--deadline", type=float, default=3600, help="stop a step after this many seconds (default 3600)"
    )
    parser.add_argument(
        "--keep", help="generate the files in this folder and keep them (reused when present)"
    )
    parser.add_argument("--measure", choices=list(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        measure(args.measure, args.db, args.file, int(args.rows), args.deadline)
        return 0
    sizes = [int(n.replace("_", "")) for n in args.rows.split(",")]
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    print(f"{os.cpu_count()} CPUs; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    with tempfile.TemporaryDirectory(prefix="congdoan-bench-") as scratch:
        os.environ.setdefault("CONGDOAN_DATA_DIR", scratch)
        _setup_django()
        folder = Path(args.keep) if args.keep else Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        files = {rows: _file(folder, rows) for rows in sizes}
        samples = {
            rows: (args.peer_rows, _file(folder, args.peer_rows)) for rows in sizes if rows > args.peer_max
        }
        for db in dbs:
            for rows in sizes:
                run_size(db, rows, files[rows], samples.get(rows), args.deadline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
