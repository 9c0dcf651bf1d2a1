"""The language registry: one module per language, found by looking at this package.

Each module named by a language code (``en.py``, ``de.py``, ``ar.py``...) declares ``LANGUAGE``, a
:class:`~.base.Language` holding everything the text pipeline knows about that language: its
names and direction, its segmentation rules (``segment_data.SegmentRules``), its speaker rules
(``speaker.SpeakerRules``), its check-worthiness cue words (:class:`~.base.Cues`) and model, and
its PostgreSQL text-search configuration. The segmenter (``segment_data.rules_for``), speaker
attribution (``speaker.rules_for``), check-worthiness (its cue tables and ``model_language``),
``articles/languages.py`` (the UI's lists) and the search configuration map read them from here,
so a new language is a new module (and its tests), not edits across files.

    get(code) -> Language       "pt-BR" -> Portuguese; a language without a module gets a generic
                                fallback (``supported`` False) that still segments
    supported() -> codes        the languages with a module, in list order
    languages() -> Language...  the same, as objects
    search_configs()            code -> text-search configuration (those not the generic one)
    register(language)          add one (discovery does it for every module); on_change(callback)
                                lets the caches built from the registry be emptied when it changes

Modules are imported on first use (``discover``), not when the package is imported.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import threading
from collections.abc import Callable

from ..language import base_code
from .base import GENERIC_SEARCH_CONFIG, MULTI_MODEL, Cues, Language, pairs, words

__all__ = [
    "GENERIC_SEARCH_CONFIG",
    "MULTI_MODEL",
    "Cues",
    "Language",
    "discover",
    "generic",
    "get",
    "is_supported",
    "languages",
    "on_change",
    "pairs",
    "register",
    "search_configs",
    "supported",
    "unregister",
    "words",
]

_MODULE = re.compile(r"[a-z]{2,3}")  # a module named like a language code is a language
_lock = threading.RLock()
_registered: dict[str, Language] = {}
_resolved: dict[object, Language] = {}  # a code as asked ("pt-BR", None) -> its language
_generic: dict[str, Language] = {}
_listeners: list[Callable[[], None]] = []
_discovered = False
_CACHE_MAX = 1024


def discover() -> tuple[str, ...]:
    """Import every module of this package named like a language code ("de", "fil") that is not
    registered yet and register its ``LANGUAGE``; returns the codes it added. Called on first
    use; call it again after putting a new module on the package's ``__path__``."""
    global _discovered
    added = []
    with _lock:
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            if info.ispkg or not _MODULE.fullmatch(info.name) or info.name in _registered:
                continue
            module = importlib.import_module(f"{__name__}.{info.name}")
            language = getattr(module, "LANGUAGE", None)
            if not isinstance(language, Language):
                raise TypeError(f"{module.__name__} must declare LANGUAGE = Language(...)")
            if language.code != info.name:
                raise ValueError(f"{module.__name__} declares the language {language.code!r}")
            _add(language)
            added.append(language.code)
        _discovered = True
    if added:
        _changed()
    return tuple(added)


def _ensure() -> None:
    if not _discovered:
        discover()


def _add(language: Language) -> None:
    problems = language.problems()
    if problems or not language.supported:
        raise ValueError(f"language {language.code!r}: " + ("; ".join(problems) or "marked unsupported"))
    _registered[language.code] = language


def _changed() -> None:
    with _lock:
        _resolved.clear()
        listeners = list(_listeners)
    for callback in listeners:
        callback()


def register(language: Language, *, replace: bool = False) -> Language:
    """Add ``language`` (what discovery does with each module's ``LANGUAGE``); raises ValueError
    when a part is missing, or when the code is taken and ``replace`` is not set."""
    _ensure()
    with _lock:
        if language.code in _registered and not replace:
            raise ValueError(f"language {language.code!r} is already registered")
        _add(language)
    _changed()
    return language


def unregister(code: str) -> None:
    """Remove a registered language (tests that add one take it away again)."""
    with _lock:
        _registered.pop(code, None)
    _changed()


def on_change(callback: Callable[[], None]) -> None:
    """Call ``callback()`` whenever a language is added or removed (to empty a cache built from
    the registry). Callbacks are kept for the life of the process."""
    with _lock:
        if callback not in _listeners:
            _listeners.append(callback)


def get(code: str | None) -> Language:
    """The language of ``code`` ("de", "pt-BR", "FR", "de_AT"), or :func:`generic` for it."""
    found = _resolved.get(code)
    if found is not None:
        return found
    _ensure()
    base = base_code(code)
    with _lock:
        found = _registered.get(base) or generic(base)
        if len(_resolved) < _CACHE_MAX:
            _resolved[code] = found
    return found


def generic(code: str | None) -> Language:
    """The fallback for a language without a module: generic segmentation rules (a few
    abbreviations; an unknown but well-formed code is still handed to sentencex, which has lists
    for many more languages), no speaker rules (only transcript labels give speakers), no cue
    words (digits, "%", currency signs and dates in figures still count), the multilingual
    check-worthiness model and the ``fc_simple`` search configuration; ``supported`` is False."""
    base = base_code(code)
    found = _generic.get(base)
    if found is None:
        from .. import segment_data, speaker

        found = Language(
            code=base or "und",
            name=base or "und",
            native_name=base or "und",
            segment=segment_data.generic_rules(base),
            speaker=speaker.GENERIC,
            cues=Cues(),
            supported=False,
        )
        if len(_generic) < 512:
            _generic[base] = found
    return found


def languages() -> tuple[Language, ...]:
    """The registered languages in list order (``order``, then code)."""
    _ensure()
    with _lock:
        return tuple(sorted(_registered.values(), key=lambda lang: (lang.order, lang.code)))


def supported() -> tuple[str, ...]:
    """The codes of the registered languages, in list order."""
    return tuple(lang.code for lang in languages())


def is_supported(code: str | None) -> bool:
    """Whether ``code`` ("pt-BR" too) has a module of its own."""
    return get(code).supported


def search_configs() -> dict[str, str]:
    """code -> PostgreSQL text-search configuration of the languages that have one other than
    ``fc_simple`` (the one of every other language)."""
    return {
        lang.code: lang.search_config for lang in languages() if lang.search_config != GENERIC_SEARCH_CONFIG
    }


def model_languages() -> tuple[str, ...]:
    """The languages with a check-worthiness model trained on their own data."""
    return tuple(lang.code for lang in languages() if lang.model != MULTI_MODEL)
