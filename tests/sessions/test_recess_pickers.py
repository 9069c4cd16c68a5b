"""Deputy pickers (issue 9, item 5): activity participants, presidium-meeting attendance, a
suggestion's lead and co-signers offer the deputies in office on the event's day, each person
once, from the term in office that day; presidium attendance offers that day's presidium; the
form refuses anyone else for the day submitted; a deputy's status reads from their term."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress.models import Deputy, PresidiumRole
from sessions.forms_recess import DeputyActivityForm, PresidiumMeetingForm, SuggestionForm
from sessions.models import DeputyActivity, PresidiumMeeting, Suggestion
from tests.factories import DeputyFactory, PresidiumMemberFactory, TermFactory

pytestmark = pytest.mark.django_db

D = datetime.date
T17_END = D(2021, 12, 27)
T18_START = D(2021, 12, 28)


@pytest.fixture
def township(world):
    return world.t1


@pytest.fixture
def terms(township):
    """The 17th term, ended, and the 18th, in office: three of five re-elected (a new row each), the
    17th's chair (never recorded as leaving the presidium) re-elected as an ordinary deputy."""
    t17 = TermFactory(
        township=township, ordinal=17, elected_on=None, starts_on=D(2016, 12, 28), ends_on=T17_END
    )
    t18 = TermFactory(township=township, ordinal=18, elected_on=None, starts_on=T18_START)
    old = {name: DeputyFactory(term=t17, name=name) for name in ("张伟", "王芳", "李娜", "刘洋", "陈静")}
    new = {name: DeputyFactory(term=t18, name=name) for name in ("张伟", "王芳", "李娜", "赵磊")}
    PresidiumMemberFactory(term=t17, deputy=old["张伟"], role=PresidiumRole.CHAIR)
    PresidiumMemberFactory(term=t18, deputy=new["赵磊"], role=PresidiumRole.CHAIR)
    PresidiumMemberFactory(term=t18, deputy=new["王芳"], role=PresidiumRole.MEMBER)
    return {"t17": t17, "t18": t18, "old": old, "new": new}


@pytest.fixture
def staff(client, world):
    client.force_login(world.staff)
    return world.staff


def url(name, township, **kwargs):
    return reverse(f"sessions:{name}", kwargs={"township_pk": township.pk, **kwargs})


def offered(picker) -> dict[str, bool]:
    return {d["name"]: d["presidium"] for d in picker["deputies"] if d["offered"]}


# Who is in office on a day ------------------------------------------------------------------


def test_a_deputy_is_in_office_to_the_last_day_of_their_term_and_not_after(terms):
    old = terms["old"]["刘洋"]  # never recorded as leaving
    assert old.in_office_on(T17_END) and not old.in_office_on(T17_END + datetime.timedelta(days=1))
    in_office = Deputy.objects.filter(term__township=terms["t18"].township).in_office_on
    assert set(in_office(T17_END).values_list("term__ordinal", flat=True)) == {17}
    assert set(in_office(T18_START).values_list("term__ordinal", flat=True)) == {18}
    assert in_office(D(2026, 6, 1)).count() == 4


# The pickers --------------------------------------------------------------------------------


def test_the_activity_picker_offers_the_day_s_term_each_person_once_and_no_old_presidium(township, terms):
    form = DeputyActivityForm(township=township, initial={"held_on": D(2024, 6, 12)})
    (picker,) = form.pickers()
    assert offered(picker) == {"张伟": False, "王芳": True, "李娜": False, "赵磊": True}
    form = DeputyActivityForm(township=township, initial={"held_on": D(2020, 6, 12)})
    (picker,) = form.pickers()
    assert offered(picker) == {"张伟": True, "王芳": False, "李娜": False, "刘洋": False, "陈静": False}


def test_the_presidium_meeting_offers_the_presidium_of_the_day(township, terms):
    form = PresidiumMeetingForm(township=township, initial={"held_on": D(2024, 6, 12)})
    (picker,) = form.pickers()
    assert offered(picker) == {"王芳": True, "赵磊": True}
    form = PresidiumMeetingForm(township=township, initial={"held_on": D(2020, 6, 12)})
    (picker,) = form.pickers()
    assert offered(picker) == {"张伟": True}


def test_a_presidium_member_who_left_the_presidium_is_not_offered_after(township, terms):
    member = terms["t18"].presidium_members.get(deputy=terms["new"]["王芳"])
    member.until = D(2024, 6, 11)
    member.save()
    (picker,) = PresidiumMeetingForm(township=township, initial={"held_on": D(2024, 6, 11)}).pickers()
    assert "王芳" in offered(picker)
    (picker,) = PresidiumMeetingForm(township=township, initial={"held_on": D(2024, 6, 12)}).pickers()
    assert "王芳" not in offered(picker)


