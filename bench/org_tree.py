"""Benchmark of the dated organisation tree at national scale.

Builds a national tree of ``--units`` units (default 150,000) with the 2025
restructure applied on 2025-07-01, then times subtree reads "as of" a date
three ways — the materialised path per validity period that the product
uses (:func:`congdoan.org.selectors.subtree_versions`), a recursive CTE over
the dated parent links, and a dated closure table — plus the tree browser's
children listing, a unit's ancestors and one move through the services.

Run from the checkout::

    .venv/bin/python bench/org_tree.py                 # SQLite and PostgreSQL
    .venv/bin/python bench/org_tree.py --db sqlite --units 20000

Each database runs in its own process (Django settings are read once per
process): a SQLite file in a temporary folder, or a throw-away PostgreSQL
cluster (:func:`congdoan.testing.pgcluster.start_cluster`). Nothing outside
those temporary folders is touched. See bench/README.md and
docs/decisions/0002-org-tree-representation.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from temporary_database import run_in_temporary_database  # noqa: E402 - after the path set-up

BEFORE = dt.date(2024, 6, 30)
AFTER = dt.date(2026, 1, 1)
ADMIN_LEAVES = dt.date(2025, 6, 1)
REFORM = dt.date(2025, 7, 1)
REPS = 50
#: Stop repeating a slow query after this many seconds (at least MIN_REPS runs).
BUDGET_SECONDS = 4.0
MIN_REPS = 5

KINDS = [
    ("private_enterprise", 45),
    ("public_service_unit", 20),
    ("fdi_enterprise", 15),
    ("state_enterprise", 8),
    ("administrative_agency", 6),
    ("cooperative", 3),
    ("other", 3),
]
EMPLOYER_WORDS = ["Công ty TNHH", "Công ty Cổ phần", "Trường Tiểu học", "Bệnh viện", "Hợp tác xã", "Nhà máy"]
PLACE_WORDS = ["Hồng Hà", "Bắc Sơn", "Tân Phú", "Hòa Bình", "Quang Trung", "Lê Lợi", "Đồng Tâm", "An Khánh"]


# --------------------------------------------------------------------------
# the national tree, built in memory


@dataclass
class Node:
    id: int
    level: str
    code: str
    name: str
    kind: str
    founded: dt.date
    province: int | None
    #: (valid_from, valid_to, parent_id, status, path) in date order
    versions: list[tuple[dt.date, dt.date, int | None, str, str]] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)


class NationalTree:
    """A realistic national tree: confederation → provinces and sector unions → … → groups."""

    def __init__(self, total: int, seed: int = 2025) -> None:
        from congdoan.org.models import OPEN_END, Level, path_segment

        self.open_end = OPEN_END
        self.segment = path_segment
        self.rng = random.Random(seed)
        self.nodes: list[Node] = []
        scale = total / 150_000
        provinces, sectors = 34, max(1, round(20 * scale))
        districts_per_province = max(1, round(20 * scale))
        zones_per_province = max(1, round(2 * scale))
        communes_per_district = 3
        upper = provinces * (districts_per_province * (1 + communes_per_district) + zones_per_province)
        grassroots = round(130_000 * scale)
        rest = total - 1 - provinces - sectors - upper - grassroots
        if rest < 0:
            raise SystemExit(f"--units {total} is too small for the national structure")

        self.confederation = self._add(None, Level.CONFEDERATION, "TLD", "Tổng Liên đoàn Lao động Việt Nam")
        self.provinces = [
            self._add(
                self.confederation, Level.PROVINCE_FEDERATION, f"T{p:02d}", f"LĐLĐ tỉnh số {p}", province=p
            )
            for p in range(1, provinces + 1)
        ]
        self.sector_unions = [
            self._add(
                self.confederation, Level.NATIONAL_SECTOR_UNION, f"N{s:02d}", f"Công đoàn ngành TW số {s}"
            )
            for s in range(1, sectors + 1)
        ]
        self.districts: list[Node] = []
        self.zones: list[Node] = []
        for province in self.provinces:
            for d in range(1, districts_per_province + 1):
                self.districts.append(
                    self._add(
                        province,
                        Level.DISTRICT_FEDERATION,
                        f"{province.code}H{d:02d}",
                        f"LĐLĐ huyện {self.rng.choice(PLACE_WORDS)} ({province.code}-{d})",
                        province=province.province,
                        founded=dt.date(1990, 1, 1),
                    )
                )
            for z in range(1, zones_per_province + 1):
                self.zones.append(
                    self._add(
                        province,
                        Level.INDUSTRIAL_ZONE_UNION,
                        f"{province.code}K{z}",
                        f"Công đoàn các KCN số {z} ({province.code})",
                        province=province.province,
                        founded=dt.date(2005, 1, 1),
                    )
                )
        # Grassroots spread evenly over district federations, zone unions and
        # national sector unions; a sector union weighs two.
        holders = self.districts + self.zones + self.sector_unions + self.sector_unions
        kinds = [k for k, _ in KINDS]
        weights = [w for _, w in KINDS]
        self.grassroots: list[Node] = []
        for g in range(1, grassroots + 1):
            holder = holders[g % len(holders)] if g <= len(holders) else self.rng.choice(holders)
            kind = self.rng.choices(kinds, weights)[0]
            self.grassroots.append(
                self._add(
                    holder,
                    Level.GRASSROOTS,
                    f"CS{g:06d}",
                    f"CĐCS {self.rng.choice(EMPLOYER_WORDS)} {self.rng.choice(PLACE_WORDS)} {g}",
                    kind=kind,
                    province=holder.province,
                    founded=dt.date(self.rng.randint(1990, 2023), self.rng.randint(1, 12), 1),
                )
            )
        with_branches = [g for g in self.grassroots if g.kind != "administrative_agency"]
        branches: list[Node] = []
        n_branches = rest - rest // 4
        for b in range(1, rest + 1):
            if b <= n_branches:
                parent, level, code = self.rng.choice(with_branches), Level.BRANCH, f"BP{b:06d}"
            else:
                parent, level, code = self.rng.choice(branches), Level.GROUP, f"TO{b:06d}"
            node = self._add(
                parent,
                level,
                code,
                f"{'CĐBP' if level == Level.BRANCH else 'Tổ CĐ'} số {b}",
                kind=parent.kind,
            )
            if level == Level.BRANCH:
                branches.append(node)
        self._restructure(communes_per_district)
        assert len(self.nodes) == total, len(self.nodes)

    def _add(
        self,
        parent: Node | None,
        level: str,
        code: str,
        name: str,
        *,
        kind: str = "",
        province: int | None = None,
        founded: dt.date | None = None,
    ) -> Node:
        founded = founded or (parent.founded if parent else dt.date(1929, 7, 28))
        node = Node(len(self.nodes) + 1, level, code, name, kind, founded, province)
        path = (parent.versions[-1][4] if parent else "") + self.segment(node.id)
        node.versions.append((founded, self.open_end, parent.id if parent else None, "active", path))
        if parent is not None:
            parent.children.append(node)
        self.nodes.append(node)
        return node

    def _split(
        self, node: Node, on: dt.date, *, parent_id: Any = None, status: str = "", path: str = ""
    ) -> None:
        """End the open version on ``on`` and open a new one, as services._set_state does."""
        start, _end, old_parent, old_status, old_path = node.versions[-1]
        node.versions[-1] = (start, on, old_parent, old_status, old_path)
        node.versions.append(
            (on, self.open_end, parent_id or old_parent, status or old_status, path or old_path)
        )

    def _restructure(self, communes_per_district: int) -> None:
        from congdoan.org.models import Level

        # Units of state administrative agencies leave the union on 2025-06-01.
        for g in self.grassroots:
            if g.kind == "administrative_agency":
                self._split(g, ADMIN_LEAVES, status="dissolved")
        # 2025-07-01: district federations dissolved, their grassroots re-parented
        # under new commune/ward unions, descendants re-pathed.
        for district in self.districts:
            province = self.nodes[district.versions[-1][2] - 1]
            communes = [
                self._add(
                    province,
                    Level.COMMUNE_UNION,
                    f"{district.code}X{c}",
                    f"Công đoàn phường {self.rng.choice(PLACE_WORDS)} ({district.code}-{c})",
                    province=province.province,
                    founded=REFORM,
                )
                for c in range(1, communes_per_district + 1)
            ]
            for child in district.children:
                if child.versions[-1][3] != "active":
                    continue
                commune = self.rng.choice(communes)
                old_path = child.versions[-1][4]
                new_path = commune.versions[-1][4] + self.segment(child.id)
                self._split(child, REFORM, parent_id=commune.id, path=new_path)
                commune.children.append(child)
                stack = list(child.children)
                while stack:
                    below = stack.pop()
                    self._split(below, REFORM, path=new_path + below.versions[-1][4][len(old_path) :])
                    stack.extend(below.children)
            district.children = []
            self._split(district, REFORM, status="dissolved")

    def version_count(self) -> int:
        return sum(len(n.versions) for n in self.nodes)

    def subtree_size(self, node: Node) -> int:
        return 1 + sum(self.subtree_size(c) for c in node.children)


def store(tree: NationalTree) -> None:
    """Write the tree with bulk_create, as the services would have left it."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from congdoan.common.text import fold, sort_key_text
    from congdoan.org.models import Unit, UnitVersion

    units: list[Unit] = []
    versions: list[UnitVersion] = []
    for node in tree.nodes:
        _start, _end, parent_id, status, path = node.versions[-1]
        names = {node.name}
        units.append(
            Unit(
                id=node.id,
                code=node.code,
                level=node.level,
                kind=node.kind,
                founded_on=node.founded,
                ended_on=None if status == "active" else node.versions[-1][0],
                province_code=None,
                name=node.name,
                parent_id=parent_id,
                status=status,
                path=path,
                depth=path.count(".") - 1,
                search_text=" ".join([fold(node.code), *sorted(fold(n) for n in names)]),
                name_sort=sort_key_text(node.name),
            )
        )
        for start, end, parent, vstatus, vpath in node.versions:
            versions.append(
                UnitVersion(
                    unit_id=node.id,
                    valid_from=start,
                    valid_to=end,
                    parent_id=parent,
                    name=node.name,
                    status=vstatus,
                    path=vpath,
                    depth=vpath.count(".") - 1,
                )
            )
    with transaction.atomic():
        Unit.objects.bulk_create(units, batch_size=2000)
        UnitVersion.objects.bulk_create(versions, batch_size=2000)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Unit, UnitVersion]):
                cursor.execute(sql)
    if connection.vendor == "postgresql":
        # Autovacuum would have analysed a real database. SQLite is left as
        # Django leaves it, without statistics: with them (ANALYZE) SQLite
        # 3.40 plans the recursive CTE with a Bloom filter that scans the
        # whole table on every step (40 ms instead of 5 for a province).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# --------------------------------------------------------------------------
