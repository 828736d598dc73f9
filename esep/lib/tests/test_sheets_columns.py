"""The headers an importer's columns answer to."""

import unicodedata

from esep.lib.sheets import Columns, has_control_characters


def test_a_blank_alias_or_header_names_no_column():
    columns = Columns(
        codes=["party", "votes"],
        required=frozenset({"votes"}),
        aliases={"party": ["партия", ""], "votes": ["голоса"]},
        headers={"party": "", "votes": "votes"},
    )
    assert columns.header(["", "Партия", "ГОЛОСА", None]) == ["", "party", "votes", ""]


def test_the_characters_refused_in_a_cell_are_unicodes_controls_and_lone_surrogates():
    """Every code point is refused exactly when Unicode calls it a control character
    (other than tab and the line breaks) or a surrogate."""
    allowed = "\t\n\r"
    for point in range(0x110000):
        char = chr(point)
        category = unicodedata.category(char)
        refused = category == "Cs" or (category == "Cc" and char not in allowed)
        assert has_control_characters(f"a{char}b") is refused, hex(point)
    assert not has_control_characters(None) and not has_control_characters(7)
