"""One scope mechanism: a role on a unit reaches its subtree, nothing else."""

from __future__ import annotations

import datetime as dt

import pytest

from congdoan.accounts.models import AuditEntry, Role
from congdoan.org import selectors, services
from congdoan.org.models import Unit, UnitEvent, UnitVersion
from dated_tree import people, tree  # noqa: F401, E402 - fixtures

pytestmark = pytest.mark.django_db


def codes(qs) -> set[str]:
    return set(qs.values_list("code", flat=True))


def test_a_district_officer_sees_only_the_district_subtree(tree, people):
    assert codes(Unit.objects.visible_to(people.officer_a)) == {"A", "A1", "A2", "A3"}
    assert codes(Unit.objects.visible_to(people.officer_b)) == {"B", "B1"}


def test_province_roles_see_the_province_and_superusers_everything(tree, people):
    assert codes(Unit.objects.visible_to(people.viewer)) == {"P", "A", "B", "A1", "A2", "A3", "B1"}
    assert codes(Unit.objects.visible_to(people.admin)) == {"TLD", "P", "A", "B", "A1", "A2", "A3", "B1"}
    assert codes(Unit.objects.visible_to(people.nobody)) == set()


def test_viewer_may_view_but_not_change(tree, people):
    assert codes(Unit.objects.visible_to(people.viewer, "change")) == set()
    assert selectors.can(people.viewer, tree.school_a, "view")
    assert not selectors.can(people.viewer, tree.school_a, "change")
    assert selectors.can(people.province_admin, tree.school_a, "restructure")
    assert not selectors.can(people.officer_a, tree.school_a, "restructure")


def test_versions_events_audit_and_roles_are_scoped_the_same_way(tree, people):
    services.rename_unit(
        actor=people.admin, unit=tree.school_b, name="Trường B đổi tên", on=dt.date(2024, 1, 1)
    )
    unit_ids_a = set(Unit.objects.visible_to(people.officer_a).values_list("pk", flat=True))
    assert (
        set(UnitVersion.objects.visible_to(people.officer_a).values_list("unit_id", flat=True)) == unit_ids_a
    )
    assert set(UnitEvent.objects.visible_to(people.officer_a).values_list("unit_id", flat=True)) == unit_ids_a
    audit_units = set(AuditEntry.objects.visible_to(people.officer_a).values_list("unit_id", flat=True))
    assert audit_units and audit_units <= unit_ids_a
    assert not AuditEntry.objects.visible_to(people.officer_a).filter(unit=tree.school_b).exists()
    assert set(Role.objects.visible_to(people.officer_a).values_list("user__username", flat=True)) == {
        "huyena"
    }


def test_scope_follows_the_tree_as_it_is_today(tree, people):
    services.move_units(actor=None, units=[tree.school_a], new_parent=tree.district_b, on=dt.date(2025, 7, 1))
    people.officer_a.__dict__.pop("_scope_cache", None)
    assert "A1" not in codes(Unit.objects.visible_to(people.officer_a))
    assert "A1" in codes(Unit.objects.visible_to(people.officer_b))


def test_search_ignores_diacritics_and_finds_former_names(tree, people):
    services.rename_unit(
        actor=None, unit=tree.district_a, name="Công đoàn xã Bản Xèo", on=dt.date(2025, 7, 1)
    )
    found = codes_of(selectors.search_units(people.viewer, "bat xat"))
    assert "A" in found
    assert codes_of(selectors.search_units(people.viewer, "BẢN XÈO")) >= {"A", "A1"}
    assert codes_of(selectors.search_units(people.officer_b, "bat xat")) == set()


def codes_of(units) -> set[str]:
    return {u.code for u in units}


def test_resolve_unit_by_code_or_exact_name_within_scope(tree, people):
    assert selectors.resolve_unit(people.viewer, "a1") == tree.school_a
    assert selectors.resolve_unit(people.viewer, "LĐLĐ huyện Bảo Thắng") == tree.district_b
    with pytest.raises(Exception, match="Không tìm thấy"):
        selectors.resolve_unit(people.officer_a, "B1")