# the alternatives measured against the materialised path


def cte_subtree_sql() -> str:
    from congdoan.org.models import UnitVersion

    table = UnitVersion._meta.db_table
    return f"""
        WITH RECURSIVE sub(unit_id) AS (
            SELECT unit_id FROM {table}
            WHERE unit_id = %s AND valid_from <= %s AND valid_to > %s AND status = 'active'
            UNION ALL
            SELECT v.unit_id FROM {table} v JOIN sub ON v.parent_id = sub.unit_id
            WHERE v.valid_from <= %s AND v.valid_to > %s AND v.status = 'active'
        )
    """


def cte_subtree_ids(root_id: int, on: dt.date) -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(cte_subtree_sql() + "SELECT unit_id FROM sub", [root_id, on, on, on, on])
        return [row[0] for row in cursor.fetchall()]


def cte_subtree_count(root_id: int, on: dt.date) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(cte_subtree_sql() + "SELECT count(*) FROM sub", [root_id, on, on, on, on])
        return cursor.fetchone()[0]


def cte_ancestors(unit_id: int, on: dt.date) -> list[int]:
    from django.db import connection

    from congdoan.org.models import UnitVersion

    table = UnitVersion._meta.db_table
    sql = f"""
        WITH RECURSIVE up(unit_id, parent_id, hops) AS (
            SELECT unit_id, parent_id, 0 FROM {table}
            WHERE unit_id = %s AND valid_from <= %s AND valid_to > %s
            UNION ALL
            SELECT v.unit_id, v.parent_id, up.hops + 1 FROM {table} v JOIN up ON v.unit_id = up.parent_id
            WHERE v.valid_from <= %s AND v.valid_to > %s
        )
        SELECT unit_id FROM up WHERE hops > 0 ORDER BY hops DESC
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit_id, on, on, on, on])
        return [row[0] for row in cursor.fetchall()]


def path_sql(root_id: int, on: dt.date, select: str) -> list[tuple[Any, ...]]:
    """The materialised-path read in plain SQL (no ORM, no ORDER BY): what the representation costs."""
    from django.db import connection

    from congdoan.org.models import UnitVersion

    table = UnitVersion._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT path FROM {table} WHERE unit_id = %s AND valid_from <= %s AND valid_to > %s",
            [root_id, on, on],
        )
        path = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT {select} FROM {table} WHERE path >= %s AND path < %s "
            "AND valid_from <= %s AND valid_to > %s AND status = 'active'",
            [path, path[:-1] + "/", on, on],
        )
        return cursor.fetchall()


def path_sql_ids(root_id: int, on: dt.date) -> list[int]:
    return [row[0] for row in path_sql(root_id, on, "unit_id")]


def path_sql_count(root_id: int, on: dt.date) -> int:
    return path_sql(root_id, on, "count(*)")[0][0]


def children_one_count_each(parent: Any, on: dt.date) -> list[tuple[int, int, int]]:
    """The tree browser's listing as first written: one grassroots count per child (for comparison)."""
    from django.db.models import Count

    from congdoan.accounts.scope import subtree_range
    from congdoan.org.models import Level, Status, UnitVersion

    versions = list(
        UnitVersion.objects.on(on).filter(parent=parent, status=Status.ACTIVE).select_related("unit")
    )
    child_counts = dict(
        UnitVersion.objects.on(on)
        .filter(parent_id__in=[v.unit_id for v in versions], status=Status.ACTIVE)
        .values_list("parent_id")
        .annotate(n=Count("id"))
        .values_list("parent_id", "n")
    )
    rows = []
    for version in versions:
        low, high = subtree_range(version.path)
        grassroots = (
            UnitVersion.objects.on(on)
            .filter(path__gte=low, path__lt=high, status=Status.ACTIVE, unit__level=Level.GRASSROOTS)
            .count()
        )
        rows.append((version.unit_id, child_counts.get(version.unit_id, 0), grassroots))
    return rows


