"""Password rules whose messages reach the person in the page's language.

Django 5.2's ``MinimumLengthValidator`` says "at least %d characters" while its translation
catalogues still hold "%(min_length)d": the message came out in English on a Dutch page. This
validator says the same thing with Keten's own translated words.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: use at least %(count)d character.",
            "This password is too short: use at least %(count)d characters.",
            self.min_length,
        ) % {"count": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Use at least %(count)d character.",
            "Use at least %(count)d characters.",
            self.min_length,
        ) % {"count": self.min_length}
