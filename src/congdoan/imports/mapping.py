"""The declarative field mapping: which header spellings mean which field.

One :class:`TableSpec` per record type. Header detection (``sheets.py``)
compares folded header text (``common.text.fold``: lower-case, no
diacritics, single spaces) with each column's ``spellings``; the export
writes ``label`` as the header, in the order of ``columns``, so an
exported file is read back by the same table without loss.

``kind`` names the value parser the importer applies to a cell
(``values.py``): text, name, date, id, gender, phone, email, int, money,
choice, unit, status; and for the other record types (``records.py``)
day (a full date: ``datetime.date``), bool ("Có"/"Không") and choice with
the column's own ``choices``. Each record type declares its own
``TableSpec`` (its ``anchor`` is the column that makes a header row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from congdoan.common.text import fold


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # the header the export writes (Vietnamese; the template is Vietnamese)
    kind: str
    spellings: tuple[str, ...] = ()  # further header wordings, any case/diacritics
    required: bool = False
    # For a "choice" column of a record type: (code, label) pairs, the first label of a
    # code is what the export writes; members' choice columns use values.py's own lists.
    choices: tuple[tuple[str, Any], ...] = ()

    def folded_spellings(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fold(s) for s in (self.label, *self.spellings)))


@dataclass(frozen=True)
class TableSpec:
    name: str
    title: str  # the title row the export writes above the table
    columns: tuple[Column, ...]
    # Headers that are not data: the row counter, signatures. Folded.
    ignored: tuple[str, ...] = field(
        default=("stt", "so tt", "tt", "so thu tu", "ghi chu", "ky ten", "ky nhan")
    )
    # A header row is recognised when at least this many columns match, including ``anchor``.
    anchor: str = "full_name"
    min_matches: int = 2

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.field == name:
                return column
        raise KeyError(name)


# The common hand-made template writes the birth date under a "Nam" or a "Nữ"
# column (two sub-columns under "Ngày sinh" / "Năm sinh"); the column gives
# the gender. Folded header text -> gender value.
GENDER_COLUMNS = {"nam": "male", "nu": "female"}

MEMBERS = TableSpec(
    name="members",
    title="DANH SÁCH ĐOÀN VIÊN",
    columns=(
        Column(
            "full_name",
            "Họ và tên",
            "name",
            ("Họ tên", "Họ và tên đoàn viên", "Họ tên đoàn viên", "Tên đoàn viên", "Họ và tên khai sinh"),
            required=True,
        ),
        Column(
            "birth_date",
            "Ngày sinh",
            "date",
            ("Ngày, tháng, năm sinh", "Ngày tháng năm sinh", "Năm sinh", "Sinh ngày", "Ngày/tháng/năm sinh"),
            required=True,
        ),
        Column("gender", "Giới tính", "gender", ("Nam/Nữ", "Nam, nữ", "Phái")),
        Column(
            "cccd",
            "Số CCCD",
            "id",
            (
                "Số định danh cá nhân",
                "CMND/CCCD",
                "CCCD/CMND",
                "Số CMND/CCCD",
                "Số CCCD/CMND",
                "Căn cước công dân",
                "Số căn cước",
                "Số căn cước công dân",
                "Số CCCD/ĐDCN",
                "CCCD",
                "Số định danh",
                "Số ĐDCN",
            ),
        ),
        Column("other_id", "CMND cũ, hộ chiếu", "id", ("Số CMND", "CMND", "Hộ chiếu", "Số hộ chiếu")),
        Column("nationality", "Quốc tịch", "text", ("Quốc gia",)),
        Column("ethnicity", "Dân tộc", "choice"),
        Column("religion", "Tôn giáo", "choice"),
        Column("education", "Trình độ học vấn", "choice", ("Trình độ văn hóa", "Học vấn", "Trình độ")),
        Column("hometown_ward", "Quê quán: xã, phường", "text", ("Quê quán (xã, phường)",)),
        Column("hometown_province", "Quê quán: tỉnh, thành phố", "text", ("Quê quán", "Quê quán (tỉnh)")),
        Column(
            "residence_street",
            "Nơi ở: số nhà, đường, thôn",
            "text",
            ("Địa chỉ", "Nơi ở hiện nay", "Chỗ ở hiện nay"),
        ),
        Column("residence_ward", "Nơi ở: xã, phường", "text"),
        Column("residence_province", "Nơi ở: tỉnh, thành phố", "text"),
        Column(
            "phone", "Điện thoại", "phone", ("Số điện thoại", "SĐT", "ĐT", "Di động", "Điện thoại di động")
        ),
        Column("email", "Thư điện tử", "email", ("Email", "E-mail")),
        Column("employer", "Nơi làm việc", "text", ("Đơn vị công tác", "Nơi công tác")),
        Column(
            "job_title", "Nghề nghiệp, chức vụ", "text", ("Chức vụ", "Nghề nghiệp", "Chức danh", "Công việc")
        ),
        Column("contract_type", "Loại hợp đồng", "choice", ("Hợp đồng lao động", "Loại HĐLĐ", "HĐLĐ")),
        Column(
            "contract_months",
            "Thời hạn hợp đồng (tháng)",
            "int",
            ("Thời hạn HĐ (tháng)", "Thời hạn hợp đồng", "Thời hạn HĐLĐ"),
        ),
        Column(
            "insurance_salary",
            "Tiền lương đóng BHXH (đồng)",
            "money",
            ("Lương đóng BHXH", "Mức lương đóng BHXH"),
        ),
        # Read as text: members.reference.union_office_code knows the labels and abbreviations,
        # and members.services.person_problems refuses an unknown office or a foreign officer.
        Column(
            "union_office",
            "Chức vụ công đoàn",
            "text",
            ("Chức vụ CĐ", "Chức vụ trong công đoàn", "Chức danh công đoàn", "Chức vụ Công đoàn cơ sở"),
        ),
        Column(
            "unit",
            "Mã công đoàn cơ sở",
            "unit",
            ("Công đoàn cơ sở", "Tên công đoàn cơ sở", "CĐCS", "Đơn vị", "Mã đơn vị", "Tên CĐCS"),
        ),
        Column(
            "joined_on",
            "Ngày vào Công đoàn",
            "date",
            (
                "Ngày kết nạp",
                "Ngày vào CĐ",
                "Ngày kết nạp vào Công đoàn",
                "Ngày vào công đoàn Việt Nam",
                "Năm vào Công đoàn",
                "Ngày kết nạp CĐ",
                "Ngày vào CĐVN",
            ),
            required=True,
        ),
        Column("card_number", "Số thẻ đoàn viên", "id", ("Số thẻ", "Số thẻ ĐV", "Mã thẻ")),
        Column("status", "Tình trạng", "status", ("Tình trạng sinh hoạt",)),
    ),
)

TABLES = {MEMBERS.name: MEMBERS}
