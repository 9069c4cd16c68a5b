"""The test run's settings: the development settings, as `make run` starts them (DEBUG=1).

DEBUG is off unless set (config.settings); the suite runs against the development
configuration whatever the shell exports. Production settings are tested in a fresh interpreter
(tests/congress/test_site.py); the test runner itself still runs views with DEBUG off.
"""

import os

os.environ["DEBUG"] = "1"

from config.settings import *  # noqa: E402, F403