def test_the_suggestion_s_lead_and_co_signers_are_the_day_s_deputies(township, terms):
    form = SuggestionForm(township=township, initial={"submitted_on": D(2024, 3, 5)})
    leads = [label for pk, label in form.fields["lead_deputy"].choices if pk]
    assert leads == ["张伟", "李娜", "王芳", "赵磊"]
    (picker,) = form.pickers()
    assert sorted(offered(picker)) == sorted(leads)


def test_the_picker_page_lists_the_day_s_deputies_once(client, staff, township, terms):
    page = client.get(url("activity_create", township), {"held_on": "2024-06-12"}).content.decode()
    ticked = re.findall(r'name="participants" value="(\d+)"', page)
    assert sorted(map(int, ticked)) == sorted(d.pk for d in terms["new"].values())
    assert "2024年6月12日在任代表" in page
    page = client.get(url("meeting_create", township), {"held_on": "2024-06-12"}).content.decode()
    ticked = re.findall(r'name="members_present" value="(\d+)"', page)
    assert sorted(map(int, ticked)) == sorted([terms["new"]["王芳"].pk, terms["new"]["赵磊"].pk])
    assert "2024年6月12日主席团成员" in page


def test_the_pickers_cost_the_same_queries_for_four_deputies_or_forty(client, staff, township, terms):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            for name in ("activity_create", "meeting_create", "suggestion_create"):
                assert client.get(url(name, township), {"held_on": "2024-06-12"}).status_code == 200
        return len(captured)

    before = queries()
    for i in range(36):
        deputy = DeputyFactory(term=terms["t18"], name=f"代表{i}")
        PresidiumMemberFactory(term=terms["t18"], deputy=deputy)
    assert queries() == before


# The form refuses, for the day submitted ------------------------------------------------------


def test_an_activity_on_a_day_of_the_18th_term_refuses_a_17th_term_deputy(client, staff, township, terms):
    old, new = terms["old"]["刘洋"], terms["new"]["赵磊"]
    response = client.post(
        url("activity_create", township),
        {"held_on": "2024-06-12", "kind": "inspection", "topic": "视察", "participants": [old.pk, new.pk]},
    )
    assert response.status_code == 200
    assert "参加代表：刘洋在2024-06-12不是在任代表。" in response.content.decode()
    assert not DeputyActivity.objects.exists()
    response = client.post(
        url("activity_create", township),
        {"held_on": "2024-06-12", "kind": "inspection", "topic": "视察", "participants": [new.pk]},
    )
    assert response.status_code == 302
    assert list(DeputyActivity.objects.get().participants.all()) == [new]


def test_a_presidium_meeting_refuses_a_deputy_not_on_the_presidium_that_day(client, staff, township, terms):
    outsider, chair = terms["new"]["李娜"], terms["new"]["赵磊"]
    data = {"held_on": "2024-06-12", "topics": "研究会议议程", "members_present": [outsider.pk, chair.pk]}
    response = client.post(url("meeting_create", township), data)
    assert "出席成员：李娜在2024-06-12不是主席团成员。" in response.content.decode()
    assert not PresidiumMeeting.objects.exists()
    data["members_present"] = [chair.pk]
    assert client.post(url("meeting_create", township), data).status_code == 302


def test_a_suggestion_refuses_a_lead_deputy_of_the_ended_term(client, staff, township, terms):
    data = {
        "submitted_on": "2024-03-05",
        "lead_deputy": terms["old"]["陈静"].pk,
        "title": "关于修缮村道的建议",
    }
    response = client.post(url("suggestion_create", township), data)
    assert "领衔代表：陈静在2024-03-05不是在任代表。" in response.content.decode()
    assert not Suggestion.objects.exists()
    data["submitted_on"] = "2021-03-05"
    assert client.post(url("suggestion_create", township), data).status_code == 302


# A deputy's status reads from their term ------------------------------------------------------


def test_a_17th_term_deputy_reads_term_ended_and_an_18th_term_one_in_office(client, staff, township, terms):
    page = client.get(reverse("roster:deputy_detail", args=[township.pk, terms["old"]["刘洋"].pk]))
    badge = re.search(r'<h2 class="h4 mb-1">刘洋 (.*?)</h2>', page.content.decode(), re.S).group(1)
    assert "任期届满" in badge and "在任" not in badge and "2021年12月27日" in badge
    page = client.get(reverse("roster:deputy_detail", args=[township.pk, terms["new"]["赵磊"].pk]))
    badge = re.search(r'<h2 class="h4 mb-1">赵磊 (.*?)</h2>', page.content.decode(), re.S).group(1)
    assert "在任" in badge and "任期届满" not in badge
    record = client.get(reverse("sessions:deputy_record", args=[township.pk, terms["old"]["刘洋"].pk]))
    assert "任期届满" in record.content.decode()
