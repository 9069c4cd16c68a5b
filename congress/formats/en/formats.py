"""English dates accept the same typed forms as Chinese, so a user switching language keeps
typing what they are used to."""

from django.conf.locale.en.formats import *  # noqa: F403

from congress.formats.zh_Hans.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS  # noqa: F401
