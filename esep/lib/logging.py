"""A logging filter that keeps personal data out of log lines.

Application code should never log personal data; this is the second line of defence for
third-party messages (a failed query's parameters, an exception's text)."""

from __future__ import annotations

import logging
import re

PATTERNS = (
    (re.compile(r"(?<!\d)\d{12}(?!\d)"), "[IIN]"),
    (re.compile(r"\+?[78][\s(-]*7\d{2}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}"), "[PHONE]"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "[EMAIL]"),
)


def scrub(text: str) -> str:
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class ScrubPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
