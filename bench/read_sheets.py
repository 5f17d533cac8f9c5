"""How fast, and in how much memory, ``imports.sheets`` reads a large member list.

Generates (xlsxwriter, constant_memory) an .xlsx of ``--rows`` members
(default 1,000,000) in the 25 columns of the export template, under a title
block, in a temporary folder, then measures in separate processes (peak
resident memory is per process):

- ``calamine``: python-calamine alone, ``iter_rows()`` over the sheet (the
  whole sheet is loaded first: this is the memory the reader must avoid);
- ``sheets``: ``open_tables()`` + ``Table.rows()`` over every row, as the
  importer reads it (header detection, row classification, SheetRow per row).

Prints rows/s and peak RSS (``ru_maxrss``) for each. Run::

    .venv/bin/python bench/read_sheets.py                   # 1,000,000 rows
    .venv/bin/python bench/read_sheets.py --rows 46000
    .venv/bin/python bench/read_sheets.py --file big.xlsx   # an existing file (kept)
    .venv/bin/python bench/read_sheets.py --only sheets     # skip the calamine-alone run
    .venv/bin/python bench/read_sheets.py --shared-strings  # text in a shared-strings table, as Excel saves
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Lò", "Giàng", "Sùng", "Bàn"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phương", "Sơn", "Thảo"]


def generate(path: Path, rows: int) -> None:
    import xlsxwriter

    from congdoan.imports.mapping import MEMBERS

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Đoàn viên")
    date = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_string(0, 0, "LIÊN ĐOÀN LAO ĐỘNG TỈNH LÀO CAI")
    sheet.write_string(1, 0, "DANH SÁCH ĐOÀN VIÊN")
    for c, column in enumerate(MEMBERS.columns):
        sheet.write_string(3, c, column.label)
    fields = [c.field for c in MEMBERS.columns]
    for i in range(rows):
        r = 4 + i
        born = dt.datetime(1965 + i % 40, 1 + i % 12, 1 + i % 28)
        female = i % 2
        values = {
            "full_name": f"{FAMILY[i % 12]} {MIDDLE[i % 7]} {GIVEN[i % 13]}",
            "gender": "Nữ" if female else "Nam",
            "cccd": f"010{(2 if born.year >= 2000 else 0) + female}{born.year % 100:02d}{i:06d}",
            "nationality": "Việt Nam",
            "ethnicity": "Kinh" if i % 5 else "Mông",
            "religion": "Không",
            "education": "12/12",
            "hometown_ward": "Xã Bản Vược",
            "hometown_province": "Lào Cai",
            "residence_street": f"Số {i % 300} đường Hoàng Liên",
            "residence_ward": "Phường Cốc Lếu",
            "residence_province": "Lào Cai",
            "phone": f"09{i:08d}",
            "employer": "Công ty Cổ phần Apatit Việt Nam",
            "job_title": "Công nhân",
            "contract_type": "Không xác định thời hạn",
            "unit": f"LC-{i % 1210:04d}",
            "card_number": f"LC{i:08d}",
            "status": "Đang sinh hoạt",
        }
        for c, name in enumerate(fields):
            if name in ("birth_date", "joined_on"):
                value = born if name == "birth_date" else dt.datetime(2005 + i % 19, 1 + i % 12, 1)
                sheet.write_datetime(r, c, value, date)
            elif name == "contract_months":
                sheet.write_number(r, c, 0)
            elif name == "insurance_salary":
                sheet.write_number(r, c, 5_000_000 + (i % 1000) * 1000)
            elif values.get(name):
                sheet.write_string(r, c, values[name])
    workbook.close()


_INLINE = re.compile(
    rb'<c r="([A-Z]+[0-9]+)"( s="[0-9]+")? t="inlineStr"><is><t(?: xml:space="preserve")?>(.*?)</t></is></c>'
)


def to_shared_strings(source: Path, target: Path) -> int:
    """Rewrite xlsxwriter's inline strings as a shared-strings table, as Excel saves a file."""
    strings: dict[bytes, int] = {}

    def shared(match: re.Match[bytes]) -> bytes:
        index = strings.setdefault(match.group(3), len(strings))
        return (
            b'<c r="'
            + match.group(1)
            + b'"'
            + (match.group(2) or b"")
            + b' t="s"><v>'
            + str(index).encode()
            + b"</v></c>"
        )

    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with zin.open(info) as stream, zout.open(info.filename, "w", force_zip64=True) as out:
                    rest = b""
                    while block := stream.read(8 << 20):
                        block = rest + block
                        cut = block.rfind(b"</row>") + len(b"</row>")
                        out.write(_INLINE.sub(shared, block[:cut]))
                        rest = block[cut:]
                    out.write(_INLINE.sub(shared, rest))
                continue
            data = zin.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                    b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            zout.writestr(info, data)
        with zout.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
            out.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (len(strings), len(strings))
            )
            for text in strings:
                out.write(b"<si><t>" + text + b"</t></si>")
            out.write(b"</sst>")
    return len(strings)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(kind: str, path: str) -> dict[str, float]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congdoan.settings")
    django.setup()  # before the clock: both runs start from the same loaded process
    from python_calamine import CalamineWorkbook

    from congdoan.imports.sheets import open_tables

    start = time.perf_counter()
    count = 0
    if kind == "calamine":
        workbook = CalamineWorkbook.from_path(path)
        for _row in workbook.get_sheet_by_index(0).iter_rows():
            count += 1
    else:
        with open_tables(path, filename=Path(path).name) as workbook:
            for _row in workbook.rows():
                count += 1
    seconds = time.perf_counter() - start
    return {"rows": count, "seconds": seconds, "rows_per_s": count / seconds, "peak_mb": peak_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--file", help="read this .xlsx instead of generating one")
    parser.add_argument("--only", choices=["calamine", "sheets"])
    parser.add_argument(
        "--shared-strings",
        action="store_true",
        help="store text in a shared-strings table, as Excel does (xlsxwriter's streaming mode writes it inline)",
    )
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    with tempfile.TemporaryDirectory(prefix="congdoan-bench-") as folder:
        if args.file:
            path = Path(args.file)
        else:
            path = Path(folder) / "members.xlsx"
            started = time.perf_counter()
            generate(path, args.rows)
            if args.shared_strings:
                inline, path = path, Path(folder) / "members-shared.xlsx"
                count = to_shared_strings(inline, path)
                inline.unlink()
                print(f"{count:,} shared strings")
            print(
                f"generated {args.rows:,} rows in {time.perf_counter() - started:.0f} s: {path.stat().st_size / 1e6:.0f} MB"
            )
        env = {**os.environ, "CONGDOAN_DATA_DIR": os.environ.get("CONGDOAN_DATA_DIR") or folder}
        for kind in ("calamine", "sheets"):
            if args.only and kind != args.only:
                continue
            output = subprocess.run(
                [sys.executable, __file__, "--measure", kind, str(path)],
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
            if output.returncode != 0:
                print(f"{kind:9} failed: {output.stderr.strip().splitlines()[-1:]}")
                continue
            result = json.loads(output.stdout)
            print(
                f"{kind:9} {result['rows']:>10,} rows  {result['seconds']:7.1f} s  "
                f"{result['rows_per_s']:>9,.0f} rows/s  peak RSS {result['peak_mb']:6.0f} MB"
            )


if __name__ == "__main__":
    main()
