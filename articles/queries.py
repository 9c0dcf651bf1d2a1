"""Transitional: the reads moved to ``selectors`` (screens) and ``policy`` (who may do what)."""

from .policy import assignable_users as reviewers  # noqa: F401
from .selectors import active_ratings, forget_ratings  # noqa: F401
