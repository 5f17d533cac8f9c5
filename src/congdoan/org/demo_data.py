"""Static data of the Lào Cai demo: the 2024 districts and communes, and name parts.

Ward codes are those of the official 2025 list (``vietnam-provinces``,
province code 15; the wards of the former Lào Cai are codes 2647–3121, the
former Yên Bái's come after). Each 2024 commune (xã, phường, thị trấn) is
placed in the 2025 ward that took over its territory — exact where the ward
kept the commune's name, otherwise by neighbourhood, which is good enough for
demo data. District weights follow their populations (thousands, 2023).
"""

from __future__ import annotations

# Code, federation name as of 2024, weight, the 2025 ward of its seat,
# {2025 ward: [2024 communes in it]}, and (earlier name, until) when it had one.
District = tuple[str, str, int, int, dict[int, list[str]], tuple[str, str] | None]

DISTRICTS: list[District] = [
    (
        "LDLD-LC-TP",
        "Liên đoàn Lao động thành phố Lào Cai",
        130,
        2647,
        {
            2647: [
                "phường Cốc Lếu",
                "phường Duyên Hải",
                "phường Kim Tân",
                "phường Lào Cai",
                "phường Phố Mới",
                "xã Vạn Hòa",
                "xã Đồng Tuyển",
            ],
            2674: [
                "phường Bắc Cường",
                "phường Nam Cường",
                "phường Bắc Lệnh",
                "phường Pom Hán",
                "phường Xuân Tăng",
                "phường Bình Minh",
                "phường Thống Nhất",
                "xã Cam Đường",
            ],
            2680: ["xã Hợp Thành", "xã Tả Phời"],
        },
        ("Liên đoàn Lao động thị xã Lào Cai", "2004-11-30"),
    ),
    (
        "LDLD-LC-SP",
        "Liên đoàn Lao động thị xã Sa Pa",
        65,
        3006,
        {
            3006: [
                "phường Sa Pa",
                "phường Sa Pả",
                "phường Ô Quý Hồ",
                "phường Hàm Rồng",
                "phường Cầu Mây",
                "phường Phan Si Păng",
                "xã Hoàng Liên",
            ],
            3004: ["xã Ngũ Chỉ Sơn", "xã Trung Chải"],
            3013: ["xã Tả Phìn"],
            3037: ["xã Tả Van", "xã Mường Hoa"],
            3043: ["xã Mường Bo", "xã Liên Minh"],
            3046: ["xã Bản Hồ", "xã Thanh Bình"],
        },
        ("Liên đoàn Lao động huyện Sa Pa", "2020-01-01"),
    ),
    (
        "LDLD-LC-BX",
        "Liên đoàn Lao động huyện Bát Xát",
        80,
        2683,
        {
            2683: ["thị trấn Bát Xát", "xã Quang Kim", "xã Bản Qua", "xã Phìn Ngan"],
            2686: ["xã A Mú Sung", "xã Nậm Chạc"],
            2695: ["xã Trịnh Tường", "xã Cốc Mỳ"],
            2701: ["xã Y Tý", "xã A Lù", "xã Ngải Thầu"],
            2707: ["xã Dền Sáng", "xã Dền Thàng", "xã Sàng Ma Sáo"],
            2725: ["xã Bản Xèo", "xã Pa Cheo", "xã Mường Vi", "xã Bản Vược"],
            2728: ["xã Mường Hum", "xã Trung Lèng Hồ", "xã Nậm Pung"],
            2746: ["xã Cốc San", "xã Tòng Sành"],
        },
        None,
    ),
    (
        "LDLD-LC-BT",
        "Liên đoàn Lao động huyện Bảo Thắng",
        110,
        2905,
        {
            2905: ["thị trấn Phố Lu", "xã Sơn Hà", "xã Sơn Hải"],
            2902: ["thị trấn Nông trường Phong Hải", "xã Bản Cầm", "xã Bản Phiệt"],
            2908: ["thị trấn Tằng Loỏng", "xã Xuân Giao", "xã Phú Nhuận"],
            2923: ["xã Gia Phú", "xã Thái Niên", "xã Phong Niên"],
            2926: ["xã Xuân Quang", "xã Trì Quang"],
        },
        None,
    ),
    (
        "LDLD-LC-BY",
        "Liên đoàn Lao động huyện Bảo Yên",
        85,
        2947,
        {
            2947: ["thị trấn Phố Ràng", "xã Yên Sơn", "xã Lương Sơn", "xã Xuân Thượng"],
            2953: ["xã Nghĩa Đô", "xã Vĩnh Yên", "xã Tân Tiến"],
            2962: ["xã Xuân Hòa", "xã Tân Dương"],
            2968: ["xã Thượng Hà", "xã Điện Quan", "xã Minh Tân"],
            2989: ["xã Bảo Hà", "xã Kim Sơn", "xã Cam Cọn"],
            2998: ["xã Phúc Khánh", "xã Việt Tiến"],
        },
        None,
    ),
    (
        "LDLD-LC-BH",
        "Liên đoàn Lao động huyện Bắc Hà",
        65,
        2839,
        {
            2839: ["thị trấn Bắc Hà", "xã Na Hối", "xã Thải Giàng Phố", "xã Bản Phố"],
            2842: ["xã Tả Củ Tỷ", "xã Lùng Cải", "xã Tả Van Chư"],
            2848: ["xã Lùng Phình", "xã Hoàng Thu Phố"],
            2869: ["xã Bản Liền", "xã Nậm Khánh", "xã Nậm Đét"],
            2890: ["xã Bảo Nhai", "xã Nậm Mòn", "xã Cốc Ly"],
            2896: ["xã Cốc Lầu", "xã Nậm Lúc", "xã Bản Cái"],
        },
        None,
    ),
    (
        "LDLD-LC-MK",
        "Liên đoàn Lao động huyện Mường Khương",
        65,
        2761,
        {
            2761: ["thị trấn Mường Khương", "xã Tung Chung Phố", "xã Nấm Lư", "xã Thanh Bình", "xã Nậm Chảy"],
            2752: ["xã Pha Long", "xã Tả Ngải Chồ", "xã Dìn Chin", "xã Tả Gia Khâu"],
            2788: ["xã Bản Lầu", "xã Bản Sen", "xã Lùng Vai"],
            2791: ["xã Cao Sơn", "xã La Pan Tẩn", "xã Tả Thàng", "xã Lùng Khấu Nhin"],
        },
        None,
    ),
    (
        "LDLD-LC-SMC",
        "Liên đoàn Lao động huyện Si Ma Cai",
        38,
        2809,
        {
            2809: ["thị trấn Si Ma Cai", "xã Sán Chải", "xã Nàn Sán", "xã Thào Chư Phìn", "xã Bản Mế"],
            2824: ["xã Sín Chéng", "xã Cán Cấu", "xã Lùng Thẩn", "xã Quan Hồ Thẩn", "xã Nàn Sín"],
        },
        None,
    ),
    (
        "LDLD-LC-VB",
        "Liên đoàn Lao động huyện Văn Bàn",
        90,
        3103,
        {
            3103: ["thị trấn Khánh Yên", "xã Khánh Yên Thượng", "xã Khánh Yên Trung", "xã Liêm Phú"],
            3082: ["xã Làng Giàng", "xã Hòa Mạc", "xã Khánh Yên Hạ"],
            3061: ["xã Võ Lao", "xã Sơn Thủy"],
            3076: ["xã Nậm Chày", "xã Nậm Mả"],
            3085: ["xã Nậm Xé", "xã Nậm Xây"],
            3091: ["xã Chiềng Ken", "xã Tân Thượng", "xã Nậm Tha"],
            3106: ["xã Dương Quỳ", "xã Thẩm Dương", "xã Dần Thàng"],
            3121: ["xã Minh Lương", "xã Nậm Rạng", "xã Tân An"],
        },
        None,
    ),
]

