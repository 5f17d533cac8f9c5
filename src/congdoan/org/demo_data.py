"""Static data of the Lào Cai demo: the 2024 districts, their wards, and name parts.

Ward codes are those of the official 2025 list (vietnam-provinces, province
code 15); each is placed in the 2024 district whose territory it covers.
Weights follow the districts' populations (thousands, 2023).
"""

from __future__ import annotations

# (code, district federation name, weight, ward codes)
DISTRICTS: list[tuple[str, str, int, list[int]]] = [
    ("LDLD-LC-TP", "Liên đoàn Lao động thành phố Lào Cai", 130, [2647, 2674, 2680]),
    ("LDLD-LC-SP", "Liên đoàn Lao động thị xã Sa Pa", 65, [3004, 3006, 3013, 3037, 3043, 3046]),
    ("LDLD-LC-BX", "Liên đoàn Lao động huyện Bát Xát", 80, [2683, 2686, 2695, 2701, 2707, 2725, 2728, 2746]),
    ("LDLD-LC-BT", "Liên đoàn Lao động huyện Bảo Thắng", 110, [2902, 2905, 2908, 2923, 2926]),
    ("LDLD-LC-BY", "Liên đoàn Lao động huyện Bảo Yên", 85, [2947, 2953, 2962, 2968, 2989, 2998]),
    ("LDLD-LC-BH", "Liên đoàn Lao động huyện Bắc Hà", 65, [2839, 2842, 2848, 2869, 2890, 2896]),
    ("LDLD-LC-MK", "Liên đoàn Lao động huyện Mường Khương", 65, [2752, 2761, 2788, 2791]),
    ("LDLD-LC-SMC", "Liên đoàn Lao động huyện Si Ma Cai", 38, [2809, 2824]),
    ("LDLD-LC-VB", "Liên đoàn Lao động huyện Văn Bàn", 90, [3061, 3076, 3082, 3085, 3091, 3103, 3106, 3121]),
]

# (code, name, level, number of grassroots unions, ward of the seat)
PROVINCE_UNITS: list[tuple[str, str, str, int, int]] = [
    ("CDN-LC-GD", "Công đoàn ngành Giáo dục tỉnh Lào Cai", "sector_union", 62, 2674),
    ("CDN-LC-YT", "Công đoàn ngành Y tế tỉnh Lào Cai", "sector_union", 38, 2674),
    ("CDN-LC-GTXD", "Công đoàn ngành Giao thông – Xây dựng tỉnh Lào Cai", "sector_union", 41, 2647),
    (
        "CDN-LC-NN",
        "Công đoàn ngành Nông nghiệp và Phát triển nông thôn tỉnh Lào Cai",
        "sector_union",
        27,
        2674,
    ),
    ("CDVC-LC", "Công đoàn Viên chức tỉnh Lào Cai", "sector_union", 74, 2674),
    ("CDKCN-LC", "Công đoàn các Khu công nghiệp tỉnh Lào Cai", "industrial_zone_union", 58, 2908),
]

PROVINCE_TOTAL_GRASSROOTS = 1210
WORKERS_TOTAL_2024 = 46_218

