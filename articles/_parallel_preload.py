"""Imported once by the fork server of ``articles.parallel`` (``set_forkserver_preload``):
Django set up and the text pipeline's models loaded, so that each import worker forked from it
starts with them in memory (shared, copy-on-write) instead of loading them itself.

Nothing here opens a database connection or starts a thread. A failure is not fatal: the
workers then set everything up themselves (``parallel._init_worker``), and report any error.
"""

from __future__ import annotations

import logging
import os

try:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from articles.text import checkworthiness, language, speaker

    language._model()
    checkworthiness._ensure_loaded()
    speaker.rules_for("en")
    PRELOADED = True
except Exception:  # the workers set up on their own and report errors themselves
    logging.getLogger(__name__).debug("import worker preload failed", exc_info=True)
    PRELOADED = False