PROVINCE_SEAT_WARD = 2674  # Phường Cam Đường: the provincial administrative centre of 2024
INDUSTRIAL_ZONE_WARDS = [2908, 2647]  # KCN Tằng Loỏng; KCN Đông Phố Mới and Bắc Duyên Hải

# Code, name, level, ward of the seat.
PROVINCE_UNITS: list[tuple[str, str, str, int]] = [
    ("CDN-LC-GD", "Công đoàn ngành Giáo dục tỉnh Lào Cai", "sector_union", 2674),
    ("CDN-LC-YT", "Công đoàn ngành Y tế tỉnh Lào Cai", "sector_union", 2674),
    ("CDN-LC-GTXD", "Công đoàn ngành Giao thông – Xây dựng tỉnh Lào Cai", "sector_union", 2647),
    ("CDN-LC-NN", "Công đoàn ngành Nông nghiệp và Phát triển nông thôn tỉnh Lào Cai", "sector_union", 2674),
    ("CDVC-LC", "Công đoàn Viên chức tỉnh Lào Cai", "sector_union", 2674),
    ("CDKCN-LC", "Công đoàn các Khu công nghiệp tỉnh Lào Cai", "industrial_zone_union", 2908),
]

PROVINCE_TOTAL_GRASSROOTS = 1210
WORKERS_TOTAL_2024 = 46_218

