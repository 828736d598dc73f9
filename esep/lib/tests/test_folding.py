"""Search folds case and accents the same in Python and in the database."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Value

from esep.lib.folding import SQL_FROM, Fold, fold


def test_kazakh_and_russian_letters_fold_to_their_own_lower_case():
    assert fold("ШАТЫР Шатыр шатыр") == "шатыр шатыр шатыр"
    assert fold("ӘҒҚҢӨҰҮҺІ") == "әғқңөұүһі"
    assert fold("ӘҒҚҢӨҰҮҺІ") != "агкноуухи"  # never Russian letters


def test_yo_reads_as_ye_and_accents_and_stress_marks_go():
    assert fold("Ёлка, ёж") == "елка, еж"
    assert fold("е\u0308лка") == "елка"  # ё typed as two characters
    assert fold("за\u0301мок") == "замок"
    assert fold("Café ÉCOLE") == "cafe ecole"


def test_other_characters_are_kept():
    text = "№ 12-б, 100% «жол» — ok?"
    assert fold(text) == text.lower()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        SQL_FROM,
        "Атырау қаласы, ӘКІМДІК",
        "АХМЕТОВ Ерлан Сәкенұлы",
        "Ёлка за\u0301мок е\u0308ж Café",
        "Kostanay ZHOL 2021-00042",
        "ΑΒΓ ß ǅ",  # outside the table: kept as they are on both sides
    ],
)
def test_the_database_folds_as_python_does(text):
    # Any table with a row will do: content types always have some.
    folded = ContentType.objects.annotate(folded=Fold(Value(text))).values_list("folded", flat=True)
    assert folded.first() == fold(text)
