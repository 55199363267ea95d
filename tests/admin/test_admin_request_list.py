"""The requests list edits each row's status in place: two archivists with the list open must
not silently undo each other's change."""

import re

import pytest

from catalogue.models import Request
from tests.admin.support import (  # noqa: F401  (fixtures)
    admin_url,
    archivist_fixture,
    contributor_fixture,
)
from tests.factories import make_document, make_request

pytestmark = pytest.mark.django_db


def list_data(response):
    """The POST the list's Save button sends, as the page was shown."""
    html = response.content.decode()
    data = {"_save": "Save"}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html):
        data[name] = value
    for name, value in re.findall(
        r'<select name="(form-\d+-status)"[^>]*>.*?<option value="([^"]*)" selected',
        html,
        flags=re.S,
    ):
        data[name] = value
    return data


def test_a_status_changed_since_the_list_was_shown_is_refused(archivist, contributor):
    request = make_request(make_document("Invented cable"), summary="Invented wheat")
    url = admin_url("request_changelist")
    first, second = list_data(archivist.get(url)), list_data(contributor.get(url))
    assert second["form-0-seen_status"] == "unknown"

    first["form-0-status"] = "granted"
    assert archivist.post(url, first).status_code == 302
    # The second archivist saves the list as they saw it: the row still says "unknown".
    second["form-0-status"] = "unknown"
    response = contributor.post(url, second)

    assert response.status_code == 200
    assert "Changed by someone else since this list was shown" in response.content.decode()
    assert "“Granted”" in response.content.decode()
    request.refresh_from_db()
    assert request.status == "granted"


def test_a_status_nobody_else_changed_is_saved(archivist):
    request = make_request(make_document("Invented cable"), summary="Invented wheat")
    url = admin_url("request_changelist")
    data = list_data(archivist.get(url))
    data["form-0-status"] = "refused"
    assert archivist.post(url, data).status_code == 302
    request.refresh_from_db()
    assert request.status == "refused"
    assert Request.history.filter(id=request.pk).count() == 2
