"""`esep seats`: the seats of a CSV file's lists as JSON, in the file's order, and every bad
input a CommandError in the language asked for, naming the row."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

# 10 January 2021 (see test_seats.py for the source).
MAZHILIS_2021 = (
    "party,votes\n"
    "Nur Otan,5148074\n"
    "Ак жол,792828\n"
    "Народная партия Казахстана,659019\n"
    "Ауыл,383023\n"
    "Adal,258618\n"
)
SEATS_2021 = (
    '{"Nur Otan": 76, "Ак жол": 12, "Народная партия Казахстана": 10, "Ауыл": 0, "Adal": 0}'
)


def run(path, *args) -> str:
    out = io.StringIO()
    call_command("seats", str(path), *args, stdout=out)
    return out.getvalue()


def refusal(path, *args, language="en") -> str:
    with pytest.raises(CommandError) as refused:
        run(path, *args, "--language", language)
    return str(refused.value)


@pytest.fixture
def csv_file(tmp_path):
    def write(text: str, encoding: str = "utf-8", name: str = "votes.csv"):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write


def test_mazhilis_2021_prints_each_party_s_seats_in_the_file_s_order(csv_file):
    out = run(csv_file(MAZHILIS_2021), "--mandates", "98", "--threshold", "7")
    assert out.strip() == SEATS_2021  # Cyrillic as is, not \u-escaped
    assert list(json.loads(out)) == [
        "Nur Otan",
        "Ак жол",
        "Народная партия Казахстана",
        "Ауыл",
        "Adal",
    ]


def test_a_semicolon_file_with_a_bom_and_written_numbers_reads_the_same(csv_file):
    text = MAZHILIS_2021.replace(",", ";").replace("5148074", "5 148 074")
    path = csv_file(text, encoding="utf-8-sig")
    assert run(path, "--mandates", "98", "--threshold", "7").strip() == SEATS_2021


def test_a_windows_1251_file_reads_the_same(csv_file):
    path = csv_file(MAZHILIS_2021, encoding="cp1251")
    assert run(path, "--mandates", "98", "--threshold", "7").strip() == SEATS_2021


def test_the_options_reach_the_rule(csv_file):
    # Equal remainders: B (second in the file) has more votes.
    path = csv_file("party,votes\nA,50\nB,150\n")
    assert json.loads(run(path, "--mandates", "2", "--threshold", "0")) == {"A": 1, "B": 1}
    more = run(path, "--mandates", "2", "--threshold", "0", "--tie", "more_votes")
    assert json.loads(more) == {"A": 0, "B": 2}
    # 6% of 1,100 who took part is 66: B's 60 of the lists' 960 passes, of 1,100 it does not.
    path = csv_file("party,votes\nA,900\nB,60\n")
    assert json.loads(run(path, "--mandates", "10", "--threshold", "6"))["B"] == 1
    kept_out = run(path, "--mandates", "10", "--threshold", "6", "--base", "1100")
    assert json.loads(kept_out) == {"A": 10, "B": 0}
    # 2007's rule: only A passes 7%; the runner-up B is admitted with two mandates at least.
    path = csv_file("party,votes\nA,1000\nB,10\nC,5\n")
    assert json.loads(run(path, "--mandates", "98", "--threshold", "7")) == {
        "A": 98,
        "B": 0,
        "C": 0,
    }
    admitted = run(path, "--mandates", "98", "--threshold", "7", "--runner-up")
    assert json.loads(admitted) == {"A": 96, "B": 2, "C": 0}


def test_no_list_passing_prints_no_seat(csv_file):
    path = csv_file("party,votes\nA,30\nB,30\nC,40\n")
    out = run(path, "--mandates", "10", "--threshold", "50")
    assert json.loads(out) == {"A": 0, "B": 0, "C": 0}


def test_a_missing_file_is_refused(tmp_path):
    message = refusal(tmp_path / "none.csv", "--mandates", "98", "--threshold", "7")
    assert "No such file" in message


def test_an_empty_file_is_refused(csv_file):
    assert "The file is empty" in refusal(csv_file(""), "--mandates", "98", "--threshold", "7")
    header_only = csv_file("party,votes\n")
    assert "no party's votes" in refusal(header_only, "--mandates", "98", "--threshold", "7")


def test_a_missing_column_is_named(csv_file):
    message = refusal(csv_file("party,count\nA,1\n"), "--mandates", "98", "--threshold", "7")
    assert message == "Row 1, column votes: The column is missing."


def test_bad_votes_are_refused_with_their_rows(csv_file):
    path = csv_file("party,votes\nA,100\nB,12.5\nC,-3\nD,many\nE,\n")
    message = refusal(path, "--mandates", "98", "--threshold", "7")
    assert message.splitlines() == [
        "Row 3, column votes: Not a whole number of votes: “12.5”.",
        "Row 4, column votes: Votes cannot be negative.",
        "Row 5, column votes: Not a whole number of votes: “many”.",
        "Row 6, column votes: The cell is empty.",
    ]


def test_a_party_given_twice_is_refused(csv_file):
    path = csv_file("party,votes\nA,100\nB,50\nA,20\n")
    message = refusal(path, "--mandates", "98", "--threshold", "7")
    assert message == "Row 4, column party: The party “A” is given twice (first in row 2)."


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--mandates", "0", "--threshold", "7"], "number of mandates"),
        (["--mandates", "many", "--threshold", "7"], "number of mandates"),
        (["--mandates", "98", "--threshold", "101"], "threshold as a percentage"),
        (["--mandates", "98", "--threshold", "seven"], "threshold as a percentage"),
        (["--mandates", "98", "--threshold", "7", "--base", "10"], "not smaller than"),
    ],
)
def test_a_refusal_of_the_rule_is_a_clear_message(csv_file, options, expected):
    assert expected in refusal(csv_file(MAZHILIS_2021), *options)


def test_the_messages_are_in_the_language_asked_for(csv_file, tmp_path):
    path = csv_file("party,votes\nA,100\nB,-3\n")
    options = ("--mandates", "98", "--threshold", "7")
    assert refusal(path, *options, language="kk").startswith("3-жол, votes бағаны: ")
    assert refusal(path, *options, language="ru").startswith("Строка 3, столбец votes: ")
    missing = tmp_path / "none.csv"
    assert refusal(missing, *options, language="kk").startswith("Мұндай файл жоқ")
    assert refusal(missing, *options, language="ru").startswith("Нет такого файла")
