"""The institution: counties, townships, terms, deputies, presidium members, and who may see what.

Every rule the database can hold is a constraint (so it holds for the admin, imports and the
shell alike), mirrored by model validation that names the field in Chinese.
"""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, router
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from congress import divisions
from congress.fields import EarliestDayMixin
from congress.numerals import term_name


class ConstraintErrorsOnFields:
    """Model mixin: a violated constraint's message goes under the field it is about.

    Django files the message of a CheckConstraint (and of a UniqueConstraint over several
    fields) under NON_FIELD_ERRORS, so a form shows it at the top, away from the field. A
    model names in `constraint_fields` the field of each of its constraints; the message,
    which begins with that field's name, then shows at the field — in forms and the admin.
    """

    constraint_fields: ClassVar[dict[str, str]] = {}

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(self.__class__, instance=self)
        errors: dict = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    field = self.constraint_fields.get(constraint.name)
                    fields = getattr(constraint, "fields", ())
                    if field is None and getattr(error, "code", None) == "unique" and len(fields) == 1:
                        field = fields[0]  # as Django files it
                    if field is None:
                        errors = error.update_error_dict(errors)
                    else:
                        errors.setdefault(field, []).append(error)
        if errors:
            raise ValidationError(errors)


class RuleProfile(models.TextChoices):
    """The provincial numbers a county applies (LAW.md §6); the values live in oversight."""

    NATIONAL = "national", _("National law")
    BEIJING = "beijing", _("Beijing")
    ZHEJIANG = "zhejiang", _("Zhejiang")
    HENAN = "henan", _("Henan")
    CHONGQING = "chongqing", _("Chongqing")
    SHANDONG = "shandong", _("Shandong")


class County(ConstraintErrorsOnFields, models.Model):
    code = models.CharField(
        _("statistical code"),
        max_length=6,
        unique=True,
        error_messages={"unique": _("Statistical code: another county already has this code.")},
    )
    name = models.CharField(_("name"), max_length=60)
    city_name = models.CharField(_("city"), max_length=60, blank=True)
    province_name = models.CharField(_("province"), max_length=30, blank=True)
    rule_profile = models.CharField(
        _("rule profile"), max_length=20, choices=RuleProfile.choices, default=RuleProfile.NATIONAL
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{6}$"),
                name="county_code_six_digits",
                violation_error_message=_("Statistical code: a county's code is six digits."),
            ),
        ]

    constraint_fields = {"county_code_six_digits": "code"}

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        city = self.city_name if self.city_name not in ("", "市辖区", "县") else ""
        return f"{self.province_name}{city}{self.name}"


class TownshipKind(models.TextChoices):
    TOWN = divisions.TOWN, _("town")
    # Translators: the kind of township-level unit (乡), not a township in general (乡镇).
    TOWNSHIP = divisions.TOWNSHIP, pgettext_lazy("township kind", "township")
    ETHNIC_TOWNSHIP = divisions.ETHNIC_TOWNSHIP, _("ethnic township")
    SUMU = divisions.SUMU, _("sumu")
    ETHNIC_SUMU = divisions.ETHNIC_SUMU, _("ethnic sumu")
    SUBDISTRICT = divisions.SUBDISTRICT, _("subdistrict")
    OTHER = divisions.OTHER, _("other")


class TownshipQuerySet(models.QuerySet):
    def congress_units(self):
        """Townships that have a people's congress (not 街道 or other units)."""
        return self.filter(kind__in=divisions.CONGRESS_KINDS)