# Name parts for grassroots unions, by kind.
SCHOOL_KINDS = [
    "Trường Mầm non",
    "Trường Tiểu học",
    "Trường Trung học cơ sở",
    "Trường Phổ thông dân tộc bán trú Tiểu học và THCS",
]
SCHOOL_NAMES = [
    "Hoa Ban",
    "Hoa Hồng",
    "Sơn Ca",
    "Họa Mi",
    "Ánh Dương",
    "Hướng Dương",
    "Tuổi Thơ",
    "Bình Minh",
    "Kim Đồng",
    "Lê Quý Đôn",
    "Nguyễn Du",
    "Chu Văn An",
    "Lý Tự Trọng",
    "Võ Thị Sáu",
    "Trần Phú",
    "Ngô Quyền",
    "Lê Văn Tám",
    "Nguyễn Trãi",
    "Quang Trung",
    "Hoàng Hoa Thám",
    "Tô Hiệu",
    "Pom Hán",
    "Số 1",
    "Số 2",
    "Số 3",
]
PROVINCIAL_SCHOOLS = [
    "Trường THPT số 1",
    "Trường THPT số 2",
    "Trường THPT số 3",
    "Trường THPT số 4",
    "Trường THPT Dân tộc nội trú",
    "Trường THPT Chuyên Lào Cai",
    "Trung tâm Giáo dục thường xuyên",
    "Trường Cao đẳng Lào Cai",
]
HEALTH_UNITS = [
    "Bệnh viện Đa khoa",
    "Trung tâm Y tế",
    "Bệnh viện Sản Nhi",
    "Bệnh viện Y học cổ truyền",
    "Trung tâm Kiểm soát bệnh tật",
    "Bệnh viện Nội tiết",
    "Bệnh viện Phục hồi chức năng",
    "Trung tâm Pháp y",
    "Trung tâm Giám định y khoa",
]
AGENCIES_COMMUNE = ["Cơ quan Ủy ban nhân dân xã", "Cơ quan Đảng ủy xã"]
AGENCIES_DISTRICT = [
    "Phòng Tài chính – Kế hoạch",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Nội vụ",
    "Phòng Lao động – Thương binh và Xã hội",
    "Phòng Kinh tế",
    "Phòng Văn hóa và Thông tin",
    "Phòng Giáo dục và Đào tạo",
    "Văn phòng HĐND và UBND",
    "Thanh tra",
    "Phòng Tư pháp",
    "Phòng Nông nghiệp và Phát triển nông thôn",
    "Phòng Quản lý đô thị",
]
AGENCIES_PROVINCE = [
    "Sở Tài chính",
    "Sở Kế hoạch và Đầu tư",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Công Thương",
    "Sở Xây dựng",
    "Sở Giao thông vận tải",
    "Sở Tài nguyên và Môi trường",
    "Sở Lao động – Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Thông tin và Truyền thông",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Ngoại vụ",
    "Thanh tra tỉnh",
    "Văn phòng UBND tỉnh",
    "Ban Dân tộc",
    "Ban Quản lý Khu kinh tế",
    "Cục Thuế tỉnh",
    "Kho bạc Nhà nước tỉnh",
]
PUBLIC_SERVICE = [
    "Trung tâm Văn hóa – Thể thao",
    "Ban Quản lý dự án đầu tư xây dựng",
    "Trung tâm Dịch vụ nông nghiệp",
    "Đài Phát thanh – Truyền hình",
    "Ban Quản lý rừng phòng hộ",
    "Trung tâm Phát triển quỹ đất",
    "Trung tâm Giáo dục nghề nghiệp",
]
COMPANY_FORMS = ["Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV"]
COMPANY_TRADES = [
    "Xây dựng",
    "Thương mại",
    "Vận tải",
    "Du lịch",
    "Khoáng sản",
    "Chè",
    "Lâm sản",
    "Dịch vụ",
    "Cơ khí",
    "Thủy điện",
    "Vật liệu xây dựng",
    "Nông sản",
    "Khách sạn",
    "Xuất nhập khẩu",
    "Môi trường đô thị",
    "Dược phẩm",
]
COMPANY_NAMES = [
    "Hoàng Liên",
    "Phan Xi Păng",
    "Kim Thành",
    "Hồng Hà",
    "Bảo Thắng",
    "Tây Bắc",
    "Sông Hồng",
    "Fansipan",
    "Mường Hoa",
    "Việt Trung",
    "Hợp Thành",
    "Cam Đường",
    "Tằng Loỏng",
    "Đông Phố Mới",
    "Bắc Hà",
    "Thanh Bình",
    "An Phú",
    "Minh Khai",
    "Thành Công",
    "Phú Thịnh",
    "Hưng Thịnh",
    "Đại Phát",
    "Lào Cai Xanh",
    "Sa Pa Xanh",
]
STATE_COMPANIES = [
    "Công ty Apatit Việt Nam",
    "Công ty Điện lực Lào Cai",
    "Công ty Cổ phần Cấp nước Lào Cai",
    "Công ty Xổ số kiến thiết Lào Cai",
    "Công ty TNHH MTV Mỏ tuyển đồng Sin Quyền",
    "Công ty Đường sắt Yên Lào",
    "Viễn thông Lào Cai",
    "Bưu điện tỉnh Lào Cai",
    "Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh Lào Cai",
    "Công ty Cổ phần Gang thép Lào Cai",
]
FDI_COMPANIES = [
    "Công ty TNHH Khoáng sản và Luyện kim Việt Trung",
    "Công ty TNHH Hóa chất Đức Giang Lào Cai",
    "Công ty TNHH Phốt pho vàng Lào Cai",
    "Công ty TNHH Điện tử Hồng Hải Lào Cai",
    "Công ty TNHH May mặc Tân Đệ",
    "Công ty TNHH Chế biến nông sản Hà Khẩu",
    "Công ty TNHH Đồng Đông Phố",
    "Công ty TNHH Phân bón Vân Thiên Hóa",
]
COOPERATIVES = [
    "Hợp tác xã Nông nghiệp",
    "Hợp tác xã Chè",
    "Hợp tác xã Dịch vụ tổng hợp",
    "Hợp tác xã Vận tải",
    "Hợp tác xã Rau an toàn",
]
