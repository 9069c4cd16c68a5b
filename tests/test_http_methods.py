"""Every view names the HTTP methods it answers (require_GET, require_POST,
require_http_methods, require_safe): any other method is a 405 before the view runs.

Walks every URL of the access matrix (which covers every URL pattern) and sends it a PUT, a
method no view of this project answers, as a user who may write the world's township.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_access_matrix import all_cases, build_world

# Django's own views: the language switch answers any method (it changes nothing but on a POST),
# the login page and the admin send a signed-in user on before they look at the method.
NOT_OURS = {"set_language", "login", "admin:index"}


def _first_case_per_url():
    cases = {}
    for case in all_cases():
        cases.setdefault(case.url_name, case)
    return [case for name, case in sorted(cases.items()) if name not in NOT_OURS]


@pytest.mark.django_db
def test_every_view_refuses_a_method_it_does_not_name():
    world = build_world()
    client = Client()
    client.force_login(world.users["own_township"])
    answers = {
        case.url_name: client.generic("PUT", reverse(case.url_name, kwargs=case.kwargs(world))).status_code
        for case in _first_case_per_url()
    }
    assert {name: code for name, code in answers.items() if code != 405} == {}
    assert len(answers) > 60  # the walk reached the whole project
