import logging

from esep.lib.logging import ScrubPersonalData, scrub


def test_iin_phone_and_email_are_scrubbed():
    text = "lookup 850314401236 by +7 701 123 45 67 / 87011234567 from a.b@mail.kz"
    assert scrub(text) == "lookup [IIN] by [PHONE] / [PHONE] from [EMAIL]"


def test_the_filter_rewrites_the_record():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "IIN %s", ("850314401236",), None)
    assert ScrubPersonalData().filter(record)
    assert record.getMessage() == "IIN [IIN]"


def test_longer_numbers_are_not_taken_for_an_iin():
    assert scrub("order 1234567890123") == "order 1234567890123"


def test_a_log_line_loses_the_forms_a_public_text_loses():
    record = logging.LogRecord(
        "x",
        logging.ERROR,
        __file__,
        1,
        "lookup failed for %s / %s / %s / %s",
        ("590211 369491", "5902 1136 9491", "8 7122 27 45 67", "x(at)mail.kz"),
        None,
    )
    assert ScrubPersonalData().filter(record)
    assert record.getMessage() == "lookup failed for [IIN] / [IIN] / [PHONE] / [EMAIL]"


def test_ordinary_numbers_stay_in_a_log_line():
    line = "GET /open311/v2/requests/ATYRAU-2021-00042.json 200 5123 at 2021-03-15 10:00:01"
    assert scrub(line) == line
