"""What a township congress does: sessions (with agenda, reports, resolutions, elections),
presidium meetings, inter-session deputy activities and deputies' suggestions.

Derived facts — quorum met, majority of all deputies, overdue — are computed from what is
stored, never typed twice. Row-level impossibilities are database constraints, each
mirrored by a validation message that names the field.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress import law
from congress.fields import EarliestDayMixin
from congress.models import ConstraintErrorsOnFields, Deputy, Term, Township
from congress.numerals import session_name

# The legal definitions live in congress.law; these names are kept for the callers of this module.
quorum = law.quorum
is_majority_of_all = law.majority_of_all_deputies


class Versioned(models.Model):
    """A record two people may edit at once (optimistic locking): every save of a recorded row
    bumps `version`, and an update service refuses a form opened at an older version
    (sessions.concurrency.check_version) instead of silently undoing the other person's save."""

    version = models.IntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)


class FormToken(models.Model):
    """A create form's one-time token, issued with the form and consumed by the create service in
    its transaction: a second POST of the same form (a double click, a resent request, on any
    app server) finds the token used and gets what the first created (sessions.concurrency.once)."""

    token = models.UUIDField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, null=True, related_name="+")
    content_type = models.ForeignKey("contenttypes.ContentType", models.CASCADE, related_name="+")
    object_id = models.BigIntegerField(null=True)
    used_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.token)


class SessionKind(models.TextChoices):
    REGULAR = "regular", _("regular session")
    EXTRAORDINARY = "extraordinary", _("extraordinary session")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    POSTPONED = "postponed", _("postponed")
    CANCELLED = "cancelled", _("cancelled")


def day_after_as_of(as_of: datetime.date) -> datetime.datetime:
    """The local midnight ending the as-of day D: what is dated before it is read, the rest not
    (RULES.md "facts dated after D are not read")."""
    return timezone.make_aware(datetime.datetime.combine(as_of + datetime.timedelta(days=1), datetime.time()))


class SessionQuerySet(models.QuerySet):
    def recorded_as_held(self):
        """Recorded with status held, quorum met or not: what the session-level rules judge."""
        return self.filter(status=SessionStatus.HELD)

    def counting_as_held(self, as_of: datetime.date):
        """Held sessions (RULES.md: status held and quorum met, congress.law) that opened on or
        before the as-of day D: one opening after D is not held yet, whatever its status."""
        return self.filter(law.counts_as_held_q(), opens_at__lt=day_after_as_of(as_of))

    def in_year(self, year: int):
        return self.filter(opens_at__year=year)


class Session(EarliestDayMixin, ConstraintErrorsOnFields, Versioned):
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

    constraint_fields = {
        "session_ordinal_unique_in_term": "ordinal",
        "session_ordinal_positive": "ordinal",
        "session_present_within_deputies": "present",
        "session_excused_within_absent": "excused",
        "session_closes_after_opening": "closes_at",
    }

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
        return session_name(self.term.ordinal, self.ordinal, self.term.township.name)

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


class AgendaItem(ConstraintErrorsOnFields, models.Model):
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
        constraints = [
            # Two adds at once must not share a place; renumbering moves rows in two passes.
            models.UniqueConstraint(
                fields=["session", "position"],
                name="agenda_item_position_unique",
                violation_error_message=_("Position: another item of the agenda has this place."),
            )
        ]

    constraint_fields = {"agenda_item_position_unique": "position"}

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


class Report(ConstraintErrorsOnFields, Versioned):
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

    constraint_fields = {"report_fiscal_year_plausible": "fiscal_year"}

    def __str__(self) -> str:
        return self.title


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


class Resolution(ConstraintErrorsOnFields, Versioned):
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

    constraint_fields = {"resolution_votes_within_present": "votes_for"}

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


class Election(ConstraintErrorsOnFields, Versioned):
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

    constraint_fields = {"election_seats_positive": "seats"}

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
    name = models.CharField(pgettext_lazy("person", "name"), max_length=40)
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


class PresidiumMeeting(EarliestDayMixin, Versioned):
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


class DeputyActivity(EarliestDayMixin, ConstraintErrorsOnFields, Versioned):
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

    constraint_fields = {"activity_feedback_after_activity": "feedback_on"}

    def __str__(self) -> str:
        return self.topic


