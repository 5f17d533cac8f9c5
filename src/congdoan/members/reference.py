"""Reference data of the member registry: ethnic groups, religions, education, contracts.

Data, not logic: the 54 ethnic groups of Vietnam with the codes of the
General Statistics Office list (Quyết định 121-TCTK/PPCĐ, 1979), and the
province codes that open a citizen ID number (Thông tư 59/2021/TT-BCA,
the 63 provinces before the 2025 merger — a CCCD keeps the code of the
province where the birth was registered, even after that province merged).
"""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congdoan.common.text import fold

#: code -> name of the 54 ethnic groups (dân tộc), in the official order.
ETHNICITIES: dict[str, str] = {
    "01": "Kinh",
    "02": "Tày",
    "03": "Thái",
    "04": "Hoa",
    "05": "Khơ-me",
    "06": "Mường",
    "07": "Nùng",
    "08": "Mông",
    "09": "Dao",
    "10": "Gia-rai",
    "11": "Ngái",
    "12": "Ê-đê",
    "13": "Ba-na",
    "14": "Xơ-đăng",
    "15": "Sán Chay",
    "16": "Cơ-ho",
    "17": "Chăm",
    "18": "Sán Dìu",
    "19": "Hrê",
    "20": "Mnông",
    "21": "Ra-glai",
    "22": "Xtiêng",
    "23": "Bru-Vân Kiều",
    "24": "Thổ",
    "25": "Giáy",
    "26": "Cơ-tu",
    "27": "Gié-Triêng",
    "28": "Mạ",
    "29": "Khơ-mú",
    "30": "Co",
    "31": "Tà-ôi",
    "32": "Chơ-ro",
    "33": "Kháng",
    "34": "Xinh-mun",
    "35": "Hà Nhì",
    "36": "Chu-ru",
    "37": "Lào",
    "38": "La Chí",
    "39": "La Ha",
    "40": "Phù Lá",
    "41": "La Hủ",
    "42": "Lự",
    "43": "Lô Lô",
    "44": "Chứt",
    "45": "Mảng",
    "46": "Pà Thẻn",
    "47": "Cơ Lao",
    "48": "Cống",
    "49": "Bố Y",
    "50": "Si La",
    "51": "Pu Péo",
    "52": "Brâu",
    "53": "Ơ Đu",
    "54": "Rơ-măm",
}
KINH = "01"
#: Foreign workers have no Vietnamese ethnic group.
FOREIGN_ETHNICITY = "99"

ETHNICITY_CHOICES = [*ETHNICITIES.items(), (FOREIGN_ETHNICITY, _("Người nước ngoài"))]


def ethnicity_name(code: str) -> str:
    return ETHNICITIES.get(code, str(_("Người nước ngoài")) if code == FOREIGN_ETHNICITY else code)


#: Province code (first three digits of a CCCD) -> province where the birth was registered.
CCCD_PROVINCES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}


class Gender(models.TextChoices):
    MALE = "male", pgettext_lazy("gender", "Nam")
    FEMALE = "female", pgettext_lazy("gender", "Nữ")


class Citizenship(models.TextChoices):
    VIETNAMESE = "vn", _("Công dân Việt Nam")
    FOREIGN = "foreign", _("Người lao động nước ngoài")


class Religion(models.TextChoices):
    NONE = "none", _("Không")
    BUDDHISM = "buddhism", _("Phật giáo")
    CATHOLIC = "catholic", _("Công giáo")
    PROTESTANT = "protestant", _("Tin lành")
    CAO_DAI = "cao_dai", _("Cao Đài")
    HOA_HAO = "hoa_hao", _("Phật giáo Hòa Hảo")
    ISLAM = "islam", _("Hồi giáo")
    OTHER = "other", _("Tôn giáo khác")


class Education(models.TextChoices):
    PRIMARY = "primary", _("Tiểu học")
    LOWER_SECONDARY = "lower_secondary", _("Trung học cơ sở")
    UPPER_SECONDARY = "upper_secondary", _("Trung học phổ thông")
    VOCATIONAL = "vocational", _("Trung cấp, sơ cấp nghề")
    COLLEGE = "college", _("Cao đẳng")
    UNIVERSITY = "university", _("Đại học")
    MASTER = "master", _("Thạc sĩ")
    DOCTORATE = "doctorate", _("Tiến sĩ")


class ContractType(models.TextChoices):
    INDEFINITE = "indefinite", _("Hợp đồng không xác định thời hạn")
    FIXED_TERM = "fixed_term", _("Hợp đồng xác định thời hạn")
    SEASONAL = "seasonal", _("Hợp đồng theo mùa vụ, dưới 12 tháng")
    CIVIL_SERVANT = "civil_servant", _("Cán bộ, công chức, viên chức")
    OTHER = "other", _("Khác")


class UnionOffice(models.TextChoices):
    """A union office (chức vụ công đoàn) a member holds; blank: none.

    Foreign workers may join a union but cannot hold its offices (Luật
    Công đoàn 2024): the services refuse an office for them.
    """

    CHAIR = "chair", _("Chủ tịch")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch")
    EXECUTIVE = "executive", _("Ủy viên Ban Chấp hành")
    INSPECTION = "inspection", _("Ủy viên Ủy ban Kiểm tra")
    GROUP_LEADER = "group_leader", _("Tổ trưởng công đoàn")


#: Folded spellings met in member lists -> office; "" is none. Labels and codes are added below.
_UNION_OFFICE_SPELLINGS = {
    "": "",
    "khong": "",
    "-": "",
    "chu tich cong doan": "chair",
    "chu tich cdcs": "chair",
    "chu tich cd": "chair",
    "ct": "chair",
    "ct cdcs": "chair",
    "pho chu tich cong doan": "vice_chair",
    "pho chu tich cdcs": "vice_chair",
    "pho chu tich cd": "vice_chair",
    "pct": "vice_chair",
    "uy vien bch": "executive",
    "uv bch": "executive",
    "uvbch": "executive",
    "uy vien ban chap hanh cong doan": "executive",
    "uy vien ubkt": "inspection",
    "uv ubkt": "inspection",
    "uvubkt": "inspection",
    "uy vien uy ban kiem tra cong doan": "inspection",
    "to truong": "group_leader",
    "to truong cd": "group_leader",
    "to truong to cong doan": "group_leader",
}


def union_office_code(value: object) -> str | None:
    """The office code of ``value`` (a code, a label in any case, with or without diacritics,
    or a common abbreviation such as "UV BCH"); "" for none, None when it is not an office."""
    text = "" if value is None else str(value).strip()
    if text in UnionOffice.values:
        return text
    key = " ".join(fold(text).replace(".", " ").split())
    if key in _UNION_OFFICE_SPELLINGS:
        return _UNION_OFFICE_SPELLINGS[key]
    with translation.override("vi"):
        labels = {" ".join(fold(str(label)).split()): code for code, label in UnionOffice.choices}
    return labels.get(key)
