import pytest

from tests.world import build_world


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded documents go to a throwaway folder in every test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _chinese_by_default(settings):
    settings.LANGUAGE_CODE = "zh-hans"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories hash a password for every user; the real hasher costs ~0.2 s each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _session_renewed_on_every_request(settings):
    """A request renews the login session at most once a minute; in tests, on every request, so
    that the same page costs the same queries on a first and a second request (the interval has
    its own test in tests/congress/test_login_security.py)."""
    settings.SESSION_RENEWAL_INTERVAL = 0


@pytest.fixture
def world(db):
    """The places and people every view test starts from: two counties, three townships, a user
    of every role (tests/world.py). A test builds the record it is about in world.t1."""
    return build_world()
