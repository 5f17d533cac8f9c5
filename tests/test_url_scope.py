"""Every URL of the project, asked by a user of district A about objects under district B, shows none of B.

The test walks the URL configuration itself, so a new page is covered the
day it is added; a page whose URL takes an argument this test does not know
fails it until the argument is added to the ``probe`` fixture below.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import product

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

import scope_probes
from congdoan.accounts.models import AuditEntry, Role, RoleKind
from congdoan.members.models import Person
from congdoan.org import selectors
from congdoan.org.models import Unit, UnitVersion
from factories import UserFactory, grant

SKIPPED_PREFIXES = ("admin/", "i18n/", "static/")
ON = "2025-07-01"
_CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    route: str
    name: str

    def kwarg_names(self) -> list[str]:
        return [m.group("name") for m in _CONVERTER.finditer(self.route)]

    def url(self, kwargs: dict[str, object]) -> str:
        return "/" + _CONVERTER.sub(lambda m: str(kwargs[m.group("name")]), self.route)


def project_routes() -> list[Route]:
    """Every URL pattern of the project, with its full route, except Django's admin, i18n and static files."""
    found: list[Route] = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for entry in patterns:
            pattern = entry.pattern
            if not hasattr(pattern, "_route"):
                raise AssertionError(f"{prefix}{pattern}: only path() routes are supported by this test")
            route = prefix + pattern._route
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, route, inner)
            elif isinstance(entry, URLPattern):
                found.append(Route(route, f"{namespace}{entry.name or '?'}"))

    walk(get_resolver().url_patterns, "", "")
    return found


ROUTES = project_routes()

#: Names of the units under B; none may appear in any answer to a user of A.
B_NAMES = [
    "LĐLĐ huyện Bát Xát",
    "Trường Mầm non Bản Vược",
    "Trạm Y tế xã Cốc San",
    "canbobatxat",
    "Giàng Thị Mỷ",
]


@pytest.fixture
def probe(tree):
    """Objects under B that each URL argument can name, and the POST data of a hostile form."""
    officer_b = grant(
        UserFactory(username="canbobatxat", full_name="Cán bộ Bát Xát"), tree.b1, RoleKind.OFFICER
    )
    from congdoan.members import cards
    from congdoan.members import services as members
    from member_data import person

    member_b = members.admit(
        actor=None, unit=tree.b1, on=dt.date(2021, 3, 1), person=person("Giàng Thị Mỷ", "female")
    )
    [card_b] = members.issue_cards(actor=None, people=[member_b], on=dt.date(2025, 3, 1))
    from congdoan.imports.models import ImportJob, JobState

    # An import of B's officer, checked and waiting for confirmation, and one of units named in its file.
    job_b = ImportJob.objects.create(
        user=officer_b,
        unit=tree.b1,
        origin=tree.b1,
        filename="Trường Mầm non Bản Vược.xlsx",
        stored_name="tep-goc.xlsx",
        state=JobState.CHECKED,
        preview={"rows_read": 1, "created": 1, "updated": 0, "unchanged": 0, "rejected": 0, "error_count": 0},
    )
    job_b_column = ImportJob.objects.create(
        user=officer_b,
        origin=tree.b,
        filename="Giàng Thị Mỷ.xlsx",
        stored_name="tep-goc.xlsx",
        state=JobState.FAILED,
    )
    found = {
        "values": {
            "pk": [tree.b.pk, tree.b1.pk],
            "role_pk": [Role.objects.get(user=officer_b).pk],
            "person_pk": [member_b.pk],
            "token": [cards.card_token(card_b)],
            "job_pk": [job_b.pk, job_b_column.pk],
        },
        # Every field name a form of the project takes, each pointing at B or at A's own units.
        "post": {
            "name": "Tên do người ngoài đặt",
            "code": "BX-99",
            "level": "grassroots",
            "on": ON,
            "as_of": ON,
            "decision": "01/QĐ",
            "reason": "thử phạm vi",
            "new_parent": "BT",
            "into": "BT",
            "children_to": "BT",
            "others": "BX",
            "mode": "into",
            "new_code": "BX-98",
            "new_name": "Đơn vị mới",
            "dissolve_children": "on",
            "workers": "5",
            "employer": "Người ngoài",
            "unit": "BX",
            "province": "LC",
            "agencies_on": ON,
            "username": "nguoingoai",
            "password": "Mật-khẩu-rất-dài-2025",
            "full_name": "Người ngoài",
            "kind": "federation_admin",
            "q": "bat xat",
            "confirm": "1",
            "apply": "1",
            # member pages: B's people as a bulk selection, a transfer into A, personal data
            "people": [member_b.pk],
            "action": "suspend",
            "to_unit": "BT-01",
            "measure": "expulsion",
            "gender": "male",
            "birth_date": "1990-05-17",
            "ethnicity": "01",
            "citizenship": "vn",
            "religion": "none",
        },
    }
    for module in scope_probes.modules():
        extra = module.probe(tree, officer_b)
        clash = set(extra.get("values", {})) & set(found["values"])
        assert not clash, f"{module.__name__} names URL arguments already taken: {clash}"
        found["values"].update(extra.get("values", {}))
        found["post"].update(extra.get("post", {}))
    return found