# High schools per district (THPT số 1 … số n).
HIGH_SCHOOLS = {
    "LDLD-LC-TP": 4,
    "LDLD-LC-SP": 2,
    "LDLD-LC-BX": 2,
    "LDLD-LC-BT": 3,
    "LDLD-LC-BY": 3,
    "LDLD-LC-BH": 2,
    "LDLD-LC-MK": 2,
    "LDLD-LC-SMC": 1,
    "LDLD-LC-VB": 3,
}
PROVINCIAL_SCHOOLS = [
    "Trường THPT Chuyên Lào Cai",
    "Trường PTDTNT THPT tỉnh Lào Cai",
    "Trường Cao đẳng Lào Cai",
    "Trung tâm Giáo dục thường xuyên tỉnh Lào Cai",
    "Trường THPT Duyên Hải",
    "Trường THPT Hoàng Liên",
    "Trường Trung học phổ thông Lê Quý Đôn",
    "Trường THCS và THPT Trịnh Tường",
]
PROVINCIAL_HEALTH = [
    "Bệnh viện Đa khoa tỉnh Lào Cai",
    "Bệnh viện Đa khoa số 2 tỉnh Lào Cai",
    "Bệnh viện Sản Nhi tỉnh Lào Cai",
    "Bệnh viện Y học cổ truyền tỉnh Lào Cai",
    "Bệnh viện Nội tiết tỉnh Lào Cai",
    "Bệnh viện Phục hồi chức năng tỉnh Lào Cai",
    "Bệnh viện Mắt tỉnh Lào Cai",
    "Bệnh viện Tâm thần tỉnh Lào Cai",
    "Trung tâm Kiểm soát bệnh tật tỉnh Lào Cai",
    "Trung tâm Pháp y tỉnh Lào Cai",
    "Trung tâm Giám định y khoa tỉnh Lào Cai",
    "Trung tâm Kiểm nghiệm tỉnh Lào Cai",
    "Trường Cao đẳng Y tế Lào Cai",
]
HEALTH_CLINICS = [
    ("Phòng khám Đa khoa khu vực Bản Lầu", 2788),
    ("Phòng khám Đa khoa khu vực Phong Hải", 2902),
    ("Phòng khám Đa khoa khu vực Tằng Loỏng", 2908),
    ("Phòng khám Đa khoa khu vực Nghĩa Đô", 2953),
    ("Phòng khám Đa khoa khu vực Bảo Hà", 2989),
    ("Phòng khám Đa khoa khu vực Y Tý", 2701),
    ("Phòng khám Đa khoa khu vực Bản Phố", 2839),
    ("Phòng khám Đa khoa khu vực Võ Lao", 3061),
]
PROVINCIAL_AGENCIES = [
    "Văn phòng Ủy ban nhân dân tỉnh Lào Cai",
    "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh Lào Cai",
    "Sở Tài chính tỉnh Lào Cai",
    "Sở Kế hoạch và Đầu tư tỉnh Lào Cai",
    "Sở Nội vụ tỉnh Lào Cai",
    "Sở Tư pháp tỉnh Lào Cai",
    "Sở Công Thương tỉnh Lào Cai",
    "Sở Xây dựng tỉnh Lào Cai",
    "Sở Giao thông vận tải tỉnh Lào Cai",
    "Sở Tài nguyên và Môi trường tỉnh Lào Cai",
    "Sở Lao động – Thương binh và Xã hội tỉnh Lào Cai",
    "Sở Văn hóa, Thể thao và Du lịch tỉnh Lào Cai",
    "Sở Khoa học và Công nghệ tỉnh Lào Cai",
    "Sở Thông tin và Truyền thông tỉnh Lào Cai",
    "Sở Giáo dục và Đào tạo tỉnh Lào Cai",
    "Sở Y tế tỉnh Lào Cai",
    "Sở Ngoại vụ tỉnh Lào Cai",
    "Thanh tra tỉnh Lào Cai",
    "Ban Dân tộc tỉnh Lào Cai",
    "Ban Quản lý Khu kinh tế tỉnh Lào Cai",
]
PROVINCIAL_PUBLIC = [
    "Đài Phát thanh và Truyền hình tỉnh Lào Cai",
    "Báo Lào Cai",
    "Trung tâm Lưu trữ lịch sử tỉnh Lào Cai",
    "Trung tâm Xúc tiến đầu tư, Thương mại và Du lịch tỉnh Lào Cai",
    "Văn phòng Đăng ký đất đai tỉnh Lào Cai",
    "Bảo tàng tỉnh Lào Cai",
    "Thư viện tỉnh Lào Cai",
    "Trung tâm Dịch vụ việc làm tỉnh Lào Cai",
    "Trung tâm Công nghệ thông tin và Truyền thông tỉnh Lào Cai",
    "Nhà hát Nghệ thuật tỉnh Lào Cai",
    "Trung tâm Văn hóa tỉnh Lào Cai",
    "Trung tâm Phát triển quỹ đất tỉnh Lào Cai",
    "Ban Quản lý dự án đầu tư xây dựng tỉnh Lào Cai",
    "Ban Quản lý dự án ODA tỉnh Lào Cai",
    "Trung tâm Quan trắc tài nguyên và môi trường tỉnh Lào Cai",
    "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lào Cai",
    "Trung tâm Dịch vụ đấu giá tài sản tỉnh Lào Cai",
    "Trung tâm Hành chính công tỉnh Lào Cai",
    "Trung tâm Bảo trợ xã hội tỉnh Lào Cai",
    "Cơ sở cai nghiện ma túy tỉnh Lào Cai",
    "Trường Cao đẳng Sư phạm Lào Cai",
    "Trung tâm Huấn luyện và Thi đấu thể dục thể thao tỉnh Lào Cai",
    "Ban Quản lý Vườn quốc gia Hoàng Liên",
    "Quỹ Bảo vệ môi trường tỉnh Lào Cai",
    "Trung tâm Đào tạo và Sát hạch lái xe tỉnh Lào Cai",
    "Trung tâm Thông tin và Thống kê khoa học công nghệ tỉnh Lào Cai",
    "Trung tâm Đo lường Thử nghiệm tỉnh Lào Cai",
    "Quỹ Phát triển đất tỉnh Lào Cai",
    "Nhà khách Ủy ban nhân dân tỉnh Lào Cai",
    "Trung tâm Điều dưỡng người có công tỉnh Lào Cai",
]
AGRICULTURE_AGENCIES = [
    "Chi cục Kiểm lâm tỉnh Lào Cai",
    "Chi cục Thủy lợi tỉnh Lào Cai",
    "Chi cục Trồng trọt và Bảo vệ thực vật tỉnh Lào Cai",
    "Chi cục Chăn nuôi và Thú y tỉnh Lào Cai",
    "Chi cục Phát triển nông thôn tỉnh Lào Cai",
]
AGRICULTURE_PUBLIC = [
    "Trung tâm Khuyến nông tỉnh Lào Cai",
    "Trung tâm Giống cây trồng, vật nuôi tỉnh Lào Cai",
    "Trung tâm Nước sạch và Vệ sinh môi trường nông thôn tỉnh Lào Cai",
    "Ban Quản lý rừng phòng hộ huyện Bát Xát",
    "Ban Quản lý rừng phòng hộ huyện Văn Bàn",
    "Ban Quản lý rừng phòng hộ huyện Bảo Yên",
    "Ban Quản lý rừng phòng hộ huyện Bắc Hà",
    "Ban Quản lý rừng phòng hộ huyện Mường Khương",
    "Ban Quản lý Khu bảo tồn thiên nhiên Bát Xát",
]
AGRICULTURE_COMPANIES = [
    "Công ty TNHH MTV Chè Thanh Bình",
    "Công ty Cổ phần Chè Phong Hải",
    "Công ty TNHH MTV Lâm nghiệp Văn Bàn",
    "Công ty TNHH MTV Lâm nghiệp Bảo Yên",
    "Công ty Cổ phần Giống cây trồng Lào Cai",
    "Công ty TNHH Thủy lợi Lào Cai",
]
STATE_COMPANIES = [
    "Tổng Công ty Apatit Việt Nam",
    "Công ty Điện lực Lào Cai",
    "Công ty Cổ phần Cấp nước Lào Cai",
    "Công ty TNHH MTV Xổ số kiến thiết Lào Cai",
    "Công ty Mỏ tuyển đồng Sin Quyền",
    "Chi nhánh Đường sắt Lào Cai",
    "Viễn thông Lào Cai",
    "Bưu điện tỉnh Lào Cai",
    "Agribank Chi nhánh tỉnh Lào Cai",
    "Công ty Cổ phần Môi trường đô thị Lào Cai",
    "Công ty Xăng dầu Lào Cai",
    "Công ty Cổ phần Quản lý đường bộ I Lào Cai",
    "Công ty Cổ phần Quản lý đường bộ II Lào Cai",
]
FDI_COMPANIES = [
    "Công ty TNHH Khoáng sản và Luyện kim Việt Trung",
    "Công ty TNHH Phốt pho vàng Việt Nam – Trung Quốc",
    "Công ty TNHH Điện tử Hồng Hải Lào Cai",
    "Công ty TNHH May mặc Tân Đệ",
    "Công ty TNHH Chế biến nông sản Hà Khẩu",
    "Công ty TNHH Đồng Đông Phố",
    "Công ty TNHH Phân bón Vân Thiên Hóa",
    "Công ty TNHH Hóa chất Yunnan Lào Cai",
    "Công ty TNHH Luyện kim Đông Á",
    "Công ty TNHH Năng lượng Hồng Hà",
    "Công ty TNHH Thiết bị điện Hoa Trung",
    "Công ty TNHH Gỗ ép Phúc Hưng",
]
CONSTRUCTION_TRADES = ["Xây dựng", "Vận tải", "Xây dựng Giao thông", "Vật liệu xây dựng", "Tư vấn xây dựng"]
INDUSTRY_TRADES = [
    "Hóa chất",
    "Khoáng sản",
    "Cơ khí",
    "Phân bón",
    "Chế biến nông sản",
    "Luyện kim",
    "Điện tử",
]

