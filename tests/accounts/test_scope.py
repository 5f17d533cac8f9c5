"""The one scope mechanism, ``visible_to(user, action)``: a role reaches its unit's subtree and nothing else."""

from __future__ import annotations

import datetime as dt

import pytest

from congdoan.accounts import services as accounts
from congdoan.accounts.models import AuditEntry, Role, RoleKind
from congdoan.common.errors import DomainError, ScopeError
from congdoan.org import selectors, services
from congdoan.org.models import Unit, UnitEvent, UnitVersion, WorkforceReport
from factories import UserFactory, grant

D = dt.date(2025, 7, 1)
PROVINCE = {"LC", "BT", "BT-01", "BT-02", "BX", "BX-01", "BX-02", "SP", "SP-01"}
DISTRICT_A = {"BT", "BT-01", "BT-02"}


def codes(qs) -> set[str]:
    return set(qs.values_list("code", flat=True))


def unit_codes(qs) -> set[str]:
    return set(qs.values_list("unit__code", flat=True))


def test_a_role_on_a_district_sees_its_subtree_only(tree, users):
    assert codes(Unit.objects.visible_to(users.officer_a)) == DISTRICT_A
    assert codes(Unit.objects.visible_to(users.officer_a, "change")) == DISTRICT_A
    assert codes(Unit.objects.visible_to(users.officer_a, "restructure")) == set()


def test_province_roles_reach_the_province_and_not_above(tree, users):
    assert codes(Unit.objects.visible_to(users.fed_admin)) == PROVINCE
    assert codes(Unit.objects.visible_to(users.fed_admin, "restructure")) == PROVINCE
    assert codes(Unit.objects.visible_to(users.viewer)) == PROVINCE
    for action in ("change", "restructure", "manage_users", "reveal_id"):
        assert codes(Unit.objects.visible_to(users.viewer, action)) == set()


def test_superuser_sees_everything_and_no_role_sees_nothing(tree, users):
    assert codes(Unit.objects.visible_to(users.superuser)) == PROVINCE | {"TLD"}
    assert codes(Unit.objects.visible_to(users.norole)) == set()
    assert codes(Unit.objects.visible_to(None)) == set()


def test_a_deactivated_user_sees_nothing(tree, users):
    users.officer_a.is_active = False
    users.officer_a.save()
    assert codes(Unit.objects.visible_to(users.officer_a)) == set()


def test_roles_on_two_districts_add_up(tree, users):
    grant(users.officer_a, tree.sapa, RoleKind.VIEWER)
    assert codes(Unit.objects.visible_to(users.officer_a)) == DISTRICT_A | {"SP", "SP-01"}
    assert codes(Unit.objects.visible_to(users.officer_a, "change")) == DISTRICT_A


def test_versions_events_and_workforce_are_scoped_by_their_unit(tree, users):
    services.rename_unit(actor=None, unit=tree.b1, name="Công đoàn cơ sở Trường Mầm non Bát Xát", on=D)
    services.record_workforce(actor=None, unit=tree.a1, as_of=D, workers=40)
    services.record_workforce(actor=None, unit=tree.b1, as_of=D, workers=30)

    assert unit_codes(UnitVersion.objects.visible_to(users.officer_a)) == DISTRICT_A
    assert unit_codes(UnitEvent.objects.visible_to(users.officer_a)) == DISTRICT_A
    assert unit_codes(WorkforceReport.objects.visible_to(users.officer_a)) == {"BT-01"}
    assert unit_codes(UnitVersion.objects.visible_to(users.fed_admin)) == PROVINCE
    assert UnitVersion.objects.visible_to(users.norole).count() == 0