class Township(EarliestDayMixin, ConstraintErrorsOnFields, models.Model):
    county = models.ForeignKey(County, models.PROTECT, related_name="townships", verbose_name=_("county"))
    code = models.CharField(
        _("statistical code"),
        max_length=9,
        unique=True,
        error_messages={"unique": _("Statistical code: another township already has this code.")},
    )
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=TownshipKind.choices, editable=False)
    kind_override = models.CharField(
        _("kind (manual override)"),
        max_length=20,
        choices=TownshipKind.choices,
        blank=True,
        help_text=_("Leave empty to derive the kind from the name."),
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    abolished_on = models.DateField(_("abolished on"), null=True, blank=True)

    objects = TownshipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("township")
        verbose_name_plural = _("townships")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{9}$"),
                name="township_code_nine_digits",
                violation_error_message=_("Statistical code: a township's code is nine digits."),
            ),
            models.CheckConstraint(
                condition=Q(abolished_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(abolished_on__gte=models.F("established_on")),
                name="township_abolished_after_established",
                violation_error_message=_("Abolished on: the date is before the date of establishment."),
            ),
        ]

    constraint_fields = {
        "township_code_nine_digits": "code",
        "township_abolished_after_established": "abolished_on",
    }

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # The kind is a cache of the name (or the override): never typed twice.
        self.kind = self.kind_override or divisions.classify(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        if self.code and self.county_id is not None and not self.code.startswith(self.county.code):
            raise ValidationError(
                {"code": _("Statistical code: a township's code begins with its county's code.")}
            )

    @property
    def has_congress(self) -> bool:
        return (self.kind_override or divisions.classify(self.name)) in divisions.CONGRESS_KINDS


class Term(EarliestDayMixin, ConstraintErrorsOnFields, models.Model):
    """届: five years from the first session (宪法 Art. 98; 组织法 Art. 9)."""

    township = models.ForeignKey(Township, models.CASCADE, related_name="terms", verbose_name=_("township"))
    ordinal = models.PositiveSmallIntegerField(_("term number"))
    elected_on = models.DateField(
        _("election completed on"),
        null=True,
        blank=True,
        help_text=_("The day the election of the deputies was completed."),
    )
    starts_on = models.DateField(_("start of term"), help_text=_("The opening day of the first session."))
    ends_on = models.DateField(_("end of term"), null=True, blank=True)
    seat_quota = models.PositiveSmallIntegerField(
        _("seat quota"),
        help_text=_("The number of deputies fixed by the county standing committee (法定代表名额)."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["township", "-ordinal"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "ordinal"],
                name="term_ordinal_unique_in_township",
                violation_error_message=_("Term number: this township already has a term with this number."),
            ),
            models.CheckConstraint(
                condition=Q(ordinal__gte=1),
                name="term_ordinal_positive",
                violation_error_message=_("Term number: must be 1 or more."),
            ),
            models.CheckConstraint(
                condition=Q(seat_quota__gte=1),
                name="term_seat_quota_positive",
                violation_error_message=_("Seat quota: must be 1 or more."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="term_ends_after_start",
                violation_error_message=_("End of term: the date is before the start of the term."),
            ),
            models.CheckConstraint(
                condition=Q(elected_on__isnull=True) | Q(elected_on__lte=models.F("starts_on")),
                name="term_elected_before_start",
                violation_error_message=_(
                    "Election completed on: the election must be completed before the term starts."
                ),
            ),
        ]

    constraint_fields = {
        "term_ordinal_unique_in_township": "ordinal",
        "term_ordinal_positive": "ordinal",
        "term_seat_quota_positive": "seat_quota",
        "term_ends_after_start": "ends_on",
        "term_elected_before_start": "elected_on",
    }

    def __str__(self) -> str:
        # An official name, in Chinese in every interface language: 某某镇第十八届.
        return term_name(self.ordinal, self.township.name)

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class Gender(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class OccupationGroup(models.TextChoices):
    """The customary grouping of deputies in a roster (代表构成)."""

    CADRE = "cadre", _("party and government cadre")
    WORKER = "worker", _("worker")
    FARMER = "farmer", _("farmer")
    PROFESSIONAL = "professional", _("professional and technical")
    BUSINESS = "business", _("enterprise manager")
    OTHER = "other", _("other")


class DeputyStatus(models.TextChoices):
    IN_OFFICE = "in_office", _("in office")
    RESIGNED = "resigned", _("resigned")
    RECALLED = "recalled", _("recalled")
    DECEASED = "deceased", _("deceased")
    MOVED_AWAY = "moved_away", _("moved away")
    TERMINATED = "terminated", _("status terminated")


class DeputyQuerySet(models.QuerySet):
    def in_office_on(self, day: datetime.date):
        """Deputies serving on a day: of a term that covers it, took office by then and not left
        before it. A deputy who leaves on a day no longer counts on that day; one never recorded
        as leaving is out of office all the same once the term has ended (宪法 Art. 98)."""
        return self.filter(
            Q(left_on__isnull=True) | Q(left_on__gt=day),
            Q(term__ends_on__isnull=True) | Q(term__ends_on__gte=day),
            took_office_on__lte=day,
            term__starts_on__lte=day,
        )


class Deputy(EarliestDayMixin, ConstraintErrorsOnFields, models.Model):
    """代表. Status changes are kept as dated rows (DeputyStatusChange); `status` and
    `left_on` are the latest of them, kept here so the roster on a day is one query."""

    term = models.ForeignKey(Term, models.CASCADE, related_name="deputies", verbose_name=_("term"))
    name = models.CharField(pgettext_lazy("person", "name"), max_length=40)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default="汉族")
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    occupation_group = models.CharField(
        _("occupation group"), max_length=20, choices=OccupationGroup.choices, default=OccupationGroup.OTHER
    )
    occupation = models.CharField(_("occupation and post"), max_length=100, blank=True)
    constituency = models.CharField(_("constituency"), max_length=60, blank=True)
    took_office_on = models.DateField(_("took office on"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DeputyStatus.choices,
        default=DeputyStatus.IN_OFFICE,
        editable=False,
    )
    left_on = models.DateField(_("left office on"), null=True, blank=True, editable=False)

    objects = DeputyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        ordering = ["term", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("took_office_on")),
                name="deputy_leaves_after_taking_office",
                violation_error_message=_("Left office on: the date is before the deputy took office."),
            ),
        ]

    constraint_fields = {"deputy_leaves_after_taking_office": "left_on"}

    def __str__(self) -> str:
        return self.name

    def in_office_on(self, day: datetime.date) -> bool:
        """The same test as Deputy.objects.in_office_on(day), for a deputy with its term loaded."""
        return (
            self.term.covers(day)
            and self.took_office_on <= day
            and (self.left_on is None or self.left_on > day)
        )

    @property
    def term_ended(self) -> bool:
        """In office to the last day of a term that is over: the status reads "term ended", not
        "in office", though no status change was recorded."""
        return (
            self.status == DeputyStatus.IN_OFFICE
            and self.term.ends_on is not None
            and self.term.ends_on < timezone.localdate()
        )


class DeputyStatusChange(EarliestDayMixin, models.Model):
    deputy = models.ForeignKey(
        Deputy, models.CASCADE, related_name="status_changes", verbose_name=_("deputy")
    )
    status = models.CharField(_("status"), max_length=20, choices=DeputyStatus.choices)
    effective_on = models.DateField(_("effective on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deputy status change")
        verbose_name_plural = _("deputy status changes")
        ordering = ["deputy", "effective_on", "pk"]

    def __str__(self) -> str:
        return f"{self.deputy} {self.get_status_display()} {self.effective_on}"


class PresidiumRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    VICE_CHAIR = "vice_chair", _("vice-chair")
    MEMBER = "member", _("member")


class PresidiumMember(EarliestDayMixin, ConstraintErrorsOnFields, models.Model):
    """A deputy on the presidium (主席团), for the term or from one session to another."""

    term = models.ForeignKey(Term, models.CASCADE, related_name="presidium_members", verbose_name=_("term"))
    deputy = models.ForeignKey(
        Deputy, models.CASCADE, related_name="presidium_memberships", verbose_name=_("deputy")
    )
    role = models.CharField(
        _("role"), max_length=20, choices=PresidiumRole.choices, default=PresidiumRole.MEMBER
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("presidium member")
        verbose_name_plural = _("presidium members")
        ordering = ["term", "role", "since"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="presidium_member_until_after_since",
                violation_error_message=_("Until: the date is before the start of membership."),
            ),
        ]

    constraint_fields = {"presidium_member_until_after_since": "until"}

    def __str__(self) -> str:
        return f"{self.deputy} ({self.get_role_display()})"

    def clean(self):
        if self.deputy_id and self.term_id and self.deputy.term_id != self.term_id:
            raise ValidationError({"deputy": _("Deputy: not a deputy of this term.")})


class Role(models.TextChoices):
    TOWNSHIP_STAFF = "township_staff", _("township presidium staff")
    COUNTY_STAFF = "county_staff", _("county standing committee staff")
    COUNTY_ADMIN = "county_admin", _("county administrator")


class Membership(models.Model):
    """What a user is: staff of some townships, or of a county. Read through congress.access."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="membership", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    county = models.ForeignKey(County, models.CASCADE, related_name="memberships", verbose_name=_("county"))
    townships = models.ManyToManyField(
        Township,
        blank=True,
        related_name="staff",
        verbose_name=_("townships"),
        help_text=_("For township staff: the townships whose record they keep."),
    )
    # A password the county administrator set (a new account, a reset) is known to two people:
    # congress.middleware.PasswordChangeRequiredMiddleware sends its holder to change it first.
    password_change_required = models.BooleanField(_("password change required"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.county}"
