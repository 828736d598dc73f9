import datetime as dt

import pytest
from django.utils import formats, translation

MARCH_5 = dt.date(2021, 3, 5)


@pytest.mark.parametrize(
    ("language", "date", "short", "month", "number"),
    [
        ("kk", "5 наурыз 2021 ж.", "05.03.2021", "2021 ж. наурыз", "1\xa0234,5"),
        ("ru", "5 марта 2021 г.", "05.03.2021", "Март 2021 г.", "1\xa0234,5"),
        ("en", "March 5, 2021", "03/05/2021", "March 2021", "1,234.5"),
    ],
)
def test_each_language_writes_dates_and_numbers_its_own_way(language, date, short, month, number):
    # Django has no Kazakh formats: /kk/ pages wrote "Наурыз 5, 2021" and "03/05/2021".
    with translation.override(language):
        assert formats.date_format(MARCH_5) == date
        assert formats.date_format(MARCH_5, "SHORT_DATE_FORMAT") == short
        assert formats.date_format(MARCH_5, "YEAR_MONTH_FORMAT") == month
        assert formats.number_format(1234.5, decimal_pos=1, force_grouping=True) == number


def test_kazakh_month_names_are_lower_case_inside_a_date():
    with translation.override("kk"):
        for month in range(1, 13):
            written = formats.date_format(dt.date(2021, month, 1))
            assert written == written.lower(), written
