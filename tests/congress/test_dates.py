"""One date field for the whole project (issue 9, item 6): every form that takes a date reads
2024-03-05, 2024/3/5, 2024.3.5 and 2024年3月5日, refuses a day before 1949-10-01 or after the end
of the fifth year from today with a Chinese message naming the accepted forms, and no model
stores a day before 1949-10-01 whatever path writes it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from congress.fields import EARLIEST_DAY, DayField, latest_day
from congress.forms import (
    DeputyForm,
    DeputyStatusChangeForm,
    PresidiumMemberForm,
    RosterDayForm,
    TermForm,
)
from congress.forms_county import TownshipForm, TownshipManualForm
from congress.models import Deputy
from sessions.forms import SessionForm
from sessions.forms_recess import (
    DeputyActivityForm,
    PresidiumMeetingForm,
    SuggestionForm,
    SuggestionReplyForm,
    SuggestionSatisfactionForm,
)
from sessions.models import DeputyActivity, Suggestion
from tests.factories import (
    DeputyFactory,
    PresidiumMeetingFactory,
    SessionFactory,
    SuggestionFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
ACCEPTED = ["2024-03-05", "2024/3/5", "2024/03/05", "2024.3.5", "2024年3月5日", "２０２４年３月５日"]
FORMS_NAMED = "2024-03-05、2024/3/5、2024.3.5、2024年3月5日"


# The field --------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ACCEPTED)
def test_the_day_field_reads_every_customary_form(typed):
    assert DayField(label="举行日期").clean(typed) == D(2024, 3, 5)


@pytest.mark.parametrize("typed", ["2024年3月", "3/5/2024", "明天", "2024-02-30"])
def test_the_day_field_names_the_forms_it_reads_when_it_cannot_read_one(typed):
    with pytest.raises(ValidationError) as refused:
        DayField(label="举行日期").clean(typed)
    assert refused.value.messages == [f"举行日期：请输入日期，如{FORMS_NAMED}。"]


def test_the_earliest_day_is_the_founding_of_the_republic():
    field = DayField(label="举行日期")
    assert field.clean("1949-10-01") == EARLIEST_DAY
    with pytest.raises(ValidationError) as refused:
        field.clean("1949-09-30")
    latest = latest_day()
    assert refused.value.messages == [
        f"举行日期：请输入1949年10月1日至{latest.year}年12月31日之间的日期，如{FORMS_NAMED}。"
    ]


def test_the_latest_day_is_the_end_of_the_fifth_year_ahead():
    today = timezone.localdate()
    field = DayField(label="交办日期")
    assert field.clean(f"{today.year + 5}-12-31") == D(today.year + 5, 12, 31)
    for typed in (f"{today.year + 6}-01-01", "9999-12-31"):
        with pytest.raises(ValidationError, match="之间的日期"):
            field.clean(typed)


# Every form that takes a date ---------------------------------------------------------------


def _forms():
    """(form, the field) for every date field of every form, each form built as its view builds it."""
    term = TermFactory(starts_on=D(2021, 12, 28))
    township = term.township
    deputy = DeputyFactory(term=term)
    suggestion = SuggestionFactory(township=township, lead_deputy=deputy)
    kw = {"township": township}

    def session_form(data):
        return SessionForm(data, township=township, roster_url="/")

    built = [
        (lambda data: TermForm(data), ["elected_on", "starts_on", "ends_on"]),
        (lambda data: DeputyForm(data, instance=Deputy(term=term)), ["took_office_on"]),
        (lambda data: DeputyStatusChangeForm(data, deputy=deputy), ["effective_on"]),
        (lambda data: PresidiumMemberForm(data, term=term), ["since", "until"]),
        (lambda data: RosterDayForm(data), ["on"]),
        (lambda data: TownshipForm(data), ["established_on", "abolished_on"]),
        (lambda data: TownshipManualForm(data, county=township.county), ["established_on", "abolished_on"]),
        (session_form, ["announced_on", "opens_on", "closes_on"]),
        (lambda data: PresidiumMeetingForm(data, **kw), ["held_on"]),
        (lambda data: DeputyActivityForm(data, **kw), ["held_on", "feedback_on"]),
        (lambda data: SuggestionForm(data, **kw), ["submitted_on", "assigned_on"]),
        (lambda data: SuggestionReplyForm(data, instance=suggestion), ["replied_on"]),
        (lambda data: SuggestionSatisfactionForm(data), ["reassigned_on"]),
    ]
    return [(build, name) for build, names in built for name in names]


def test_every_date_field_of_every_form_is_the_one_day_field():
    fields = {}
    for build, name in _forms():
        form = build(None)
        fields[(type(form).__name__, name)] = form.fields[name]
        assert isinstance(form.fields[name], DayField), (type(form).__name__, name)
        # A text box: the browser's own date box cannot take 2024年3月5日.
        assert 'type="date"' not in str(form[name])
    assert len(fields) == 22


def test_every_form_reads_a_chinese_date_and_refuses_an_absurd_one():
    for build, name in _forms():
        empty = build(None)
        where, key = (type(empty).__name__, name), empty.add_prefix(name)
        form = build({key: "2024年3月5日"})
        form.is_valid()
        assert name not in form.errors, where
        assert form.cleaned_data[name] == D(2024, 3, 5), where
        for absurd in ("1900-01-01", "9999-12-31"):
            form = build({key: absurd})
            assert not form.is_valid()
            assert "1949年10月1日至" in " ".join(form.errors[name]), where


# Through the pages --------------------------------------------------------------------------


@pytest.fixture
def term(world):
    return TermFactory(township=world.t1, starts_on=D(2021, 12, 28), seat_quota=45)


@pytest.fixture
def staff(client, world):
    client.force_login(world.staff)
    return world.staff


def test_a_deputy_added_with_a_chinese_date_takes_office_that_day(client, staff, term):
    response = client.post(
        reverse("roster:deputy_create", args=[term.township_id, term.pk]),
        {
            "name": "王芳",
            "gender": "female",
            "ethnicity": "汉族",
            "occupation_group": "other",
            "took_office_on": "2024年3月5日",
        },
    )
    assert response.status_code == 302
    assert Deputy.objects.get(name="王芳").took_office_on == D(2024, 3, 5)


def test_a_deputy_taking_office_in_1900_is_refused_on_the_form(client, staff, term):
    response = client.post(
        reverse("roster:deputy_create", args=[term.township_id, term.pk]),
        {
            "name": "王芳",
            "gender": "female",
            "ethnicity": "汉族",
            "occupation_group": "other",
            "took_office_on": "1900-01-01",
        },
    )
    assert response.status_code == 200
    assert "就任日期：请输入1949年10月1日至" in response.content.decode()
    assert not Deputy.objects.filter(name="王芳").exists()


def test_an_activity_recorded_with_a_chinese_date_is_dated_that_day(client, staff, term):
    response = client.post(
        reverse("sessions:activity_create", kwargs={"township_pk": term.township_id}),
        {"held_on": "2024年3月5日", "kind": "inspection", "topic": "视察"},
    )
    assert response.status_code == 302
    assert DeputyActivity.objects.get().held_on == D(2024, 3, 5)


def test_a_suggestion_assigned_on_9999_12_31_is_refused_not_a_server_error(client, staff, term):
    deputy = DeputyFactory(term=term)
    response = client.post(
        reverse("sessions:suggestion_create", kwargs={"township_pk": term.township_id}),
        {
            "submitted_on": "2024-03-05",
            "lead_deputy": deputy.pk,
            "title": "关于修缮村道的建议",
            "handling_unit": "镇交通办",
            "assigned_on": "9999-12-31",
        },
    )
    assert response.status_code == 200
    assert "交办日期：请输入1949年10月1日至" in response.content.decode()
    assert not Suggestion.objects.exists()


# The models ---------------------------------------------------------------------------------


def test_no_model_takes_a_day_before_1949_10_01_whatever_path_writes_it(term):
    deputy = DeputyFactory.build(term=term, took_office_on=D(435, 3, 5))
    with pytest.raises(ValidationError) as refused:
        deputy.full_clean()
    assert refused.value.message_dict["took_office_on"] == ["就任日期：日期早于1949年10月1日。"]
    meeting = PresidiumMeetingFactory.build(township=term.township, held_on=D(1949, 9, 30))
    with pytest.raises(ValidationError, match="日期早于1949年10月1日"):
        meeting.full_clean()
    PresidiumMeetingFactory.build(township=term.township, held_on=D(1949, 10, 1)).full_clean()


def test_a_session_opening_before_1949_10_01_is_refused_by_the_model(term):
    session = SessionFactory.build(term=term, opens_at=timezone.make_aware(datetime.datetime(1900, 1, 1, 9)))
    with pytest.raises(ValidationError) as refused:
        session.full_clean()
    assert "opens_at" in refused.value.message_dict
