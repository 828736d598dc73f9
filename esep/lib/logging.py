"""A logging filter that keeps personal data out of log lines.

Application code should never log personal data; this is the second line of defence for
third-party messages (a failed query's parameters, an exception's text). It strikes out
what a public text loses (`esep.lib.redact`): IINs, phones and e-mails in any form."""

from __future__ import annotations

import logging

from esep.lib.redact import mask_personal_data


def scrub(text: str) -> str:
    return mask_personal_data(text)


class ScrubPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
