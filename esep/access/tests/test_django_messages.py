"""The Django messages esep translates itself are Django's own, word for word: a msgid
that drifted from Django's would never be looked up, and the page would show English
again. Django's English catalog lists its msgids as its source has them."""

from __future__ import annotations

from pathlib import Path

import django

from esep.access.django_messages import MESSAGES, PLURALS

CATALOG = Path(django.__file__).parent / "contrib/auth/locale/en/LC_MESSAGES/django.po"


def test_every_marked_message_is_one_of_djangos():
    msgids = CATALOG.read_text(encoding="utf-8")
    msgids = msgids.replace('"\n"', "")
    plurals = [lazy._kw[form] for lazy in PLURALS for form in ("singular", "plural")]  # type: ignore[attr-defined]
    for message in [*MESSAGES, *plurals]:
        assert f'msgid "{message}"' in msgids or f'msgid_plural "{message}"' in msgids, message
