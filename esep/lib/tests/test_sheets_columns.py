"""The headers an importer's columns answer to."""

from esep.lib.sheets import Columns


def test_a_blank_alias_or_header_names_no_column():
    columns = Columns(
        codes=["party", "votes"],
        required=frozenset({"votes"}),
        aliases={"party": ["партия", ""], "votes": ["голоса"]},
        headers={"party": "", "votes": "votes"},
    )
    assert columns.header(["", "Партия", "ГОЛОСА", None]) == ["", "party", "votes", ""]