CLOSURE = "bench_closure"


def build_closure(tree: NationalTree) -> int:
    """A dated closure table: one row per (ancestor, version of a descendant), with that version's period."""
    from django.db import connection

    rows = []
    for node in tree.nodes:
        for start, end, _parent, status, path in node.versions:
            active = status == "active"
            for segment in path[:-1].split("."):
                rows.append((int(segment), node.id, start, end, active))
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {CLOSURE} (ancestor_id bigint NOT NULL, unit_id bigint NOT NULL, "
            "valid_from date NOT NULL, valid_to date NOT NULL, active boolean NOT NULL)"
        )
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {CLOSURE} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {CLOSURE} VALUES (%s, %s, %s, %s, %s)", rows)
        cursor.execute(f"CREATE INDEX {CLOSURE}_anc ON {CLOSURE} (ancestor_id, valid_from, valid_to)")
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {CLOSURE}")
    return len(rows)


def closure_where() -> str:
    return f"FROM {CLOSURE} WHERE ancestor_id = %s AND valid_from <= %s AND valid_to > %s AND active"


def closure_ids(root_id: int, on: dt.date) -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT unit_id " + closure_where(), [root_id, on, on])
        return [row[0] for row in cursor.fetchall()]


def closure_count(root_id: int, on: dt.date) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) " + closure_where(), [root_id, on, on])
        return cursor.fetchone()[0]


