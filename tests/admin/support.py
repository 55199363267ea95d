"""Users in the curator groups and a helper that posts an admin change form back as a browser
would, shared by the admin tests."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from catalogue.models import Person


def staff_client(username, group_name):
    user = User.objects.create_user(username, password="not-a-real-password", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture(name="archivist")
def archivist_fixture(db):
    return staff_client("archivist", "Archivist")


@pytest.fixture(name="contributor")
def contributor_fixture(db):
    return staff_client("contributor", "Contributor")


@pytest.fixture(name="importer_user")
def importer_user_fixture(db):
    return User.objects.create_user("importer")


def _put(data, name, value):
    # `value` is a bound field's value(), already prepared for the widget: preparing it again
    # would encode a JSON field's text a second time.
    if value is None:
        data[name] = ""
    elif value is True:
        data[name] = "on"
    elif value is False:
        return
    elif isinstance(value, list | tuple):
        data[name] = [str(v) for v in value]
    else:
        data[name] = str(value)


def change_form_data(response):
    """The data a browser would post back from the admin change form in `response`,
    inlines and their management forms included."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        _put(data, form.add_prefix(name), form[name].value())
        if form.fields[name].show_hidden_initial:
            _put(data, form.add_initial_prefix(name), form[name].value())
    # The history (revert) form has no inlines.
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            _put(data, management.add_prefix(name), management[name].value())
        for subform in formset.forms:
            for name in subform.fields:
                _put(data, subform.add_prefix(name), subform[name].value())
                if subform.fields[name].show_hidden_initial:
                    _put(data, subform.add_initial_prefix(name), subform[name].value())
    return data


def admin_url(name, *args):
    from django.urls import reverse

    return reverse(f"admin:catalogue_{name}", args=args)


def people_named(*names):
    return [
        Person.objects.create(name=name, slug=name.lower().replace(" ", "-"), sort_name=name)
        for name in names
    ]
