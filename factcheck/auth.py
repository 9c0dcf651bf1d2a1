"""Django's ModelBackend, with a user's permissions read in one query instead of two.

Every page checks the user's role (Reviewers / Editors group permissions); ModelBackend reads
the user's own and their groups' permissions separately. Same result, one query, cached on
the user object for the request as ModelBackend does. The query's SQL is compiled once per
process and database (the ORM compiled its joins on every request: ~1 ms, more than the
database takes to answer).
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

from articles.selectors import PreparedSQL


def _permissions(db: str | None, user_pk):
    """The query; ``db`` None: the router's choice."""
    qs = Permission.objects.using(db).filter(Q(user=user_pk) | Q(group__user=user_pk))
    return qs.order_by().values_list("content_type__app_label", "codename").distinct()


def _permissions_sql(db: str, user_pk: int):
    return _permissions(db, user_pk).query.get_compiler(using=db).as_sql()


# the user's own and their groups' permissions as (app label, codename) rows, by SQL compiled once
# per process (the ORM's own query when it cannot be)
_USER_PERMISSIONS = PreparedSQL(Permission, _permissions_sql, int, fallback=lambda user_pk: list(_permissions(None, user_pk)))


class ModelBackend1Query(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                rows = Permission.objects.values_list("content_type__app_label", "codename")
            else:
                rows = _USER_PERMISSIONS(user_obj.pk)
            user_obj._perm_cache = {f"{app}.{codename}" for app, codename in rows}
        return user_obj._perm_cache