# --------------------------------------------------------------------------
# timing


@dataclass
class Figure:
    method: str
    label: str
    size: int
    median_ms: float
    p95_ms: float
    runs: int


def measure(method: str, label: str, fn: Callable[[], Any], size: Callable[[Any], int] = len) -> Figure:
    """Median and p95 over up to REPS warm runs (fewer for slow queries, see BUDGET_SECONDS)."""
    result = fn()
    fn()
    times: list[float] = []
    started = time.perf_counter()
    while len(times) < REPS:
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
        if len(times) >= MIN_REPS and time.perf_counter() - started > BUDGET_SECONDS:
            break
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]
    return Figure(method, label, size(result), statistics.median(times), p95, len(times))


def line(db: str, figure: Figure) -> str:
    return (
        f"{db:<8} {figure.method:<14} {figure.label:<44} {figure.size:>9,} units  "
        f"median {figure.median_ms:8.2f} ms  p95 {figure.p95_ms:8.2f} ms  ({figure.runs} runs)"
    )


# --------------------------------------------------------------------------
# the run on one database


def explain(qs: Any) -> str:
    return " | ".join(part.strip() for part in qs.explain().splitlines() if part.strip())


def collation_check(tree: NationalTree, province_path: str) -> list[str]:
    """Whether the path range stays right and indexed when ``path`` has a non-C collation."""
    from django.db import connection

    from congdoan.accounts.scope import subtree_range
    from congdoan.org.models import UnitVersion

    table = UnitVersion._meta.db_table
    low, high = subtree_range(province_path)
    expected = sum(
        1
        for node in tree.nodes
        for start, end, _parent, status, path in node.versions
        if start <= AFTER < end and status == "active" and path.startswith(province_path)
    )
    out = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attcollation::regcollation::text FROM pg_attribute "
            f"WHERE attrelid = '{table}'::regclass AND attname = 'path'"
        )
        column = cursor.fetchone()[0]
        cursor.execute("SELECT datcollate FROM pg_database WHERE datname = current_database()")
        database = cursor.fetchone()[0]
    out.append(f"  (the path column of {table} has collation {column}; the database's is {database})")
    # The migrated table first, then copies of it whose path has a language
    # collation: what a column without the fix gets in a database created
    # with that locale.
    candidates = [
        ("as migrated", ""),
        ("libc en_US.UTF-8", "CREATE COLLATION bench_en_libc (provider = libc, locale = 'en_US.UTF-8')"),
        ("libc vi_VN.UTF-8", "CREATE COLLATION bench_vi_libc (provider = libc, locale = 'vi_VN.UTF-8')"),
        ("ICU en-US", "CREATE COLLATION bench_en_icu (provider = icu, locale = 'en-US')"),
        ("ICU vi-VN", "CREATE COLLATION bench_vi_icu (provider = icu, locale = 'vi-VN')"),
    ]
    for i, (label, create) in enumerate(candidates):
        if create:
            collation = create.split()[2]
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SAVEPOINT coll")
                    cursor.execute(create)
                    cursor.execute("RELEASE SAVEPOINT coll")
            except Exception as error:  # noqa: BLE001 - a missing OS locale is a result here
                with connection.cursor() as cursor:
                    cursor.execute("ROLLBACK TO SAVEPOINT coll")
                out.append(f"  {label:<18} not available on this machine ({str(error).splitlines()[0]})")
                continue
        copy = f"bench_coll_{i}" if create else table
        with connection.cursor() as cursor:
            if create:
                cursor.execute(
                    f"CREATE TABLE {copy} AS SELECT unit_id, path::varchar(255) COLLATE {collation} AS path, "
                    f"valid_from, valid_to, status FROM {table}"
                )
                cursor.execute(f"CREATE INDEX {copy}_path ON {copy} (path, valid_from)")
                cursor.execute(f"ANALYZE {copy}")
            query = (
                f"FROM {copy} WHERE path >= %s AND path < %s AND valid_from <= %s AND valid_to > %s "
                "AND status = 'active'"
            )
            params = [low, high, AFTER, AFTER]
            cursor.execute("SELECT count(*) " + query, params)
            count = cursor.fetchone()[0]
            cursor.execute("EXPLAIN SELECT unit_id " + query, params)
            plan = cursor.fetchall()[0][0]
            uses_index = "Index" in plan or "Bitmap" in plan
            cursor.execute(f"EXPLAIN SELECT unit_id FROM {copy} WHERE path LIKE %s", [province_path + "%"])
            like_plan = cursor.fetchall()[0][0]
            like_index = "Index" in like_plan or "Bitmap" in like_plan
            if create:
                cursor.execute(f"DROP TABLE {copy}")
        verdict = "right" if count == expected else f"WRONG (expected {expected:,})"
        out.append(
            f"  {label:<18} range query: {count:>6,} rows, {verdict}, "
            f"{'uses the index' if uses_index else 'NO index'}; "
            f"LIKE prefix: {'uses the index' if like_index else 'NO index'}"
        )
    return out


