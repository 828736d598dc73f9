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
