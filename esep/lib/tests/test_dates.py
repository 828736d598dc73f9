import datetime as dt
import zoneinfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from esep.lib.dates import NotADate, format_local, parse_moment, read_moment

UTC = dt.UTC
ZONES = st.sampled_from(
    ["Asia/Almaty", "Asia/Atyrau", "Asia/Qostanay", "Asia/Oral", "Asia/Aqtau", "Asia/Qyzylorda"]
)
# Naive date-times of the years appeals are filed in (minute precision, as people write).
LOCAL_TIMES = st.datetimes(dt.datetime(1991, 1, 1), dt.datetime(2100, 12, 31)).map(
    lambda m: m.replace(second=0, microsecond=0)
)
OFFSETS = st.integers(-12 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))


def ambiguous(naive: dt.datetime, zone: str) -> bool:
    """A wall time a zone's clock showed twice or never (a daylight-saving change)."""
    tz = zoneinfo.ZoneInfo(zone)
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    return first.utcoffset() != second.utcoffset()


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2019-09-01T10:00:00+05:00", dt.datetime(2019, 9, 1, 5, 0, tzinfo=UTC)),
        ("2019-09-01T10:00:00Z", dt.datetime(2019, 9, 1, 10, 0, tzinfo=UTC)),
        ("2019-09-01T10:00Z", dt.datetime(2019, 9, 1, 10, 0, tzinfo=UTC)),
        ("2019-09-01t10:00:00z", dt.datetime(2019, 9, 1, 10, 0, tzinfo=UTC)),
        ("2019-09-01T10:00:00.250+06:00", dt.datetime(2019, 9, 1, 4, 0, 0, 250000, tzinfo=UTC)),
        ("2019-09-01T10:00:00.1234567Z", dt.datetime(2019, 9, 1, 10, 0, 0, 123456, tzinfo=UTC)),
        ("20190901T100000+0500", dt.datetime(2019, 9, 1, 5, 0, tzinfo=UTC)),
        # No offset: Atyrau's local time (UTC+5) on that date.
        ("2019-09-01T10:00:00", dt.datetime(2019, 9, 1, 5, 0, tzinfo=UTC)),
        ("2019-09-01 10:00", dt.datetime(2019, 9, 1, 5, 0, tzinfo=UTC)),
        ("01.09.2019 10:00", dt.datetime(2019, 9, 1, 5, 0, tzinfo=UTC)),
        ("1.9.2019 10:00:30", dt.datetime(2019, 9, 1, 5, 0, 30, tzinfo=UTC)),
        ("  01.09.2019   10:00 ", dt.datetime(2019, 9, 1, 5, 0, tzinfo=UTC)),
        # A date alone: at ten in the morning there.
        ("2019-09-01", dt.datetime(2019, 9, 1, 5, 0, tzinfo=UTC)),
        ("01.09.2019", dt.datetime(2019, 9, 1, 5, 0, tzinfo=UTC)),
        # A spreadsheet's own cells.
        (dt.datetime(2019, 9, 1, 10, 0), dt.datetime(2019, 9, 1, 5, 0, tzinfo=UTC)),
        (dt.date(2019, 9, 1), dt.datetime(2019, 9, 1, 5, 0, tzinfo=UTC)),
    ],
)
def test_the_ways_dates_are_written_are_read(written, expected):
    assert parse_moment(written, "Asia/Atyrau") == expected


def test_local_time_takes_the_offset_the_zone_had_on_that_date():
    # Kostanay's clocks went from UTC+6 to UTC+5 on 1 March 2024.
    assert parse_moment("29.02.2024 10:00", "Asia/Qostanay") == dt.datetime(
        2024, 2, 29, 4, 0, tzinfo=UTC
    )
    assert parse_moment("02.03.2024 10:00", "Asia/Qostanay") == dt.datetime(
        2024, 3, 2, 5, 0, tzinfo=UTC
    )
    # Almaty kept daylight saving time until 2004: UTC+7 in the summer of 2003.
    assert parse_moment("01.07.2003 10:00", "Asia/Almaty") == dt.datetime(
        2003, 7, 1, 3, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    "written",
    [
        None,
        "",
        "not a date",
        "2020-13-45",
        "31.02.2021",
        "2019-09-01T24:00",
        "19.03.21",
        "0001-01-01T00:00:00+05:00",  # before the first moment a date-time holds in UTC
        "9999-12-31T23:59:00-05:00",  # after the last
        "２０１９-09-01",  # full-width digits
        43709,  # an Excel serial number without the cell's date format
        dt.time(10, 0),
        True,
    ],
)
def test_what_is_not_a_date_is_refused(written):
    with pytest.raises(NotADate):
        parse_moment(written, "Asia/Almaty")


@given(st.one_of(st.text(), st.integers(), st.floats(), st.none(), st.booleans(), st.times()))
def test_anything_is_a_moment_or_not_a_date_never_another_error(value):
    try:
        moment = parse_moment(value, "Asia/Almaty")
    except NotADate:
        return
    assert moment.tzinfo is UTC


@given(LOCAL_TIMES, OFFSETS, st.sampled_from(["seconds", "milliseconds", "microseconds"]))
def test_iso_8601_with_an_offset_reads_back_the_same_moment(naive, offset, timespec):
    moment = naive.replace(tzinfo=offset)
    assert parse_moment(moment.isoformat(timespec=timespec), "Asia/Almaty") == moment
    written_z = moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    assert parse_moment(written_z, "Asia/Almaty") == moment


@given(LOCAL_TIMES, ZONES)
def test_a_time_without_offset_is_the_zones_local_time(naive, zone):
    assume(not ambiguous(naive, zone))
    expected = naive.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    for written in (naive.isoformat(), naive.strftime("%d.%m.%Y %H:%M"), naive):
        moment = parse_moment(written, zone)
        assert moment == expected
        assert moment.astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None) == naive


@given(
    st.datetimes(dt.datetime(1991, 1, 1), dt.datetime(2100, 1, 1), timezones=st.just(UTC)), ZONES
)
def test_format_local_reads_back_to_the_minute(moment, zone):
    written = format_local(moment, zone)
    assume(not ambiguous(dt.datetime.strptime(written, "%d.%m.%Y %H:%M"), zone))
    assert parse_moment(written, zone) == moment.replace(second=0, microsecond=0)


@given(st.dates(dt.date(1991, 1, 1), dt.date(2100, 12, 31)), ZONES)
def test_a_date_alone_is_that_day_at_the_time_asked(day, zone):
    for written in (day.isoformat(), day.strftime("%d.%m.%Y"), day):
        moment = parse_moment(written, zone, at=dt.time(9, 30))
        local = moment.astimezone(zoneinfo.ZoneInfo(zone))
        assert local.date() == day
        assert read_moment(written) == day


def test_an_unknown_zone_name_is_utc_not_an_error():
    assert parse_moment("01.09.2019 10:00", "Nowhere/Atlantis") == dt.datetime(
        2019, 9, 1, 10, 0, tzinfo=UTC
    )
    assert format_local(None, "Asia/Almaty") == ""
