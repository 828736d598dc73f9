"""How Kazakh pages write dates, times and numbers. Django ships no Kazakh formats, so without
these /kk/ pages fell back to English ones ("Наурыз 5, 2021", "03/05/2021", "46.1"). Kazakh
writes the day, the month in lower case and the year with "ж." (5 наурыз 2021 ж.), short dates
as 05.03.2021, and numbers with a decimal comma and a space between thousands."""

DATE_FORMAT = r"j E Y \ж."
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"j E Y \ж. H:i"
YEAR_MONTH_FORMAT = r"Y \ж. F"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # a non-breaking space
NUMBER_GROUPING = 3
