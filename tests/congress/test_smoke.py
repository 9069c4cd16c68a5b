import pytest

from tests.factories import ResolutionFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_factories_build_a_lawful_session_with_its_official_name():
    session = SessionFactory(ordinal=3)
    ResolutionFactory(session=session)
    assert session.quorum_met is True
    assert session.township == session.term.township
    assert session.full_name == f"{session.township.name}第十八届人民代表大会第三次会议"
