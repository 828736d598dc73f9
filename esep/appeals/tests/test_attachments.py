import datetime as dt
from datetime import UTC

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from esep.appeals.tests.factories import register
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def appeal(place, tree):
    return register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC), tree.members["atyrau"])


def test_officer_attaches_a_pdf_and_a_colleague_downloads_it(client, appeal, tree):
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    pdf = SimpleUploadedFile(
        "өтініш.pdf", b"%PDF-1.4 scanned letter", content_type="application/pdf"
    )
    assert (
        client.post(reverse("appeals:attach", args=[appeal.pk]), {"file": pdf}).status_code == 302
    )
    item = appeal.attachments.get()
    assert item.name == "өтініш.pdf" and "өтініш" not in item.file.name
    client.force_login(user_with_role("analyst", tree.atyrau))
    response = client.get(reverse("appeals:attachment", args=[appeal.pk, item.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 scanned letter"


def test_a_file_pretending_to_be_a_pdf_is_refused(client, appeal, tree):
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")
    client.post(reverse("appeals:attach", args=[appeal.pk]), {"file": fake})
    assert not appeal.attachments.exists()


def test_outsiders_cannot_download(client, appeal, tree):
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    client.post(
        reverse("appeals:attach", args=[appeal.pk]),
        {"file": SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\nxxxx")},
    )
    item = appeal.attachments.get()
    client.force_login(user_with_role("reception_officer", tree.kostanay))
    assert client.get(reverse("appeals:attachment", args=[appeal.pk, item.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("appeals:attachment", args=[appeal.pk, item.pk])).status_code == 302
