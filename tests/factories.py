"""factory_boy factories for the record. Defaults make a valid, lawful record: a town with a
term of 45 deputies and a held session with a quorum."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from congress.models import County, Deputy, Membership, PresidiumMember, Role, Term, Township
from sessions import models as s


def aware(year, month, day, hour=0, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{330100 + n:06d}")
    name = factory.Sequence(lambda n: f"测试县{n}")
    province_name = "浙江省"
    city_name = "测试市"


class TownshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Township

    county = factory.SubFactory(CountyFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.county.code}{100 + n % 900:03d}")
    name = factory.Sequence(lambda n: f"测试{n}镇")


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    township = factory.SubFactory(TownshipFactory)
    ordinal = 18
    elected_on = datetime.date(2021, 11, 20)
    starts_on = datetime.date(2021, 12, 28)
    ends_on = None
    seat_quota = 45


class DeputyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deputy

    term = factory.SubFactory(TermFactory)
    name = factory.Sequence(lambda n: f"代表{n}")
    gender = "male"
    took_office_on = factory.LazyAttribute(lambda o: o.term.starts_on)


class PresidiumMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PresidiumMember

    term = factory.SubFactory(TermFactory)
    deputy = factory.SubFactory(DeputyFactory, term=factory.SelfAttribute("..term"))
    since = factory.LazyAttribute(lambda o: o.term.starts_on)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Session

    term = factory.SubFactory(TermFactory)
    ordinal = factory.Sequence(lambda n: n + 1)
    kind = s.SessionKind.REGULAR
    status = s.SessionStatus.HELD
    announced_on = factory.LazyAttribute(lambda o: (o.opens_at - datetime.timedelta(days=10)).date())
    opens_at = factory.LazyFunction(lambda: aware(2024, 3, 5, 8, 30))
    closes_at = factory.LazyAttribute(lambda o: o.opens_at + datetime.timedelta(hours=8))
    venue = "镇政府大会议室"
    deputies_in_office = 45
    present = 40
    excused = 3


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.AgendaItem

    session = factory.SubFactory(SessionFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = "听取和审议政府工作报告"


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Report

    session = factory.SubFactory(SessionFactory)
    kind = s.ReportKind.GOVERNMENT_WORK
    title = "政府工作报告"
    presenter = "镇长"


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Resolution

    session = factory.SubFactory(SessionFactory)
    title = "关于政府工作报告的决议"
    present_at_vote = factory.LazyAttribute(lambda o: o.session.present)
    votes_for = factory.LazyAttribute(lambda o: o.session.present)
    votes_against = 0
    votes_abstain = 0
    adopted = True


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Election

    session = factory.SubFactory(SessionFactory)
    office = s.ElectionOffice.HEAD
    kind = s.ElectionKind.UNCONTESTED
    seats = 1
    ballots_cast = factory.LazyAttribute(lambda o: o.session.present)


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Candidate

    election = factory.SubFactory(ElectionFactory)
    name = factory.Sequence(lambda n: f"候选人{n}")
    votes = factory.LazyAttribute(lambda o: o.election.ballots_cast)
    elected = True


class PresidiumMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.PresidiumMeeting

    township = factory.SubFactory(TownshipFactory)
    held_on = datetime.date(2024, 2, 20)
    topics = "研究本次会议议程"


class DeputyActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.DeputyActivity

    township = factory.SubFactory(TownshipFactory)
    held_on = datetime.date(2024, 6, 12)
    kind = s.ActivityKind.INSPECTION
    topic = "视察农村人居环境整治"


class SuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Suggestion

    township = factory.SubFactory(TownshipFactory)
    lead_deputy = factory.SubFactory(DeputyFactory, term__township=factory.SelfAttribute("...township"))
    submitted_on = datetime.date(2024, 3, 5)
    title = "关于修缮村道的建议"
    handling_unit = "镇农业农村办"
    assigned_on = datetime.date(2024, 3, 20)
    due_on = datetime.date(2024, 6, 20)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = s.Attendance

    session = factory.SubFactory(SessionFactory)
    deputy = factory.SubFactory(DeputyFactory, term=factory.SelfAttribute("..session.term"))
    status = s.AttendanceStatus.PRESENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pass-word-123")


def make_user(role: str, county: County, townships=(), **kwargs):
    """A user with a membership: township staff of `townships`, or county staff/admin."""
    user = UserFactory(**kwargs)
    membership = Membership.objects.create(user=user, role=role, county=county)
    if townships:
        membership.townships.set(townships)
    return user


__all__ = ["Role", "make_user", "aware"]


# Term-change elections (elections app). Defaults make a lawful election: E = 2026-12-20, the
# committee appointed three months before, lists published in time, a district of two seats.


class TermElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "elections.TermElection"

    township = factory.SubFactory(TownshipFactory)
    term_ordinal = 19
    election_day = datetime.date(2026, 12, 20)
    committee_appointed_on = datetime.date(2026, 9, 15)
    seat_quota = 45
    population = 20000
    quota_fixed_on = datetime.date(2026, 9, 30)
    districts_set_on = datetime.date(2026, 10, 15)
    voter_list_published_on = datetime.date(2026, 11, 30)


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "elections.CommitteeMember"

    election = factory.SubFactory(TermElectionFactory)
    name = factory.Sequence(lambda n: f"委员{n}")
    appointed_on = factory.LazyAttribute(lambda o: o.election.committee_appointed_on)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "elections.District"

    election = factory.SubFactory(TermElectionFactory)
    name = factory.Sequence(lambda n: f"第{n + 1}选区")
    seats = 2
    registered_voters = 1000
    preliminary_list_published_on = datetime.date(2026, 12, 4)
    formal_list_published_on = datetime.date(2026, 12, 12)
    result_confirmed_on = None


class DeputyCandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "elections.DeputyCandidate"

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"候选人{n}")
    formal = True
    nominator_kind = "organisation"
    nominator = "中国共产党某某镇委员会"


class VotingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "elections.VotingRound"

    district = factory.SubFactory(DistrictFactory)
    number = 1
    held_on = factory.LazyAttribute(lambda o: o.district.election.election_day)
    ballots_cast = 900


class RoundVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "elections.RoundVote"

    round = factory.SubFactory(VotingRoundFactory)
    candidate = factory.SubFactory(DeputyCandidateFactory, district=factory.SelfAttribute("..round.district"))
    votes = 500
    elected = True
