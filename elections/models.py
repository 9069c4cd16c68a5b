"""换届选举: the direct election of a township's deputies for a new term, district by district,
under an election committee the county standing committee appoints (选举法 2020).

What is stored is what the committee records: its dates, the districts, candidates, each round
of voting and its confirmed result. What the law asks of them (lists published N days before
election day, majorities, candidate margins) is judged by the rule engine from these rows, or
refused at entry where it is impossible (more votes than ballots, more ballots than voters).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from congress.fields import EarliestDayMixin
from congress.models import ConstraintErrorsOnFields, Term, Township
from sessions.models import Versioned


class TermElection(EarliestDayMixin, ConstraintErrorsOnFields, Versioned):
    """One township's election of the deputies of a new term. Election day E is one day for the
    whole township; the committee's appointment and the seat quota are the county's acts."""

    township = models.ForeignKey(
        Township, models.CASCADE, related_name="term_elections", verbose_name=_("township")
    )
    term_ordinal = models.PositiveSmallIntegerField(_("new term number"))
    election_day = models.DateField(_("election day"))
    committee_appointed_on = models.DateField(
        _("election committee appointed on"),
        null=True,
        blank=True,
        help_text=_("The day the county standing committee appointed the township election committee."),
    )
    seat_quota = models.PositiveSmallIntegerField(_("seat quota"), null=True, blank=True)
    population = models.PositiveIntegerField(
        _("population"), null=True, blank=True, help_text=_("The population the seat quota was fixed from.")
    )
    quota_fixed_on = models.DateField(_("seat quota fixed on"), null=True, blank=True)
    districts_set_on = models.DateField(_("electoral districts set on"), null=True, blank=True)
    voter_list_published_on = models.DateField(_("voter list published on"), null=True, blank=True)
    # Set once, by the step that starts the new term from the confirmed results (idempotence).
    new_term = models.OneToOneField(
        Term,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="election",
        verbose_name=_("new term"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("term-change election")
        verbose_name_plural = _("term-change elections")
        ordering = ["township", "-election_day"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "term_ordinal"],
                name="term_election_unique_in_township",
                violation_error_message=_(
                    "New term number: this township already has an election for this term."
                ),
            ),
            models.CheckConstraint(
                condition=Q(term_ordinal__gte=1),
                name="term_election_ordinal_positive",
                violation_error_message=_("New term number: must be 1 or more."),
            ),
            models.CheckConstraint(
                condition=Q(committee_appointed_on__isnull=True)
                | Q(committee_appointed_on__lte=F("election_day")),
                name="term_election_committee_before_election_day",
                violation_error_message=_("Election committee appointed on: the date is after election day."),
            ),
        ]

    constraint_fields = {
        "term_election_unique_in_township": "term_ordinal",
        "term_election_ordinal_positive": "term_ordinal",
        "term_election_committee_before_election_day": "committee_appointed_on",
    }

    def __str__(self) -> str:
        return f"{self.township} {self.election_day:%Y}"


class CommitteeRole(models.TextChoices):
    DIRECTOR = "director", _("director")
    DEPUTY_DIRECTOR = "deputy_director", _("deputy director")
    MEMBER = "member", _("committee member")


class CommitteeMember(EarliestDayMixin, ConstraintErrorsOnFields, models.Model):
    """选举委员会组成人员. One who becomes a formal candidate must have resigned (选举法 Art. 10)."""

    election = models.ForeignKey(
        TermElection, models.CASCADE, related_name="committee_members", verbose_name=_("election")
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=40)
    role = models.CharField(
        _("role"), max_length=20, choices=CommitteeRole.choices, default=CommitteeRole.MEMBER
    )
    appointed_on = models.DateField(_("appointed on"))
    resigned_on = models.DateField(_("resigned on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("election committee member")
        verbose_name_plural = _("election committee members")
        ordering = ["election", "role", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resigned_on__isnull=True) | Q(resigned_on__gte=F("appointed_on")),
                name="committee_member_resigns_after_appointment",
                violation_error_message=_("Resigned on: the date is before the appointment."),
            ),
        ]

    constraint_fields = {"committee_member_resigns_after_appointment": "resigned_on"}

    def __str__(self) -> str:
        return self.name


class District(EarliestDayMixin, ConstraintErrorsOnFields, Versioned):
    """选区: one to three seats (选举法 Art. 25); its lists and its result have their own dates."""

    election = models.ForeignKey(
        TermElection, models.CASCADE, related_name="districts", verbose_name=_("election")
    )
    name = models.CharField(_("electoral district"), max_length=60)
    # Zero and more than three are recorded as given and flagged (district-seats-invalid), not refused.
    seats = models.PositiveSmallIntegerField(_("seats"))
    registered_voters = models.PositiveIntegerField(_("registered voters"), null=True, blank=True)
    preliminary_list_published_on = models.DateField(
        _("preliminary candidate list published on"), null=True, blank=True
    )
    formal_list_published_on = models.DateField(
        _("formal candidate list published on"), null=True, blank=True
    )
    result_confirmed_on = models.DateField(
        _("result confirmed on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the election committee confirmed the result valid and published the deputies elected."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("electoral district")
        verbose_name_plural = _("electoral districts")
        ordering = ["election", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "name"],
                name="district_name_unique_in_election",
                violation_error_message=_(
                    "Electoral district: this election already has a district of this name."
                ),
            ),
            models.CheckConstraint(
                condition=Q(preliminary_list_published_on__isnull=True)
                | Q(formal_list_published_on__isnull=True)
                | Q(formal_list_published_on__gte=F("preliminary_list_published_on")),
                name="district_formal_list_after_preliminary",
                violation_error_message=_(
                    "Formal candidate list published on: the date is before the preliminary list."
                ),
            ),
        ]

    constraint_fields = {
        "district_name_unique_in_election": "name",
        "district_formal_list_after_preliminary": "formal_list_published_on",
    }

    def __str__(self) -> str:
        return self.name


class NominatorKind(models.TextChoices):
    ORGANISATION = "organisation", _("a party or people's organisation")
    VOTERS = "voters", _("ten or more voters jointly")


class DeputyCandidate(ConstraintErrorsOnFields, models.Model):
    """代表候选人 of a district: every nominee is preliminary; those on the formal list are formal.
    One nominator is a party or organisation by its name, or one group of voters by its label."""

    district = models.ForeignKey(
        District, models.CASCADE, related_name="candidates", verbose_name=_("electoral district")
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=40)
    formal = models.BooleanField(_("formal candidate"), default=False)
    nominator_kind = models.CharField(_("nominated by"), max_length=20, choices=NominatorKind.choices)
    nominator = models.CharField(
        _("nominator"),
        max_length=100,
        help_text=_("The party or organisation, or the group of voters (for example 张三等12名选民)."),
    )
    nominating_voters = models.PositiveSmallIntegerField(_("voters nominating"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deputy candidate")
        verbose_name_plural = _("deputy candidates")
        ordering = ["district", "-formal", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="deputy_candidate_unique_in_district",
                violation_error_message=_("Name: this district already has a candidate of this name."),
            ),
            models.CheckConstraint(
                condition=~Q(nominator_kind="voters") | Q(nominating_voters__gte=10),
                name="deputy_candidate_ten_voters",
                violation_error_message=_("Voters nominating: a joint nomination needs ten or more voters."),
            ),
        ]

    constraint_fields = {
        "deputy_candidate_unique_in_district": "name",
        "deputy_candidate_ten_voters": "nominating_voters",
    }

    def __str__(self) -> str:
        return self.name


class VotingRound(EarliestDayMixin, ConstraintErrorsOnFields, models.Model):
    """One vote in a district: number 1 is the vote on election day; 2 and later are another vote
    (另行选举) for the seats still unfilled, each judged by its own rules."""

    district = models.ForeignKey(
        District, models.CASCADE, related_name="rounds", verbose_name=_("electoral district")
    )
    number = models.PositiveSmallIntegerField(_("round"))
    held_on = models.DateField(_("voted on"))
    ballots_cast = models.PositiveIntegerField(_("voters who voted"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("round of voting")
        verbose_name_plural = _("rounds of voting")
        ordering = ["district", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "number"],
                name="voting_round_unique_in_district",
                violation_error_message=_("Round: this district already has a round with this number."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="voting_round_number_positive",
                violation_error_message=_("Round: must be 1 or more."),
            ),
        ]

    constraint_fields = {
        "voting_round_unique_in_district": "number",
        "voting_round_number_positive": "number",
    }

    def __str__(self) -> str:
        return f"{self.district} {self.number}"

    @property
    def is_another_vote(self) -> bool:
        return self.number > 1


class RoundVote(ConstraintErrorsOnFields, models.Model):
    """A candidate's votes in one round, and whether they were declared elected in it."""

    round = models.ForeignKey(
        VotingRound, models.CASCADE, related_name="votes", verbose_name=_("round of voting")
    )
    candidate = models.ForeignKey(
        DeputyCandidate, models.CASCADE, related_name="votes", verbose_name=_("deputy candidate")
    )
    votes = models.PositiveIntegerField(_("votes"))
    elected = models.BooleanField(_("elected"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("votes of a candidate")
        verbose_name_plural = _("votes of candidates")
        ordering = ["round", "-votes", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "candidate"],
                name="round_vote_unique_per_candidate",
                violation_error_message=_("Candidate: already has votes recorded in this round."),
            ),
        ]

    constraint_fields = {"round_vote_unique_per_candidate": "candidate"}

    def __str__(self) -> str:
        return f"{self.candidate}: {self.votes}"
