from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SEED = Path(__file__).resolve().parent.parent / "articles" / "demo" / "news_articles.txt"


@pytest.fixture(scope="session", autouse=True)
def _own_var_dir(tmp_path_factory):
    """Each test process (every pytest-xdist worker, or the one serial run) gets a var/ folder of
    its own, under its own temporary directory, instead of the checkout's var/: job files, the
    demo credentials and anything else a test writes there never meet another worker's. Also in
    the environment, for the processes the tests start (``manage.py run_worker``, gunicorn)."""
    import os

    from django.test import override_settings

    var = tmp_path_factory.mktemp("var")
    old = os.environ.get("FACTCHECK_VAR_DIR")
    os.environ["FACTCHECK_VAR_DIR"] = str(var)
    try:
        with override_settings(VAR_DIR=var, FACTCHECK_JOB_FILES_DIR=var / "job-files"):
            yield var
    finally:
        if old is None:
            os.environ.pop("FACTCHECK_VAR_DIR", None)
        else:
            os.environ["FACTCHECK_VAR_DIR"] = old


@pytest.fixture
def seed_path() -> Path:
    return SEED


def ensure_seed_data() -> None:
    """The rating scale and groups come from a data migration; a transactional test's flush
    deletes them for the tests after it, so put them back when they are missing."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    if not Group.objects.filter(name="Editors").exists():
        importlib.import_module("articles.migrations.0002_ratings_and_groups").forwards(apps, None)


def _user(django_user_model, username: str, group: str | None, **extra):
    from django.contrib.auth.models import Group

    ensure_seed_data()
    user = django_user_model.objects.create_user(username=username, password="pw-" + username, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return _user(django_user_model, "ed", "Editors", is_staff=True)


@pytest.fixture
def reviewer(db, django_user_model):
    return _user(django_user_model, "rev", "Reviewers")


@pytest.fixture
def reviewer2(db, django_user_model):
    return _user(django_user_model, "rev2", "Reviewers")


@pytest.fixture
def reviewer3(db, django_user_model):
    return _user(django_user_model, "rev3", "Reviewers")


@pytest.fixture
def staff_reviewer(db, django_user_model):
    """In the Reviewers group and staff: the admin opens to them, with no more power over verdicts."""
    return _user(django_user_model, "staffrev", "Reviewers", is_staff=True)


@pytest.fixture
def editor2(db, django_user_model):
    """A second editor: the checker when the first one gave a verdict (maker-checker)."""
    return _user(django_user_model, "ed2", "Editors", is_staff=True)


@pytest.fixture
def outsider(db, django_user_model):
    """Logged in, but in no group."""
    return _user(django_user_model, "nobody", None)


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(username="root", password="pw-root")


@pytest.fixture
def seeded(db):
    """The two demo articles, imported through the real pipeline."""
    ensure_seed_data()
    from articles import services
    from articles.models import Article
    from articles.policy import SYSTEM
    from articles.text import readers

    outcomes = list(services.articles_import(items=readers.read_paths([SEED]), created_by=SYSTEM))
    assert [o.status for o in outcomes] == ["imported", "imported"], outcomes
    return list(Article.objects.order_by("published_on"))


@pytest.fixture
def ratings(db):
    from articles.models import Rating

    ensure_seed_data()
    return {r.slug: r for r in Rating.objects.all()}


@pytest.fixture(autouse=True)
def _seed_data_present(request):
    """Every database test starts with the data migrations' rows (rating scale, groups). A
    transactional test's flush deletes them; run serially, pytest-django orders those tests
    last, but a parallel worker runs a file's tests together (--dist loadfile), so the next file's
    tests on that worker could start without them."""
    if "_django_db_helper" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")
        ensure_seed_data()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Production hashes passwords with PBKDF2 (over a second per user on this machine); the
    fixtures create users by the hundred, so the tests use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The rating scale is cached (articles.selectors.active_ratings); tests recreate it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_unless_a_test_says_otherwise():
    """Each test starts in the default language and leaves it so: a request with another
    Accept-Language (or a test's translation.activate) must not carry over, through the thread's
    active translation, into the next test's job summaries and messages."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


_DB_FIXTURES = frozenset(("db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"))


def _uses_no_database(item) -> bool:
    """A test with no database at all: no django_db mark and no fixture that opens one (pytest-django
    refuses database access to such a test, so the backend cannot change what it checks)."""
    if item.get_closest_marker("django_db"):
        return False
    return not _DB_FIXTURES.intersection(getattr(item, "fixturenames", ()))


def pytest_collection_modifyitems(config, items):
    """Tests marked ``backend_independent`` check nothing the database backend changes (layout and
    accessibility in the browser, a reader's memory in a subprocess), nor do tests that use no
    database at all (the text pipeline, the readers, the real pages): `make test` runs them in the
    SQLite pass and skips them in the PostgreSQL one, which keeps CI under its time budget."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return
    skip = pytest.mark.skip(reason="backend-independent: runs in the SQLite pass")
    for item in items:
        if item.get_closest_marker("backend_independent") or _uses_no_database(item):
            item.add_marker(skip)
