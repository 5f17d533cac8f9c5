"""The spreadsheet tables of emulation records: what the exports write and (initiatives, gradings) the import reads.

Each list page exports its rows with ``imports.records.write_table`` in
these tables; the initiatives' and gradings' exports are read back by
their imports (``emulation.imports``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from congdoan.emulation.models import (
    AwardDecision,
    AwardForm,
    AwardLevel,
    Campaign,
    CampaignKind,
    CreativeLabourAward,
    Grade,
    Grading,
    Initiative,
    InitiativeField,
    InitiativeKind,
    RecognitionScope,
)
from congdoan.imports.mapping import Column, TableSpec

INITIATIVES = TableSpec(
    name="initiatives",
    title="DANH SÁCH SÁNG KIẾN ĐƯỢC CÔNG NHẬN",
    columns=(
        Column(
            "title",
            "Tên sáng kiến",
            "text",
            ("Tên sáng kiến, giải pháp", "Tên đề tài, sáng kiến", "Tên giải pháp", "Sáng kiến"),
            required=True,
        ),
        Column("kind", "Loại", "choice", ("Loại sáng kiến",), choices=tuple(InitiativeKind.choices)),
        Column(
            "authors",
            "Tác giả",
            "text",
            ("Tên tác giả", "Họ tên tác giả", "Tác giả, đồng tác giả"),
            required=True,
        ),
        Column("author_ids", "Số CCCD tác giả", "text", ("CCCD tác giả", "Số CCCD", "Số định danh tác giả")),
        Column("unit", "Đơn vị", "unit", ("Mã đơn vị", "Đơn vị áp dụng", "Công đoàn cơ sở"), required=True),
        Column(
            "field",
            "Lĩnh vực",
            "choice",
            ("Lĩnh vực áp dụng",),
            required=True,
            choices=(*InitiativeField.choices, ("it", "CNTT"), ("agriculture", "Nông nghiệp")),
        ),
        Column("recognised_on", "Ngày công nhận", "date", ("Ngày quyết định công nhận",), required=True),
        Column("recognised_by", "Cơ quan công nhận", "text", ("Hội đồng công nhận", "Đơn vị công nhận")),
        Column(
            "scope",
            "Cấp công nhận",
            "choice",
            ("Phạm vi công nhận", "Cấp"),
            required=True,
            choices=(
                *RecognitionScope.choices,
                ("grassroots", "Cơ sở"),
                ("province", "Tỉnh"),
                ("national", "Toàn quốc"),
                ("national", "Cấp toàn quốc"),
            ),
        ),
        Column("value", "Giá trị làm lợi", "money", ("Giá trị làm lợi (đồng)", "Giá trị làm lợi ước tính")),
    ),
    anchor="title",
)

GRADINGS = TableSpec(
    name="gradings",
    title="KẾT QUẢ XẾP LOẠI CÔNG ĐOÀN CƠ SỞ",
    columns=(
        Column("unit", "Đơn vị", "unit", ("Mã đơn vị", "Công đoàn cơ sở", "Tên CĐCS"), required=True),
        Column("year", "Năm", "int", ("Năm đánh giá",), required=True),
        Column("total", "Điểm", "text", ("Tổng điểm", "Điểm đạt", "Số điểm"), required=True),
        Column(
            "grade",
            "Xếp loại",
            "choice",
            ("Kết quả xếp loại", "Xếp loại CĐCS"),
            choices=(
                *Grade.choices,
                ("excellent", "Xuất sắc"),
                ("excellent", "HTXSNV"),
                ("good", "Tốt"),
                ("good", "HTTNV"),
                ("done", "Hoàn thành"),
                ("done", "HTNV"),
                ("not_done", "Không hoàn thành"),
                ("not_done", "KHTNV"),
            ),
        ),
        Column("note", "Nhận xét", "text", ("Ghi chú nhận xét",)),
    ),
    anchor="unit",
)

CAMPAIGNS = TableSpec(
    name="campaigns",
    title="DANH SÁCH PHONG TRÀO THI ĐUA",
    columns=(
        Column("name", "Tên phong trào", "text", required=True),
        Column("kind", "Loại phong trào", "choice", choices=tuple(CampaignKind.choices)),
        Column("unit", "Đơn vị phát động", "unit"),
        Column("launched_on", "Ngày phát động", "date"),
        Column("starts_on", "Từ ngày", "date"),
        Column("ends_on", "Đến ngày", "date"),
        Column("target_groups", "Đối tượng", "text"),
        Column("registered", "Số đăng ký", "int"),
    ),
    anchor="name",
)

DECISIONS = TableSpec(
    name="award_decisions",
    title="DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG",
    columns=(
        Column("number", "Số quyết định", "text", required=True),
        Column("decided_on", "Ngày quyết định", "date"),
        Column("issuer", "Cơ quan ban hành", "text"),
        Column("form", "Hình thức khen thưởng", "choice", choices=tuple(AwardForm.choices)),
        Column("level", "Cấp khen thưởng", "choice", choices=tuple(AwardLevel.choices)),
        Column("kind", "Tập thể/cá nhân", "text"),
        Column("name", "Tên tập thể, cá nhân", "text"),
        Column("unit", "Đơn vị", "unit"),
    ),
    anchor="number",
)

CREATIVE_AWARDS = TableSpec(
    name="creative_awards",
    title="DANH SÁCH CÔNG TRÌNH ĐƯỢC TẶNG BẰNG LAO ĐỘNG SÁNG TẠO",
    columns=(
        Column("title", "Tên sáng kiến", "text", required=True),
        Column("authors", "Tác giả", "text"),
        Column("unit", "Đơn vị", "unit"),
        Column("decision_number", "Số quyết định", "text"),
        Column("awarded_on", "Ngày quyết định", "date"),
    ),
    anchor="title",
)


def _authors(initiative: Initiative) -> list[Any]:
    return [a.person for a in initiative.authors.all()]


def initiative_rows(initiatives: Iterable[Initiative]) -> Iterator[dict[str, Any]]:
    for item in initiatives:
        people = _authors(item)
        yield {
            "title": item.title,
            "kind": item.kind,
            "authors": "; ".join(p.full_name for p in people),
            "author_ids": "; ".join(p.cccd or p.card_number or p.other_id for p in people),
            "unit": item.unit.code,
            "field": item.field,
            "recognised_on": item.recognised_on,
            "recognised_by": item.recognised_by,
            "scope": item.scope,
            "value": item.value,
        }


def grading_rows(gradings: Iterable[Grading]) -> Iterator[dict[str, Any]]:
    for row in gradings:
        yield {
            "unit": row.unit.code,
            "year": row.year,
            "total": str(row.total).replace(".", ",")
            if row.max_total == 100
            else f"{row.total}/{row.max_total}",
            "grade": row.grade,
            "note": row.note,
        }


def campaign_rows(campaigns: Iterable[Campaign]) -> Iterator[dict[str, Any]]:
    for item in campaigns:
        yield {
            "name": item.name,
            "kind": item.kind,
            "unit": item.unit.code,
            "launched_on": item.launched_on,
            "starts_on": item.starts_on,
            "ends_on": item.ends_on,
            "target_groups": item.target_groups,
            "registered": getattr(item, "registered", None),
        }


def decision_rows(decisions: Iterable[AwardDecision]) -> Iterator[dict[str, Any]]:
    """One line per recipient: the certificate list of the decisions."""
    for decision in decisions:
        for recipient in decision.recipients.all():
            yield {
                "number": decision.number,
                "decided_on": decision.decided_on,
                "issuer": decision.issuer,
                "form": decision.form,
                "level": decision.level,
                "kind": recipient.get_kind_display(),
                "name": recipient.name,
                "unit": recipient.unit.code,
            }


def creative_award_rows(awards: Iterable[CreativeLabourAward]) -> Iterator[dict[str, Any]]:
    for award in awards:
        yield {
            "title": award.initiative.title,
            "authors": "; ".join(p.full_name for p in _authors(award.initiative)),
            "unit": award.unit.code,
            "decision_number": award.decision_number,
            "awarded_on": award.awarded_on,
        }