def run_one(db: str, total: int) -> None:
    started = time.perf_counter()
    run_in_temporary_database(db, lambda: _run(db, total, started))


def _run(db: str, total: int, started: float) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from congdoan.accounts.models import User
    from congdoan.org import selectors, services
    from congdoan.org.models import Unit, UnitVersion

    call_command("migrate", interactive=False, verbosity=0)
    t0 = time.perf_counter()
    tree = NationalTree(total)
    store(tree)
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    closure_rows = build_closure(tree)
    closure_s = time.perf_counter() - t0
    print(
        f"{db}: {Unit.objects.count():,} units, {UnitVersion.objects.count():,} version rows "
        f"(built in {build_s:.1f} s); closure table {closure_rows:,} rows (built in {closure_s:.1f} s); "
        f"server {connection.vendor} {connection.Database.sqlite_version if db == 'sqlite' else connection.pg_version}",
        flush=True,
    )

    province = Unit.objects.get(pk=tree.provinces[0].id)
    district = Unit.objects.get(pk=tree.districts[0].id)
    commune = Unit.objects.get(
        pk=next(c for c in tree.provinces[0].children if c.level == "commune_union").id
    )
    confederation = Unit.objects.get(pk=tree.confederation.id)
    deepest = max(tree.nodes, key=lambda n: (len(n.versions), n.versions[-1][4].count(".")))
    leaf = Unit.objects.get(pk=deepest.id)
    user = User.objects.create(username="bench", is_superuser=True, is_staff=True)

    def path_ids(root: Unit, on: dt.date) -> list[int]:
        return list(selectors.subtree_versions(root, on).values_list("unit_id", flat=True))

    def path_count(root: Unit, on: dt.date) -> int:
        return selectors.subtree_versions(root, on).count()

    methods = {
        True: [
            ("path", path_ids),
            ("path-sql", path_sql_ids),
            ("cte", cte_subtree_ids),
            ("closure", closure_ids),
        ],
        False: [
            ("path", path_count),
            ("path-sql", path_sql_count),
            ("cte", cte_subtree_count),
            ("closure", closure_count),
        ],
    }
    mismatches = []

    def subtree_reads(reads: list[tuple[str, Unit, dt.date, bool]], suffix: str = "") -> None:
        for label, root, on, ids in reads:
            text = f"{label} as of {on}"
            sizes = set()
            for method, fn in methods[ids]:
                arg = root if method == "path" else root.pk
                figure = measure(
                    method + suffix, text, lambda fn=fn, arg=arg, on=on: fn(arg, on), len if ids else int
                )
                sizes.add(figure.size)
                print(line(db, figure), flush=True)
            if len(sizes) != 1:
                mismatches.append(text)

    def other_reads(dates: tuple[dt.date, ...], suffix: str = "") -> None:
        for on in dates:
            for method, fn in (
                ("path", lambda on=on: selectors.ancestors_on(leaf, on)),
                ("cte", lambda on=on: cte_ancestors(leaf.pk, on)),
            ):
                print(
                    line(db, measure(method + suffix, f"ancestors of a {leaf.level} as of {on}", fn)),
                    flush=True,
                )
            label = f"children listing of a province as of {on}"
            for method, fn in (
                ("grouped", lambda on=on: selectors.children_rows(user, province, on)),
                ("1-by-1", lambda on=on: children_one_count_each(province, on)),
            ):
                print(line(db, measure(method + suffix, label, fn)), flush=True)
            grouped = {
                (r.unit.pk, r.children, r.grassroots) for r in selectors.children_rows(user, province, on)
            }
            if grouped != set(children_one_count_each(province, on)):
                mismatches.append(label)

    subtree_reads(
        [
            ("province subtree ids", province, BEFORE, True),
            ("province subtree ids", province, AFTER, True),
            ("province subtree count", province, BEFORE, False),
            ("province subtree count", province, AFTER, False),
            ("district federation subtree ids", district, BEFORE, True),
            ("commune union subtree ids", commune, AFTER, True),
            ("whole country count", confederation, BEFORE, False),
            ("whole country count", confederation, AFTER, False),
        ]
    )
    other_reads((BEFORE, AFTER))
    if db == "sqlite":
        # The same reads once SQLite has statistics (ANALYZE / PRAGMA optimize): plans change.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        connection.close()
        subtree_reads([("province subtree ids", province, AFTER, True)], "+stats")
        other_reads((AFTER,), "+stats")

    # A write: move an industrial-zone union (dated, ~200 descendants re-pathed) to another province.
    zone_node = min(tree.zones, key=lambda z: abs(tree.subtree_size(z) - 200))
    zone = Unit.objects.get(pk=zone_node.id)
    target = Unit.objects.get(pk=tree.provinces[1].id)
    moved = selectors.subtree_versions(zone, AFTER).count()

    class Rollback(Exception):
        pass

    times = []
    for _ in range(5):
        try:
            with transaction.atomic():
                t0 = time.perf_counter()
                services.move_units(actor=None, units=[zone], new_parent=target, on=AFTER, reason="bench")
                times.append((time.perf_counter() - t0) * 1000)
                raise Rollback
        except Rollback:
            zone.refresh_from_db()
    print(
        f"{db:<8} {'write':<14} move an industrial-zone union on {AFTER} (services.move_units) "
        f"{moved:>5,} units  median {statistics.median(times):8.1f} ms  max {max(times):8.1f} ms  ({len(times)} runs)",
        flush=True,
    )

    print(f"{db}: query plan of the path range (province as of {AFTER}):")
    print("  " + explain(selectors.subtree_versions(province, AFTER).values_list("unit_id", flat=True)))
    print(f"{db}: query plan of the recursive CTE (province as of {AFTER}):")
    with connection.cursor() as cursor:
        prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        cursor.execute(
            prefix + cte_subtree_sql() + "SELECT count(*) FROM sub", [province.pk, AFTER, AFTER, AFTER, AFTER]
        )
        print("  " + " | ".join(str(row[-1]).strip() for row in cursor.fetchall()))
    if db == "postgres":
        print(f"{db}: the path range under other collations of the path column (province as of {AFTER}):")
        with transaction.atomic():
            for text in collation_check(tree, selectors.unit_on(province, AFTER).path):
                print(text)
            transaction.set_rollback(True)
    if mismatches:
        print(f"{db}: MISMATCH between methods for: {', '.join(mismatches)}")
    else:
        print(f"{db}: every method returns the same units (and the same counts per child) for every read")
    print(f"{db}: total {time.perf_counter() - started:.1f} s", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--units", type=int, default=150_000)
    args = parser.parse_args(argv)
    if args.db != "both":
        run_one(args.db, args.units)
        return 0
    started = time.perf_counter()
    status = 0
    for db in ("sqlite", "postgres"):
        # One process per database: Django reads DATABASE_URL once per process.
        status |= subprocess.run(  # noqa: S603 - runs this very script
            [sys.executable, __file__, "--db", db, "--units", str(args.units)], check=False
        ).returncode
    print(f"total {time.perf_counter() - started:.1f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