class SuggestionOutcome(models.TextChoices):
    SOLVED = "solved", _("solved")
    IN_PROGRESS = "in_progress", _("being solved")
    # Translators: a suggestion's outcome (列入计划), not a planned session.
    PLANNED = "planned", pgettext_lazy("suggestion outcome", "planned")
    EXPLAINED = "explained", _("for reference")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("basically satisfied")
    DISSATISFIED = "dissatisfied", _("dissatisfied")


DUE_SOON_DAYS = 14


def deputy_in_office_on(deputy: Deputy, day: datetime.date) -> bool:
    """The same test as Deputy.objects.in_office_on(day), for a deputy loaded with its term."""
    return deputy.in_office_on(day)


class SuggestionState(models.TextChoices):
    """Where a suggestion stands on a day: derived from its dates, never stored."""

    AWAITING_ASSIGNMENT = "awaiting_assignment", _("awaiting assignment")
    BEING_HANDLED = "being_handled", _("being handled")
    DUE_SOON = "due_soon", _("due within 14 days")
    OVERDUE = "overdue", _("overdue")
    REPLIED = "replied", _("replied")
    REPLIED_LATE = "replied_late", _("replied late")


class Suggestion(EarliestDayMixin, ConstraintErrorsOnFields, Versioned):
    """代表建议、批评和意见, answered within 3 months of assignment, 6 if complex
    (代表法 2025 Art. 51(2)). `due_on` is computed from the county's profile when assigned
    (or reopened) and kept, so that a later change of profile does not move old deadlines.

    The row holds the *current round* of handling: its assignment, deadline, reply, outcome
    and the deputy's satisfaction. A dissatisfied deputy (不满意) reopens it: the round is
    copied, unchanged, to a SuggestionRound, and the suggestion is assigned again on the
    reopening day with a new deadline from the profile, its reply cleared
    (sessions.services_recess.suggestion_satisfaction_record). So every deadline the handling
    unit ever had is one row — the suggestion's current round or an earlier SuggestionRound —
    and `suggestion-reply-overdue` reads both: a late first reply stays late after reopening."""

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

    constraint_fields = {
        "suggestion_assigned_after_submission": "assigned_on",
        "suggestion_due_after_assignment": "due_on",
        "suggestion_replied_after_assignment": "replied_on",
    }

    def __str__(self) -> str:
        return self.title

    def state(self, today: datetime.date) -> str:
        """Where the suggestion stands on `today` (a SuggestionState value).

        Overdue as RULES.md `suggestion-reply-overdue` reads it: unanswered on a day after the
        due day; a reply on the due day is on time."""
        if self.assigned_on is None or self.due_on is None:
            return SuggestionState.AWAITING_ASSIGNMENT
        if self.replied_on is not None:
            return SuggestionState.REPLIED_LATE if self.replied_on > self.due_on else SuggestionState.REPLIED
        if today > self.due_on:
            return SuggestionState.OVERDUE
        if (self.due_on - today).days <= DUE_SOON_DAYS:
            return SuggestionState.DUE_SOON
        return SuggestionState.BEING_HANDLED

    def days_overdue(self, today: datetime.date) -> int:
        """Days past the due day: to the reply, or to `today` while unanswered."""
        if self.due_on is None:
            return 0
        end = self.replied_on or today
        return max(0, (end - self.due_on).days)

    def clean(self):
        errors = {
            **self._reply_errors(),
            **self._lead_deputy_errors(),
            **self._session_errors(),
            **self._handling_report_session_errors(),
        }
        if errors:
            raise ValidationError(errors)

    def _reply_errors(self) -> dict:
        """An outcome and a satisfaction go with a reply, and a reply with its outcome."""
        errors = {}
        if self.replied_on is not None and not self.outcome:
            errors["outcome"] = _("Outcome: a reply needs its outcome.")
        if self.replied_on is None and self.outcome:
            errors["outcome"] = _("Outcome: the suggestion has no reply yet.")
        if self.replied_on is None and self.satisfaction:
            errors["satisfaction"] = _("Satisfaction: the deputy judges a reply; there is no reply yet.")
        return errors

    def _lead_deputy_errors(self) -> dict:
        """The lead deputy is a deputy of this township, in office on the day of submission."""
        if not (self.township_id and self.lead_deputy_id):
            return {}
        deputy = self.lead_deputy
        if deputy.term.township_id != self.township_id:
            return {"lead_deputy": _("Lead deputy: not a deputy of this township.")}
        if self.submitted_on and not deputy_in_office_on(deputy, self.submitted_on):
            return {
                "lead_deputy": _("Lead deputy: %(name)s was not a deputy in office on %(date)s.")
                % {"name": deputy.name, "date": self.submitted_on.isoformat()}
            }
        return {}

    def _session_errors(self) -> dict:
        """A suggestion submitted at a session: a session of this township, dated on one of its days."""
        if not (self.session_id and self.township_id):
            return {}
        session = self.session
        if session.township_id != self.township_id:
            return {"session": _("Submitted at session: a session of another township.")}
        if self.submitted_on:
            last_day = (
                timezone.localtime(session.closes_at).date() if session.closes_at else session.opening_day
            )
            if not session.opening_day <= self.submitted_on <= last_day:
                return {
                    "submitted_on": _(
                        "Submitted on: a suggestion submitted at a session is dated on one of its days."
                    )
                }
        return {}

    def _handling_report_session_errors(self) -> dict:
        if (
            self.handling_report_session_id
            and self.township_id
            and self.handling_report_session.township_id != self.township_id
        ):
            return {
                "handling_report_session": _(
                    "Session that heard the handling report: a session of another township."
                )
            }
        return {}


