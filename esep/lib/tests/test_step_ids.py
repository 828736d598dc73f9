"""Several steps' forms on one page each have element ids of their own, so a label leads
to its own form's field; the names the forms post under do not change, so a step's POST
binds as before, and the API (which binds the same forms from JSON) never sees the ids."""

from __future__ import annotations

from django import forms

from esep.lib.steps import Step, shown


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason")
    on = forms.DateField(label="On")


def step(prefix: str | None = None) -> Step:
    return Step("Step", lambda data=None, files=None: ReasonForm(data, files), dict, prefix=prefix)


def test_each_shown_form_has_ids_of_its_own_and_labels_lead_to_them():
    page = shown({"close": step(), "reopen": step(), "escalate": step(prefix="escalate")})
    ids = [field.id_for_label for one in page for field in one.form]
    assert ids == [
        "id_close-reason",
        "id_close-on",
        "id_reopen-reason",
        "id_reopen-on",
        "id_escalate-reason",
        "id_escalate-on",
    ]
    html = "".join(str(field) + field.label_tag() for one in page for field in one.form)
    assert html.count('id="id_close-reason"') == 1
    assert 'for="id_reopen-reason"' in html
    # The fields keep their names: what the page posts binds as before.
    assert 'name="reason"' in str(page[0].form["reason"])
    assert 'name="escalate-reason"' in str(page[2].form["reason"])


def test_a_refused_form_shown_again_keeps_its_own_ids_and_still_binds_plain_names():
    close = step()
    posted = close.bound({"reason": "", "on": "2026-01-05"})
    assert not posted.is_valid()
    again = shown({"close": close, "reopen": step()}, submitted=("close", posted))
    assert again[0].form is posted
    assert again[0].form["reason"].id_for_label == "id_close-reason"
    assert again[0].form.cleaned_data["on"].isoformat() == "2026-01-05"


def test_the_api_binds_the_step_form_unprefixed_and_without_page_ids():
    form = step(prefix="escalate").bound({"reason": "x", "on": "2026-01-05"}, prefixed=False)
    assert form.is_valid()
    assert form.auto_id == "id_%s"
