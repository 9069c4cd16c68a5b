"""Password and username rules, with messages of our own catalogue (Chinese first).

The password validators are Django's (AUTH_PASSWORD_VALIDATORS names these): the same checks,
with messages that name the field and come from this project's translations, so a county
administrator reads Chinese whatever Django's own catalogue says.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

MIN_LENGTH = 10

# Letters, digits and . _ - of ASCII only: a Cyrillic "а" looks like a Latin "a", so "аdmin"
# would be an account nobody can tell from "admin". Chinese names go in the full name.
username_validator = RegexValidator(
    r"\A[A-Za-z0-9._-]+\Z",
    _("Username: only ASCII letters, digits and . _ - (the full name may be Chinese)."),
    code="invalid_username",
)


def _verbose_name(user, attribute: str) -> str:
    try:
        return str(user._meta.get_field(attribute).verbose_name)
    except FieldDoesNotExist:
        return attribute


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def __init__(self, min_length: int = MIN_LENGTH):
        super().__init__(min_length)

    def get_error_message(self) -> str:
        return _("Password: at least %(min_length)d characters.") % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return _("At least %(min_length)d characters.") % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    """Django's likeness ratio, and containment too: "zhen08zhen08" is only 0.67 like "zhen08"
    by the ratio, yet whoever knows the username guesses it."""

    def validate(self, password, user=None):
        super().validate(password, user)
        if user is None:
            return
        lowered = password.lower()
        for attribute in self.user_attributes:
            value = getattr(user, attribute, None)
            if isinstance(value, str) and len(value) >= 3 and value.lower() in lowered:
                raise ValidationError(
                    self.get_error_message(),
                    code="password_too_similar",
                    params={"verbose_name": _verbose_name(user, attribute)},
                )

    def get_error_message(self) -> str:
        return _("Password: too similar to the %(verbose_name)s.")

    def get_help_text(self) -> str:
        return _("Not similar to the username or the full name.")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("Password: a common password, easy to guess.")

    def get_help_text(self) -> str:
        return _("Not a commonly used password.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("Password: not digits only.")

    def get_help_text(self) -> str:
        return _("Not digits only.")
