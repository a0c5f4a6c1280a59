"""One way of writing a date in Traditional Chinese across every screen: "2026年3月2日（星期一）"."""

DATE_FORMAT = "Y年n月j日（l）"
DATETIME_FORMAT = "Y年n月j日（l）H:i"
SHORT_DATE_FORMAT = "Y年n月j日"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
MONTH_DAY_FORMAT = "n月j日"
YEAR_MONTH_FORMAT = "Y年n月"
TIME_FORMAT = "H:i"