# Schools named after people and places, for wards with more than one school of a kind.
SCHOOL_NAMES = [
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
    "Hoa Ban",
    "Hoa Hồng",
    "Sơn Ca",
    "Họa Mi",
    "Hướng Dương",
    "Tuổi Thơ",
]
DISTRICT_AGENCIES = [
    "Văn phòng HĐND và UBND",
    "Phòng Tài chính – Kế hoạch",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Nội vụ",
    "Phòng Lao động – Thương binh và Xã hội",
    "Phòng Kinh tế và Hạ tầng",
    "Phòng Văn hóa và Thông tin",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Tư pháp",
    "Thanh tra",
    "Phòng Nông nghiệp và Phát triển nông thôn",
]
DISTRICT_PUBLIC = [
    "Trung tâm Văn hóa, Thể thao và Truyền thông",
    "Ban Quản lý dự án đầu tư xây dựng",
    "Trung tâm Dịch vụ nông nghiệp",
    "Trung tâm Phát triển quỹ đất",
]
COMPANY_FORMS = ["Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV", "Doanh nghiệp tư nhân"]
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
    "Dược phẩm",
    "May mặc",
]
COMPANY_NAMES = [
    "Hoàng Liên",
    "Phan Xi Păng",
    "Kim Thành",
    "Hồng Hà",
    "Tây Bắc",
    "Sông Hồng",
    "Fansipan",
    "Mường Hoa",
    "Việt Trung",
    "Hợp Thành",
    "Cam Đường",
    "Đông Phố Mới",
    "Thanh Bình",
    "An Phú",
    "Minh Khai",
    "Thành Công",
    "Phú Thịnh",
    "Hưng Thịnh",
    "Đại Phát",
    "Lào Cai Xanh",
    "Sa Pa Xanh",
    "Bảo Long",
    "Trường Sơn",
    "Tiến Đạt",
    "Hoàng Gia",
    "Ngọc Lan",
]
COOPERATIVES = [
    "Hợp tác xã Nông nghiệp",
    "Hợp tác xã Chè",
    "Hợp tác xã Dịch vụ tổng hợp",
    "Hợp tác xã Rau an toàn",
    "Hợp tác xã Dược liệu",
    "Hợp tác xã Du lịch cộng đồng",
]
