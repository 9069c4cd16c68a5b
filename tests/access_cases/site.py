"""Access cases of the site itself: home, health, login and logout, language, admin.
The format is in tests/access_cases/__init__.py."""

from tests.access_cases import ANONYMOUS, ROLES, Case


def _none(w):
    return {}


_ALL_REDIRECT = dict.fromkeys(ROLES, 302)

CASES = [
    # Home: anonymous → login; township staff → their township; the county → the dashboard.
    Case("home", _none, "get", _ALL_REDIRECT),
    # The load balancer asks without logging in.
    Case("health", _none, "get", dict.fromkeys(ROLES, 200)),
    # The login page: a logged-in user is sent on (redirect_authenticated_user).
    Case("login", _none, "get", {**_ALL_REDIRECT, ANONYMOUS: 200}),
    Case("logout", _none, "post", _ALL_REDIRECT, anonymous_to_login=False),
    Case(
        "set_language",
        _none,
        "post",
        _ALL_REDIRECT,
        data=lambda w: {"language": "en", "next": "/"},
        anonymous_to_login=False,
    ),
    # Every user changes their own password; an empty POST shows the form's errors.
    Case("password_change", _none, "get", {**dict.fromkeys(ROLES, 200), ANONYMOUS: 302}),
    Case("password_change", _none, "post", {**dict.fromkeys(ROLES, 200), ANONYMOUS: 302}),
    # Every user may set up an authenticator app; the code page answers whoever asks (an
    # empty POST: the form's errors).
    Case("otp_setup", _none, "get", {**dict.fromkeys(ROLES, 200), ANONYMOUS: 302}),
    Case("otp_setup", _none, "post", {**dict.fromkeys(ROLES, 200), ANONYMOUS: 302}),
    Case("otp_verify", _none, "get", {**dict.fromkeys(ROLES, 200), ANONYMOUS: 302}),
    Case("otp_verify", _none, "post", {**dict.fromkeys(ROLES, 200), ANONYMOUS: 302}),
    # Not a Django staff account: the admin sends every user of the record to its own login.
    Case("admin:index", _none, "get", _ALL_REDIRECT, anonymous_to_login=False),
]