class SuggestionRound(EarliestDayMixin, ConstraintErrorsOnFields, models.Model):
    """An earlier round of handling a suggestion, closed when the deputy was dissatisfied
    (不满意) and the suggestion was assigned again. Copied unchanged from the suggestion when it
    was reopened (see Suggestion); the next round starts on the suggestion's new `assigned_on`."""

    suggestion = models.ForeignKey(
        Suggestion, models.CASCADE, related_name="rounds", verbose_name=_("deputy's suggestion")
    )
    number = models.PositiveSmallIntegerField(_("round"))
    handling_unit = models.CharField(_("handling unit"), max_length=100, blank=True)
    assigned_on = models.DateField(_("assigned on"))
    is_complex = models.BooleanField(_("complex"), default=False)
    due_on = models.DateField(_("reply due on"))
    replied_on = models.DateField(_("replied on"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=SuggestionOutcome.choices)
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("earlier round of handling")
        verbose_name_plural = _("earlier rounds of handling")
        ordering = ["suggestion", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "number"],
                name="suggestion_round_unique_number",
                violation_error_message=_("Round: this suggestion already has a round with this number."),
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("assigned_on")),
                name="suggestion_round_due_after_assignment",
                violation_error_message=_("Reply due on: the due date is before the assignment."),
            ),
            models.CheckConstraint(
                condition=Q(replied_on__gte=F("assigned_on")),
                name="suggestion_round_replied_after_assignment",
                violation_error_message=_("Replied on: the reply is dated before the assignment."),
            ),
        ]

    constraint_fields = {
        "suggestion_round_unique_number": "number",
        "suggestion_round_due_after_assignment": "due_on",
        "suggestion_round_replied_after_assignment": "replied_on",
    }

    def __str__(self) -> str:
        return f"{self.suggestion} ({self.number})"

    @property
    def replied_late(self) -> bool:
        return self.replied_on > self.due_on


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    EXCUSED = "excused", _("excused")
    ABSENT = "absent", _("absent")


class Attendance(ConstraintErrorsOnFields, models.Model):
    """One deputy's line in a session's roll call (点名): present, excused (请假, leave granted)
    or absent without leave. 代表法 2025 Art. 62 (2015 Art. 49): two absences from sessions
    without leave end a deputy's status. Where a session has a roll call, its `present` and
    `excused` counts are the roll call's (sessions.services_recess.session_attendance_record)."""

    session = models.ForeignKey(
        Session, models.CASCADE, related_name="attendances", verbose_name=_("session")
    )
    deputy = models.ForeignKey(Deputy, models.CASCADE, related_name="attendances", verbose_name=_("deputy"))
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("roll-call entry")
        verbose_name_plural = _("roll call")
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "deputy"],
                name="attendance_unique_per_session",
                violation_error_message=_("Deputy: already on this session's roll call."),
            ),
        ]

    constraint_fields = {"attendance_unique_per_session": "deputy"}

    def __str__(self) -> str:
        return f"{self.deputy} · {self.get_status_display()}"

    def clean(self):
        if not (self.session_id and self.deputy_id):
            return
        if self.deputy.term_id != self.session.term_id:
            raise ValidationError({"deputy": _("Deputy: not a deputy of this session's term.")})
        if not deputy_in_office_on(self.deputy, self.session.opening_day):
            raise ValidationError(
                {
                    "deputy": _("Deputy: %(name)s was not a deputy in office on the opening day.")
                    % {"name": self.deputy.name}
                }
            )
