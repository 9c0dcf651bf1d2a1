"""factcheck.auth.ModelBackend1Query: the permissions Django's ModelBackend gives, in one query
whose SQL is compiled once."""

from __future__ import annotations

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck import auth

pytestmark = pytest.mark.django_db


def _fresh(user):
    return type(user).objects.get(pk=user.pk)  # no cached permissions


def test_same_permissions_as_django_for_every_kind_of_user(django_user_model, reviewer, editor):
    own = django_user_model.objects.create_user("own", password="x" * 12)
    own.user_permissions.add(Permission.objects.get(codename="view_claim"))
    both = django_user_model.objects.create_user("both", password="x" * 12)
    both.user_permissions.add(Permission.objects.get(codename="change_claim"))
    both.groups.add(Group.objects.get(name="Reviewers"))
    nobody = django_user_model.objects.create_user("nobody", password="x" * 12)
    admin = django_user_model.objects.create_superuser("root", password="x" * 12)
    inactive = django_user_model.objects.create_user("gone", password="x" * 12, is_active=False)
    inactive.groups.add(Group.objects.get(name="Editors"))
    for user in (reviewer, editor, own, both, nobody, admin, inactive):
        want = ModelBackend().get_all_permissions(_fresh(user))
        got = auth.ModelBackend1Query().get_all_permissions(_fresh(user))
        assert got == want, user.username
    assert auth.ModelBackend1Query().get_all_permissions(_fresh(own)) == {"articles.view_claim"}
    assert auth.ModelBackend1Query().get_all_permissions(_fresh(nobody)) == set()


def test_one_query_per_user_object_and_a_change_seen_on_the_next_request(reviewer):
    backend = auth.ModelBackend1Query()
    user = _fresh(reviewer)
    with CaptureQueriesContext(connection) as q:
        first = backend.get_all_permissions(user)
        backend.get_all_permissions(user)
        assert backend.has_perm(user, next(iter(first)))
    assert len(q.captured_queries) == 1
    reviewer.groups.clear()  # e.g. an editor takes the role away: the next request knows
    assert backend.get_all_permissions(_fresh(reviewer)) == set()


def test_the_permissions_sql_is_compiled_once(reviewer):
    auth.ModelBackend1Query().get_all_permissions(_fresh(reviewer))
    assert auth._USER_PERMISSIONS._compiled[connection.alias] is not None  # not the ORM each time
