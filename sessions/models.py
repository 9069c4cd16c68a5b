"""What a township congress does: sessions (with agenda, reports, resolutions, elections),
presidium meetings, inter-session deputy activities and deputies' suggestions.

Derived facts — quorum met, majority of all deputies, overdue — are computed from what is
stored, never typed twice. Row-level impossibilities are database constraints, each
mirrored by a validation message that names the field.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.models import Deputy, Term, Township
from congress.numerals import chinese_ordinal


def quorum(deputies_in_office: int) -> int:
    """组织法 Art. 14(4): 三分之二以上 — at least ceil(2N/3) present (以上 includes the number)."""
    return math.ceil(2 * deputies_in_office / 3)


def is_majority_of_all(votes: int, deputies_in_office: int) -> bool:
    """组织法 Art. 25: 全体代表的过半数 — strictly more than half of all deputies."""
    return votes * 2 > deputies_in_office


class SessionKind(models.TextChoices):
    REGULAR = "regular", _("regular session")
    EXTRAORDINARY = "extraordinary", _("extraordinary session")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    POSTPONED = "postponed", _("postponed")
    CANCELLED = "cancelled", _("cancelled")


class SessionQuerySet(models.QuerySet):
    def held(self):
        return self.filter(status=SessionStatus.HELD)

    def in_year(self, year: int):
        return self.filter(opens_at__year=year)


class Session(models.Model):
    """人民代表大会会议: 某某镇第十八届人民代表大会第三次会议."""

    township = models.ForeignKey(
        Township, models.CASCADE, related_name="sessions", verbose_name=_("township"), editable=False
    )
    term = models.ForeignKey(Term, models.PROTECT, related_name="sessions", verbose_name=_("term"))
    ordinal = models.PositiveSmallIntegerField(_("session number"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.REGULAR
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=100, blank=True)
    deputies_in_office = models.PositiveSmallIntegerField(
        _("deputies in office"), help_text=_("All deputies (N) on the opening day, from the roster.")
    )
    deputies_in_office_note = models.CharField(
        _("reason for changing the number of deputies"), max_length=200, blank=True
    )
    present = models.PositiveSmallIntegerField(_("present"), null=True, blank=True)
    excused = models.PositiveSmallIntegerField(_("excused"), default=0)
    notes = models.TextField(_("notes"), blank=True)

    objects = SessionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-opens_at"]
        indexes = [models.Index(fields=["township", "opens_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "ordinal"],
                name="session_ordinal_unique_in_term",
                violation_error_message=_(
                    "Session number: this term already has a session with this number."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ordinal__gte=1),
                name="session_ordinal_positive",
                violation_error_message=_("Session number: must be 1 or more."),
            ),
            models.CheckConstraint(
                condition=Q(present__isnull=True) | Q(present__lte=F("deputies_in_office")),
                name="session_present_within_deputies",
                violation_error_message=_("Present: more deputies present than deputies in office."),
            ),
            models.CheckConstraint(
                condition=Q(present__isnull=True) | Q(excused__lte=F("deputies_in_office") - F("present")),
                name="session_excused_within_absent",
                violation_error_message=_("Excused: more excused absences than deputies absent."),
            ),
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gte=F("opens_at")),
                name="session_closes_after_opening",
                violation_error_message=_("Closes at: the session closes before it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        # The township is the term's, kept on the row for scoped lookups in one join.
        self.township_id = self.term.township_id
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        """The official name, in Chinese in every interface language like the township's
        own name: 某某镇第十八届人民代表大会第三次会议."""
        term = self.term
        session = chinese_ordinal(self.ordinal)
        return f"{term.township.name}{chinese_ordinal(term.ordinal)}届人民代表大会{session}次会议"

    @property
    def opening_day(self):
        return timezone.localtime(self.opens_at).date()

    @property
    def quorum(self) -> int:
        return quorum(self.deputies_in_office)

    @property
    def quorum_met(self) -> bool | None:
        if self.present is None:
            return None
        return self.present >= self.quorum

    @property
    def absent_unexcused(self) -> int | None:
        if self.present is None:
            return None
        return self.deputies_in_office - self.present - self.excused

    @property
    def sitting_hours(self) -> float | None:
        if self.closes_at is None:
            return None
        return (self.closes_at - self.opens_at).total_seconds() / 3600

    @property
    def days(self) -> int | None:
        if self.closes_at is None:
            return None
        return (timezone.localtime(self.closes_at).date() - self.opening_day).days + 1

    def clean(self):
        errors = {}
        if self.term_id and self.opens_at:
            term = self.term
            if not term.covers(self.opening_day):
                errors["opens_at"] = _("Opens at: the opening day is outside the term's dates.")
        if self.status == SessionStatus.HELD and self.present is None:
            errors["present"] = _("Present: a held session needs the number of deputies present.")
        if self.announced_on and self.opens_at and self.announced_on > self.opening_day:
            errors.setdefault(
                "announced_on", _("Announced on: the announcement comes after the opening day.")
            )
        if errors:
            raise ValidationError(errors)


class AgendaKind(models.TextChoices):
    REPORT = "report", _("report")
    BUDGET = "budget", _("budget")
    ELECTION = "election", _("election")
    RESOLUTION = "resolution", _("resolution")
    OTHER = "other", _("other")


class AgendaItem(models.Model):
    session = models.ForeignKey(
        Session, models.CASCADE, related_name="agenda_items", verbose_name=_("session")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=AgendaKind.choices, default=AgendaKind.REPORT)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class ReportKind(models.TextChoices):
    GOVERNMENT_WORK = "government_work", _("government work report")
    BUDGET = "budget", _("budget")
    BUDGET_EXECUTION = "budget_execution", _("budget execution")
    BUDGET_ADJUSTMENT = "budget_adjustment", _("budget adjustment")
    FINAL_ACCOUNTS = "final_accounts", _("final accounts")
    PRESIDIUM_WORK = "presidium_work", _("presidium work report")
    SUGGESTION_HANDLING = "suggestion_handling", _("report on handling deputies' suggestions")
    SPECIFIC_ISSUE = "specific_issue", _("specific-issue report")
    OTHER = "other", _("other")


# Reports whose fiscal year matters (RULES.md: budget for Y, final accounts for Y − 1).
FISCAL_REPORT_KINDS = frozenset(
    {ReportKind.BUDGET, ReportKind.BUDGET_EXECUTION, ReportKind.BUDGET_ADJUSTMENT, ReportKind.FINAL_ACCOUNTS}
)


class ReportOutcome(models.TextChoices):
    APPROVED = "approved", _("approved")
    DELIBERATED = "deliberated", _("heard and deliberated")
    NOT_APPROVED = "not_approved", _("not approved")


class Report(models.Model):
    session = models.ForeignKey(Session, models.CASCADE, related_name="reports", verbose_name=_("session"))
    kind = models.CharField(_("kind"), max_length=30, choices=ReportKind.choices)
    title = models.CharField(_("title"), max_length=200)
    presenter = models.CharField(_("presenter"), max_length=60, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ReportOutcome.choices, default=ReportOutcome.APPROVED
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["session", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fiscal_year__isnull=True) | Q(fiscal_year__gte=1949, fiscal_year__lte=2200),
                name="report_fiscal_year_plausible",
                violation_error_message=_("Fiscal year: not a plausible year."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def effective_fiscal_year(self, session_year: int) -> int | None:
        """RULES.md: a budget's fiscal year defaults to its session's year; final accounts to
        the year before."""
        if self.fiscal_year:
            return self.fiscal_year
        if self.kind == ReportKind.FINAL_ACCOUNTS:
            return session_year - 1
        if self.kind in FISCAL_REPORT_KINDS:
            return session_year
        return None


def document_path(instance: Document, filename: str) -> str:
    return f"documents/{instance.session.township.code}/{instance.session_id}/{filename}"


class Document(models.Model):
    """A file of a session (a report's text, the announcement, a resolution), served only
    through a view that checks access."""

    session = models.ForeignKey(Session, models.CASCADE, related_name="documents", verbose_name=_("session"))
    report = models.ForeignKey(
        Report, models.CASCADE, null=True, blank=True, related_name="documents", verbose_name=_("report")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path)
    content_type = models.CharField(_("content type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size"), editable=False, default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["session", "pk"]

    def __str__(self) -> str:
        return self.title


class ResolutionKind(models.TextChoices):
    RESOLUTION = "resolution", _("resolution")
    DECISION = "decision", _("decision")


class Resolution(models.Model):
    """决议 / 决定, adopted by a majority of ALL deputies (组织法 Art. 25)."""

    session = models.ForeignKey(
        Session, models.CASCADE, related_name="resolutions", verbose_name=_("session")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ResolutionKind.choices, default=ResolutionKind.RESOLUTION
    )
    present_at_vote = models.PositiveSmallIntegerField(
        _("present at the vote"), help_text=_("Deputies present when the vote was taken.")
    )
    votes_for = models.PositiveSmallIntegerField(_("for"))
    votes_against = models.PositiveSmallIntegerField(_("against"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("abstain"), default=0)
    adopted = models.BooleanField(_("adopted"), default=True)
    follow_up = models.TextField(_("implementation follow-up"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resolution or decision")
        verbose_name_plural = _("resolutions and decisions")
        ordering = ["session", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(present_at_vote__gte=F("votes_for") + F("votes_against") + F("votes_abstain")),
                name="resolution_votes_within_present",
                violation_error_message=_("For: more votes cast than deputies present at the vote."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if (
            self.session_id
            and self.present_at_vote is not None
            and self.present_at_vote > self.session.deputies_in_office
        ):
            raise ValidationError(
                {"present_at_vote": _("Present at the vote: more than the deputies in office.")}
            )

    def has_majority_of_all(self, deputies_in_office: int | None = None) -> bool:
        n = self.session.deputies_in_office if deputies_in_office is None else deputies_in_office
        return is_majority_of_all(self.votes_for, n)


class ElectionOffice(models.TextChoices):
    CHAIR = "chair", _("chair of the people's congress")
    VICE_CHAIR = "vice_chair", _("vice-chair of the people's congress")
    HEAD = "head", _("township head")
    DEPUTY_HEAD = "deputy_head", _("deputy township head")
    PRESIDIUM = "presidium", _("presidium members")
    OTHER = "other", _("other")


class ElectionKind(models.TextChoices):
    COMPETITIVE = "competitive", _("competitive")
    UNCONTESTED = "uncontested", _("uncontested")
    BY_ELECTION = "by_election", _("by-election")


class Election(models.Model):
    session = models.ForeignKey(Session, models.CASCADE, related_name="elections", verbose_name=_("session"))
    office = models.CharField(_("office"), max_length=20, choices=ElectionOffice.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=ElectionKind.choices)
    seats = models.PositiveSmallIntegerField(_("seats"))
    ballots_cast = models.PositiveSmallIntegerField(_("ballots cast"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["session", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gte=1),
                name="election_seats_positive",
                violation_error_message=_("Seats: must be 1 or more."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_office_display()}（{self.get_kind_display()}）"

    def clean(self):
        if (
            self.session_id
            and self.ballots_cast is not None
            and self.ballots_cast > self.session.deputies_in_office
        ):
            raise ValidationError({"ballots_cast": _("Ballots cast: more than the deputies in office.")})


class Candidate(models.Model):
    election = models.ForeignKey(
        Election, models.CASCADE, related_name="candidates", verbose_name=_("election")
    )
    name = models.CharField(_("name"), max_length=40)
    deputy = models.ForeignKey(
        Deputy, models.SET_NULL, null=True, blank=True, related_name="candidacies", verbose_name=_("deputy")
    )
    votes = models.PositiveSmallIntegerField(_("votes"))
    elected = models.BooleanField(_("elected"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["election", "-votes", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.election_id and self.votes is not None and self.votes > self.election.ballots_cast:
            raise ValidationError({"votes": _("Votes: more votes than ballots cast.")})


class PresidiumMeeting(models.Model):
    """主席团会议 (组织法 Art. 19)."""

    township = models.ForeignKey(
        Township, models.CASCADE, related_name="presidium_meetings", verbose_name=_("township")
    )
    held_on = models.DateField(_("held on"))
    members_present = models.ManyToManyField(
        Deputy, blank=True, related_name="presidium_meetings", verbose_name=_("members present")
    )
    topics = models.TextField(_("topics"))
    decisions = models.TextField(_("decisions"), blank=True)

    history = HistoricalRecords(m2m_fields=[members_present])

    class Meta:
        verbose_name = _("presidium meeting")
        verbose_name_plural = _("presidium meetings")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["township", "held_on"])]

    def __str__(self) -> str:
        return gettext("Presidium meeting of %(date)s") % {"date": self.held_on}


class ActivityKind(models.TextChoices):
    INSPECTION = "inspection", _("inspection")
    RESEARCH = "research", _("research")
    LAW_CHECK = "law_check", _("law-enforcement check")
    SPECIFIC_ISSUE_HEARING = "specific_issue_hearing", _("specific-issue report hearing")
    VOTER_CONTACT = "voter_contact", _("voter contact")
    RECEPTION_DAY = "reception_day", _("reception day")
    TRAINING = "training", _("training")
    OTHER = "other", _("other")


class DeputyActivity(models.Model):
    """闭会期间代表活动 (代表法 Art. 25–33; 组织法 Art. 19(2))."""

    township = models.ForeignKey(
        Township, models.CASCADE, related_name="deputy_activities", verbose_name=_("township")
    )
    held_on = models.DateField(_("held on"))
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    topic = models.CharField(_("topic"), max_length=200)
    participants = models.ManyToManyField(
        Deputy, blank=True, related_name="activities", verbose_name=_("participating deputies")
    )
    findings = models.TextField(_("findings"), blank=True)
    government_feedback = models.TextField(_("government's feedback"), blank=True)
    feedback_on = models.DateField(_("feedback on"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        verbose_name = _("inter-session deputy activity")
        verbose_name_plural = _("inter-session deputy activities")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["township", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(feedback_on__isnull=True) | Q(feedback_on__gte=F("held_on")),
                name="activity_feedback_after_activity",
                violation_error_message=_("Feedback on: the date is before the activity."),
            ),
        ]

    def __str__(self) -> str:
        return self.topic


class SuggestionOutcome(models.TextChoices):
    SOLVED = "solved", _("solved")
    IN_PROGRESS = "in_progress", _("being solved")
    PLANNED = "planned", _("planned")
    EXPLAINED = "explained", _("for reference")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("basically satisfied")
    DISSATISFIED = "dissatisfied", _("dissatisfied")


class Suggestion(models.Model):
    """代表建议、批评和意见, answered within 3 months of assignment, 6 if complex
    (代表法 2025 Art. 51(2)). `due_on` is computed from the county's profile when assigned
    (or reopened) and kept, so that a later change of profile does not move old deadlines."""

    township = models.ForeignKey(
        Township, models.CASCADE, related_name="suggestions", verbose_name=_("township")
    )
    session = models.ForeignKey(
        Session,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("submitted at session"),
    )
    submitted_on = models.DateField(_("submitted on"))
    lead_deputy = models.ForeignKey(
        Deputy, models.PROTECT, related_name="suggestions_led", verbose_name=_("lead deputy")
    )
    co_signers = models.ManyToManyField(
        Deputy, blank=True, related_name="suggestions_cosigned", verbose_name=_("co-signers")
    )
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"), blank=True)
    category = models.CharField(_("category"), max_length=40, blank=True)
    handling_unit = models.CharField(_("handling unit"), max_length=100, blank=True)
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    is_complex = models.BooleanField(
        _("complex"), default=False, help_text=_("Wide in scope or hard to handle: six months to reply.")
    )
    due_on = models.DateField(_("reply due on"), null=True, blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=SuggestionOutcome.choices, blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    handling_report_session = models.ForeignKey(
        Session,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="handling_reports",
        verbose_name=_("session that heard the handling report"),
    )

    history = HistoricalRecords(m2m_fields=[co_signers])

    class Meta:
        verbose_name = _("deputy's suggestion")
        verbose_name_plural = _("deputies' suggestions")
        ordering = ["-submitted_on", "-pk"]
        indexes = [models.Index(fields=["township", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(assigned_on__isnull=True) | Q(assigned_on__gte=F("submitted_on")),
                name="suggestion_assigned_after_submission",
                violation_error_message=_("Assigned on: the date is before the suggestion was submitted."),
            ),
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(assigned_on__isnull=False, due_on__gte=F("assigned_on")),
                name="suggestion_due_after_assignment",
                violation_error_message=_("Reply due on: the due date is before the assignment."),
            ),
            models.CheckConstraint(
                condition=Q(replied_on__isnull=True)
                | Q(assigned_on__isnull=False, replied_on__gte=F("assigned_on")),
                name="suggestion_replied_after_assignment",
                violation_error_message=_("Replied on: the reply is dated before the assignment."),
            ),
        ]

    def __str__(self) -> str:
        return self.title
