import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from esep.lib.workdays import Calendar

CAL = Calendar()


def test_nauryz_2021_is_skipped():
    # Friday 19 March 2021; 21-23 March are Nauryz and 24 March its observed day.
    assert CAL.add_working_days(dt.date(2021, 3, 19), 1) == dt.date(2021, 3, 25)


def test_the_decreed_working_saturday_counts_and_its_monday_does_not():
    assert CAL.is_working_day(dt.date(2021, 7, 3))
    assert not CAL.is_working_day(dt.date(2021, 7, 5))
    assert not CAL.is_working_day(dt.date(2021, 7, 6))  # Capital Day
    assert CAL.add_working_days(dt.date(2021, 7, 2), 2) == dt.date(2021, 7, 7)


def test_after_hours_arrival_is_registered_the_next_working_day():
    utc = dt.UTC
    # 19:00 in Almaty on Friday 19 March 2021 (UTC+6 then) is 13:00 UTC.
    assert CAL.registration_day(
        dt.datetime(2021, 3, 19, 13, 0, tzinfo=utc), "Asia/Almaty"
    ) == dt.date(2021, 3, 25)
    # The same instant is 18:00 in Atyrau (UTC+5): still working hours there.
    assert CAL.registration_day(
        dt.datetime(2021, 3, 19, 13, 0, tzinfo=utc), "Asia/Atyrau"
    ) == dt.date(2021, 3, 19)


def test_admin_added_days_override_the_package():
    cal = Calendar(extra_days_off=[dt.date(2021, 3, 25)], extra_working_days=[dt.date(2021, 3, 27)])
    assert not cal.is_working_day(dt.date(2021, 3, 25))
    assert cal.is_working_day(dt.date(2021, 3, 27))


@given(st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2027, 12, 31)), st.integers(0, 60))
def test_adding_then_counting_working_days_round_trips(start, count):
    end = CAL.add_working_days(start, count)
    assert CAL.working_days_between(start, end) == count
    assert count == 0 or CAL.is_working_day(end)
