"""An import job does not keep the uploaded file (names, IINs) once it has ended, whether
the import wrote its rows or failed."""

import pytest

from esep.appeals.models import ImportJob
from esep.lib.jobs import run_job
from esep.lib.sheets import ImportFailed, RowError
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

FILE = "ЖСН,Аты\n900101300123,Омаров Ерлан\n".encode()


def job(tree) -> ImportJob:
    officer = user_with_role("reception_officer", tree.atyrau)
    return ImportJob.objects.create(created_by=officer, file_name="өтініштер.csv", content=FILE)


def test_a_job_done_keeps_what_it_wrote_but_not_the_file(tree):
    done = job(tree)
    assert run_job(done, lambda progress: {"created": 1}, source="test") == "done"
    done.refresh_from_db()
    assert (done.state, done.created, bytes(done.content)) == ("done", 1, b"")


def test_a_job_that_failed_keeps_its_problems_but_not_the_file(tree):
    failing = job(tree)

    def attempt(progress):
        raise ImportFailed([RowError(2, "ЖСН", "ЖСН дұрыс емес.")])

    assert run_job(failing, attempt, source="test") == "failed"
    failing.refresh_from_db()
    assert failing.state == "failed" and failing.errors and bytes(failing.content) == b""


def test_a_job_broken_inside_esep_keeps_no_file_either(tree):
    broken = job(tree)

    def attempt(progress):
        raise RuntimeError("a bug")

    assert run_job(broken, attempt, source="test") == "failed"
    broken.refresh_from_db()
    assert bytes(broken.content) == b""
