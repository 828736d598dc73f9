"""Reading a JSON body: DRF's parser, refusing with a 400 (in the API's error format) what it
would otherwise pass on to fail later — a body nested too deeply to read, and text that is
not valid Unicode (a lone surrogate such as `"\\ud800"`, which no database can store)."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class StrictJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The JSON body is nested too deeply.")) from None
        try:
            # Every string, key or value, must be text UTF-8 can carry.
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except RecursionError:
            raise ParseError(_("The JSON body is nested too deeply.")) from None
        except UnicodeEncodeError:
            raise ParseError(
                _("The JSON body contains text that is not valid Unicode (a lone surrogate).")
            ) from None
        return data
