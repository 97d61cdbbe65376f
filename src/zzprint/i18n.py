"""The language zzprint speaks: Simplified Chinese or English.

Every message a layout editor reads is an English message id wrapped in :func:`_` (or
marked with :func:`N_` where it is defined at import time and looked up when shown), with
named placeholders filled in after the look-up::

    _("{article}: overset by {chars} characters").format(article=..., chars=...)

The Chinese texts live in ``locale/zh_CN/LC_MESSAGES/zzprint.po``, compiled to the ``.mo``
that the standard library's :mod:`gettext` reads (Babel extracts and compiles them;
tests/test_i18n.py checks that every id has its translation).  The language is chosen once,
in ``zzprint``'s ``main``: ``--lang zh|en``, else the environment as gettext reads it
(LANGUAGE, LC_ALL, LC_MESSAGES, LANG); anything but Chinese is English.
"""

from __future__ import annotations

import argparse
import gettext
import os
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "zzprint"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("zh", "en")
_LOCALE_OF = {"zh": "zh_CN"}

_translation: gettext.NullTranslations | None = None  # None: not chosen yet, the environment decides
_language = "en"


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """``zh`` when the environment asks for Chinese, else ``en``.

    gettext's order: LANGUAGE (a list, ``zh_CN:en``) unless the locale is plain C/POSIX, then the
    first of LC_ALL, LC_MESSAGES, LANG that is set.
    """
    env = os.environ if environ is None else environ
    locale = next((env[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(name)), "")
    wanted = [] if locale.split(".")[0] in ("C", "POSIX") else env.get("LANGUAGE", "").split(":")
    for name in [*wanted, locale]:
        if name:
            return "zh" if name.lower().startswith("zh") else "en"
    return "en"


def set_language(language: str | None = None) -> str:
    """Speak ``language`` (``zh`` or ``en``; None: as the environment asks) from now on; the one chosen."""
    global _translation, _language
    _language = language if language in LANGUAGES else language_from_environment()
    locale = _LOCALE_OF.get(_language)
    _translation = (gettext.translation(DOMAIN, LOCALE_DIR, languages=[locale], fallback=True)
                    if locale else gettext.NullTranslations())
    # argparse's own words (usage:, options, error: …) come from this catalogue too.
    argparse._ = gettext_  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    return _language


def language() -> str:
    """The language in use: ``zh`` or ``en``."""
    if _translation is None:
        set_language()
    return _language


def gettext_(message: str) -> str:
    """``message`` in the language in use (the id itself when it has no translation).

    Called as ``_("literal id")``; called by this name for an id marked with :func:`N_` elsewhere.
    """
    if _translation is None:
        set_language()
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for ``n``, in the language in use (Chinese has one form)."""
    if _translation is None:
        set_language()
    return _translation.ngettext(singular, plural, n)


_ = gettext_


def N_(message: str) -> str:  # noqa: N802 - the name gettext's tools look for
    """Mark ``message`` for the catalogue where it is defined; translate it with :func:`_` where it is shown."""
    return message


# argparse's messages a user meets, marked so that the catalogue holds them (set_language hands
# this module's look-up to argparse).
_ARGPARSE = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"), N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"), N_("the following arguments are required: %s"),
    N_("expected one argument"), N_("expected at most one argument"), N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"), N_("one of the arguments %s is required"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"), N_("show program's version number and exit"),
)