def b_state(tree) -> tuple:
    """What a user of A must never be able to change: B's subtree, its history and audit entries."""
    low, high = tree.b.path, tree.b.path[:-1] + "/"
    versions = UnitVersion.objects.filter(path__gte=low, path__lt=high).order_by("id")
    people = Person.objects.filter(unit__path__gte=low, unit__path__lt=high)
    return (
        list(people.values_list("id", "full_name", "status", "unit_id", "cccd", "card_number", "phone")),
        list(versions.values_list("id", "unit_id", "parent_id", "name", "status", "valid_from", "valid_to")),
        list(Unit.objects.filter(path__gte=low, path__lt=high).values_list("id", "name", "path", "status")),
        AuditEntry.objects.filter(unit__path__gte=low, unit__path__lt=high).count(),
        list(
            Role.objects.filter(unit__path__gte=low, unit__path__lt=high).values_list("id", "user_id", "kind")
        ),
        *(module.state(tree) for module in scope_probes.modules() if hasattr(module, "state")),
    )


def test_the_walk_finds_the_pages_of_every_app():
    names = {r.name for r in ROUTES}
    assert {"home", "accounts:login", "accounts:audit", "org:tree", "org:detail", "org:rename"} <= names
    assert not any(r.route.startswith(SKIPPED_PREFIXES) for r in ROUTES)


def test_every_url_argument_is_known(probe):
    unknown = {(r.route, k) for r in ROUTES for k in r.kwarg_names() if k not in probe["values"]}
    assert unknown == set(), "add these URL arguments to the probe fixture of tests/test_url_scope.py"


def _requests(route: Route, probe) -> list[tuple[str, str, dict]]:
    """(method, url, extra headers) for every combination of argument values of ``route``."""
    names = route.kwarg_names()
    combos = product(*(probe["values"][n] for n in names)) if names else [()]
    query = "?q=bat+xat&unit=BX&on=2024-06-30&province=LC&object_id="
    calls = []
    for combo in combos:
        url = route.url(dict(zip(names, combo, strict=True)))
        calls += [
            ("get", url + query, {}),
            ("get", url + query, {"HTTP_HX_REQUEST": "true"}),
            ("post", url, {}),
        ]
    return calls


@pytest.mark.parametrize("kind", [RoleKind.FEDERATION_ADMIN, RoleKind.OFFICER, RoleKind.VIEWER])
def test_a_user_of_district_a_gets_nothing_of_district_b_from_any_url(tree, probe, kind, client_for):
    user = grant(UserFactory(username=f"a_{kind}"), tree.a, kind)
    before = b_state(tree)
    leaks = []
    for route in ROUTES:
        # The card verify page is public by design (what anyone sees after scanning a card's QR
        # code) and shows only the holder's name, unit, card number and status: no leak check.
        public = route.name == "members:verify"
        names_b = route.kwarg_names() != [] and not public
        for method, url, headers in _requests(route, probe):
            # A fresh client each time: one of the URLs logs out.
            client: Client = client_for(user)
            if method == "get":
                response = client.get(url, **headers)
            else:
                response = client.post(url, probe["post"], **headers)
            body = response.content.decode("utf-8", errors="replace")
            shown = [name for name in B_NAMES if name in body]
            if shown and not public:
                leaks.append(f"{method.upper()} {url} → {response.status_code} shows {shown}")
            if response.status_code >= 500:
                leaks.append(f"{method.upper()} {url} → {response.status_code}")
            if names_b:
                to_login = response.status_code == 302 and "/accounts/login/" in response["Location"]
                if response.status_code not in (403, 404, 405) and not to_login:
                    leaks.append(f"{method.upper()} {url} → {response.status_code} for an object under B")
    assert leaks == []
    assert b_state(tree) == before


def test_the_same_urls_do_answer_for_the_users_own_district(tree, users, client_for):
    # Guards the test above: its 404s must come from the scope, not from URLs that never work.
    client = client_for(users.officer_a)
    for route in ROUTES:
        if route.kwarg_names() != ["pk"]:
            continue
        response = client.get(route.url({"pk": tree.a.pk}))
        assert response.status_code in (200, 403, 405), route.route
    assert client.get(f"/org/{tree.a.pk}/").status_code == 200
    assert "LĐLĐ huyện Bảo Thắng" in client.get(f"/org/{tree.a.pk}/").content.decode()
    assert selectors.can(users.officer_a, tree.a, "change")
