"""Importing a list of support grants (danh sách hỗ trợ) through the import engine, and its export template.

One row is one grant to one person: ``congdoan import grants FILE --unit U``
or the browser's import. Rows are checked with the services' own rules
(the recipient's CCCD, the programme's period and funding, the giving unit
in the programme's subtree) and the double-payment guard (the same member
or CCCD already supported in the programme, in the database or higher up
in the file, needs "Lý do hỗ trợ lần nữa"). The rows are written as
requested grants through ``services.request_grants`` (all or nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congdoan.care import selectors, services
from congdoan.care.models import FundingKind, SupportGrant, SupportProgramme
from congdoan.common.text import fold
from congdoan.imports.mapping import Column, TableSpec
from congdoan.imports.records import RecordKind, RowContext, WriteContext, register
from congdoan.org.models import Unit

#: What "Hình thức" says for support in money; anything else describes the gift in kind.
CASH_WORDS = frozenset({"", "tien", "tien mat", "chuyen khoan", "tien mat, chuyen khoan", "tm", "ck"})

GRANTS = TableSpec(
    name="grants",
    title="DANH SÁCH HỖ TRỢ ĐOÀN VIÊN, NGƯỜI LAO ĐỘNG",
    columns=(
        Column(
            "full_name",
            "Họ và tên",
            "name",
            ("Họ tên", "Họ và tên người nhận", "Người nhận", "Họ tên người nhận", "Họ và tên đoàn viên"),
            required=True,
        ),
        Column(
            "cccd",
            "Số CCCD",
            "id",
            ("Số định danh cá nhân", "CMND/CCCD", "CCCD/CMND", "Số CMND/CCCD", "CCCD", "Căn cước công dân"),
        ),
        Column("birth_year", "Năm sinh", "int"),
        Column(
            "programme",
            "Chương trình",
            "text",
            ("Tên chương trình", "Chương trình chăm lo", "Chương trình hỗ trợ", "Nội dung hỗ trợ"),
            required=True,
        ),
        Column(
            "unit",
            "Đơn vị",
            "unit",
            ("Mã đơn vị", "Đơn vị trao", "Công đoàn cơ sở", "Mã công đoàn cơ sở", "CĐCS", "Đơn vị hỗ trợ"),
        ),
        Column(
            "amount",
            "Số tiền",
            "money",
            ("Số tiền (đồng)", "Số tiền hỗ trợ", "Mức hỗ trợ", "Thành tiền", "Giá trị", "Giá trị (đồng)"),
            required=True,
        ),
        Column("form", "Hình thức", "text", ("Hình thức hỗ trợ", "Hiện vật", "Tiền mặt/Hiện vật")),
        Column("on", "Ngày", "day", ("Ngày hỗ trợ", "Ngày nhận", "Ngày trao", "Ngày chi"), required=True),
        Column(
            "funding",
            "Nguồn kinh phí",
            "choice",
            ("Nguồn", "Nguồn kinh phí hỗ trợ"),
            choices=(
                *((kind.value, kind.label) for kind in FundingKind),
                (FundingKind.GRASSROOTS, "CĐCS"),
                (FundingKind.GRASSROOTS, "Công đoàn cơ sở"),
                (FundingKind.UPPER, "Công đoàn cấp trên"),
                (FundingKind.UPPER, "LĐLĐ huyện"),
                (FundingKind.PROVINCE, "LĐLĐ tỉnh"),
                (FundingKind.CONFEDERATION, "Tổng Liên đoàn"),
                (FundingKind.CONFEDERATION, "TLĐ"),
                (FundingKind.EMPLOYER, "Doanh nghiệp"),
                (FundingKind.EMPLOYER, "Chuyên môn"),
                (FundingKind.SPONSOR, "Xã hội hoá"),
                (FundingKind.SPONSOR, "Xã hội hóa"),
                (FundingKind.SPONSOR, "Nhà tài trợ"),
            ),
        ),
        Column("note", "Ghi chú", "text"),
        Column("duplicate_reason", "Lý do hỗ trợ lần nữa", "text", ("Lý do hỗ trợ thêm",)),
        # Written by the export; an import always records requested grants.
        Column("state", "Trạng thái", "text"),
    ),
    ignored=("stt", "so tt", "tt", "so thu tu", "ky ten", "ky nhan", "nguoi nhan ky"),
    anchor="full_name",
)

#: A service's field name -> this table's column.
_FIELDS = {
    "recipient_name": "full_name",
    "recipient_cccd": "cccd",
    "recipient_birth_year": "birth_year",
    "in_kind": "form",
    "duplicate_reason": "duplicate_reason",
}


@dataclass(frozen=True)
class Prepared:
    programme: SupportProgramme
    item: services.GrantInput


def _programme(ctx: RowContext, name: Any) -> SupportProgramme | None:
    """A programme the actor may enter grants in, by its exact name (case and accents aside) or number."""
    cache: dict[str, dict[str, list[SupportProgramme]]] = ctx.memo.setdefault("__programmes__", {})
    if "by_name" not in cache:
        by_name: dict[str, list[SupportProgramme]] = {}
        for programme in selectors.programmes_for_entry(ctx.actor):
            by_name.setdefault(fold(programme.name), []).append(programme)
            by_name.setdefault(str(programme.pk), []).append(programme)
        cache["by_name"] = by_name
    found = cache["by_name"].get(fold(str(name or "")), [])
    if len(found) == 1:
        return found[0]
    if found:
        ctx.problem(
            "programme",
            "programme_ambiguous",
            _("Có %(n)s chương trình tên «%(name)s»: ghi số hiệu chương trình (trên trang chương trình).")
            % {"n": len(found), "name": name},
        )
    else:
        ctx.problem(
            "programme",
            "programme_unknown",
            _("Không có chương trình «%(name)s» mà bạn được ghi hỗ trợ: ghi đúng tên chương trình.")
            % {"name": name},
        )
    return None


def check_row(ctx: RowContext, values: dict[str, Any]) -> Prepared | None:
    """Check one row as ``services.request_grants`` will, without writing."""
    programme = _programme(ctx, values.get("programme"))
    unit: Unit | None = ctx.resolve_unit(values.get("unit"))
    cccd = values.get("cccd") or ""
    person = selectors.find_member(ctx.actor, cccd) if cccd else None
    if person is not None:
        recipient = services.Recipient.member(person)
    else:
        recipient = services.Recipient(
            full_name=values.get("full_name") or "", cccd=cccd, birth_year=values.get("birth_year")
        )
    form = (values.get("form") or "").strip()
    item = services.GrantInput(
        recipient=recipient,
        on=values.get("on"),
        amount=values.get("amount"),
        in_kind="" if fold(form) in CASH_WORDS else form,
        funding=values.get("funding") or "",
        note=values.get("note") or "",
        duplicate_reason=values.get("duplicate_reason") or "",
        unit=unit,
    )
    if programme is None or unit is None:
        return None
    for field_name, message in services.grant_problems(programme, unit, item):
        ctx.problem(_FIELDS.get(field_name, field_name), "invalid_" + field_name, message)
    if ctx.has_problems:
        return None
    keys: list[tuple[str, Any]] = [("p", person.pk)] if person is not None else []
    keys += [("c", recipient.cccd)] if recipient.cccd else []
    if not item.duplicate_reason.strip():
        earlier = services.previous_grants(programme, recipient)
        if earlier:
            ctx.problem("cccd", "duplicate", services.duplicate_message(recipient.full_name, earlier))
        else:
            for key in keys:
                if not ctx.unique(
                    (programme.pk, key),
                    "cccd",
                    _("Người này đã có một dòng hỗ trợ trong chương trình; nếu vẫn hỗ trợ thêm, ghi lý do"),
                ):
                    break
    return Prepared(programme, item)


def write_rows(ctx: WriteContext, prepared: list[Prepared]) -> tuple[int, int, int]:
    """Write the rows as requested grants, one batch (and one audit entry) per programme."""
    by_programme: dict[int, tuple[SupportProgramme, list[services.GrantInput]]] = {}
    for row in prepared:
        by_programme.setdefault(row.programme.pk, (row.programme, []))[1].append(row.item)
    created = 0
    for programme, items in by_programme.values():
        created += len(
            services.request_grants(
                actor=ctx.actor, programme=programme, unit=ctx.unit, items=items, reason=ctx.reason
            )
        )
    return created, 0, 0


def export_row(grant: SupportGrant) -> dict[str, Any]:
    """One grant as a row of :data:`GRANTS` (what the import reads back)."""
    return {
        "full_name": grant.recipient_name,
        "cccd": grant.recipient_cccd,
        "birth_year": grant.recipient_birth_year,
        "programme": grant.programme.name,
        "unit": grant.unit.code,
        "amount": grant.amount,
        "form": grant.in_kind or "Tiền",
        "on": grant.on,
        "funding": grant.funding or None,
        "note": grant.note,
        "duplicate_reason": grant.duplicate_reason,
        "state": str(grant.get_state_display()),
    }


KIND = register(
    RecordKind(
        name="grants",
        label=gettext_lazy("Lượt hỗ trợ"),
        spec=GRANTS,
        check=check_row,
        write=write_rows,
        action="change",
        description=gettext_lazy(
            "Mỗi dòng là một lượt hỗ trợ cho một người: họ tên, số CCCD, chương trình, số tiền, ngày. "
            "Các lượt được ghi ở trạng thái chờ duyệt."
        ),
        sample_fields=("full_name", "cccd", "programme", "unit", "amount", "on"),
    )
)
