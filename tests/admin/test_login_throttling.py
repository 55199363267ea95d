"""Sign-in throttling (django-axes), the movable admin path and the Content-Security-Policy."""

import importlib
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import override_settings
from django.urls import clear_url_caches, reverse

import archive_site.urls

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-invented-password-42"
LOGIN = "/admin/login/"


@pytest.fixture
def archivist():
    return User.objects.create_user("alice", password=PASSWORD, is_staff=True)


def sign_in(client, password, username="alice", address="203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def signed_in(client):
    return client.get("/admin/").status_code == 200


def test_documented_limit():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_wrong_passwords_are_answered_until_the_limit(client, archivist):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "wrong").status_code == 200  # the form again, with an error
    assert sign_in(client, PASSWORD).status_code == 302
    assert signed_in(client)


def test_lockout_after_the_limit_even_with_the_right_password(client, archivist):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong")
    assert sign_in(client, "wrong").status_code == 429
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert b"too many login attempts" in response.content.lower()
    assert not signed_in(client)


def test_lockout_is_per_user_name_and_address(client, archivist):
    User.objects.create_user("bob", password=PASSWORD, is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 429
    # The same user from another address, and another user from the same address, still can.
    assert sign_in(client, PASSWORD, address="198.51.100.9").status_code == 302
    client.logout()
    assert sign_in(client, PASSWORD, username="bob").status_code == 302


def test_unlock_command_lifts_the_lockout(client, archivist):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 429
    out = StringIO()
    call_command("axes_reset_ip_username", "203.0.113.7", "alice", stdout=out)
    assert not AccessAttempt.objects.filter(username="alice").exists()
    assert sign_in(client, PASSWORD).status_code == 302


def test_reset_command_lifts_every_lockout(client, archivist):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong")
    call_command("axes_reset", stdout=StringIO())
    assert sign_in(client, PASSWORD).status_code == 302


@override_settings(PROXY_COUNT=1)
def test_behind_a_proxy_the_visitors_address_counts(client, archivist):
    def through_proxy(password, visitor):
        return client.post(
            LOGIN,
            {"username": "alice", "password": password},
            REMOTE_ADDR="10.0.0.2",
            # The visitor may send any X-Forwarded-For; the proxy appends the real address.
            HTTP_X_FORWARDED_FOR=f"1.2.3.4, {visitor}",
        )

    for _ in range(settings.AXES_FAILURE_LIMIT):
        through_proxy("wrong", "203.0.113.7")
    assert through_proxy(PASSWORD, "203.0.113.7").status_code == 429
    assert through_proxy(PASSWORD, "198.51.100.9").status_code == 302
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"


class TestAdminPath:
    @pytest.fixture
    def moved(self, settings):
        settings.ADMIN_PATH = "back-office/"
        # urls.py read the path when it was imported; read it again with the new value.

        importlib.reload(archive_site.urls)
        clear_url_caches()
        yield
        settings.ADMIN_PATH = "admin/"
        importlib.reload(archive_site.urls)
        clear_url_caches()

    def test_moved(self, client, moved):
        assert reverse("admin:index") == "/back-office/"
        assert client.get("/back-office/").status_code == 302  # to its sign-in page
        assert client.get("/admin/").status_code == 404

    def test_default(self):
        assert reverse("admin:index") == "/admin/"


@pytest.mark.parametrize("url", ["/", "/documents/", "/admin/login/", "/api/documents/"])
def test_content_security_policy_allows_nothing_inline(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