def test_audit_entries_are_scoped_by_their_unit(tree, users):
    services.rename_unit(actor=users.fed_admin, unit=tree.a1, name="Tên mới A", on=D)
    services.rename_unit(actor=users.fed_admin, unit=tree.b1, name="Tên mới B", on=D)

    seen_by_a = AuditEntry.objects.visible_to(users.officer_a)
    assert {e.unit.code for e in seen_by_a} == DISTRICT_A
    assert not seen_by_a.filter(object_repr="Tên mới B").exists()
    assert seen_by_a.filter(action="unit.rename", object_repr="Tên mới A").count() == 1
    # Entries without a unit (a new login) are for superusers only.
    assert AuditEntry.objects.visible_to(users.fed_admin).filter(unit__isnull=True).count() == 0
    assert AuditEntry.objects.visible_to(users.superuser).filter(action="role.grant").count() == 3
    assert AuditEntry.objects.visible_to(users.norole).count() == 0


def test_roles_are_scoped_by_the_unit_they_are_on(tree, users):
    assert {r.user.username for r in Role.objects.visible_to(users.officer_a)} == {"baothang"}
    assert {r.user.username for r in Role.objects.visible_to(users.fed_admin, "manage_users")} == {
        "lcadmin",
        "baothang",
        "xem",
    }
    assert Role.objects.visible_to(users.officer_a, "manage_users").count() == 0


def test_only_a_federation_admin_manages_roles_and_only_in_the_subtree(tree, users):
    newcomer = UserFactory(username="moi")
    accounts.grant_role(actor=users.fed_admin, user=newcomer, unit=tree.b, kind=RoleKind.OFFICER)
    assert codes(Unit.objects.visible_to(newcomer, "change")) == {"BX", "BX-01", "BX-02"}

    with pytest.raises(ScopeError):
        accounts.grant_role(actor=users.officer_a, user=newcomer, unit=tree.a, kind=RoleKind.OFFICER)
    with pytest.raises(ScopeError):
        accounts.grant_role(
            actor=users.fed_admin, user=newcomer, unit=tree.confederation, kind=RoleKind.VIEWER
        )
    with pytest.raises(ScopeError):
        accounts.revoke_role(actor=users.viewer, role=Role.objects.get(user=newcomer))

    accounts.revoke_role(actor=users.fed_admin, role=Role.objects.get(user=newcomer))
    assert codes(Unit.objects.visible_to(newcomer)) == set()


def test_scope_follows_todays_tree_while_history_reads_the_past(tree, users):
    services.move_units(actor=None, units=[tree.b1], new_parent=tree.a, on=D)
    users.officer_a.__dict__.pop("_scope_cache", None)

    assert codes(Unit.objects.visible_to(users.officer_a)) == DISTRICT_A | {"BX-01"}
    assert codes(Unit.objects.visible_to(users.fed_admin)) == PROVINCE
    # The district's tree on a date before the move is still its tree of that date.
    before = selectors.subtree_versions(tree.a, D - dt.timedelta(days=1))
    assert unit_codes(before) == DISTRICT_A


def test_the_tree_browser_rows_start_at_the_top_of_the_users_scope(tree, users):
    rows = selectors.children_rows(users.officer_a, None, D)
    assert [r.unit.code for r in rows] == ["BT"]
    assert (rows[0].children, rows[0].grassroots) == (2, 2)
    assert [r.unit.code for r in selectors.children_rows(users.officer_a, tree.province, D)] == ["BT"]
    assert selectors.children_rows(users.norole, None, D) == []
    assert [r.unit.code for r in selectors.children_rows(users.fed_admin, None, D)] == ["LC"]


def test_search_and_lookup_stay_inside_the_scope(tree, users):
    assert list(selectors.search_units(users.fed_admin, "bat xat")) == [tree.b]
    assert list(selectors.search_units(users.officer_a, "bat xat")) == []
    assert list(selectors.search_units(users.officer_a, "kim dong")) == [tree.a1]
    with pytest.raises(DomainError, match="Không tìm thấy"):
        selectors.resolve_unit(users.officer_a, "BX")
    assert selectors.resolve_unit(users.fed_admin, "bx") == tree.b
