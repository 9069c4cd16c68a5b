"""Writes to the roster: terms, deputies, their status, the presidium.

Every function is keyword-only, runs in one transaction, validates with
`congress.services_common.validate` (so the admin, imports and the browser get the same refusals)
and leaves an audit entry: the history record (django-simple-history) names the required
`acting_user` (docs/contributing.md, "Services"). Impossible input is
refused with a ValidationError whose message names the field, e.g. "Effective on: …".

The number of deputies in office on a day is never stored: it is derived from each deputy's
took-office day and the latest of their dated status changes (Deputy.objects.in_office_on).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congress import divisions
from congress.history import audited
from congress.models import (
    County,
    Deputy,
    DeputyStatus,
    DeputyStatusChange,
    OccupationGroup,
    PresidiumMember,
    PresidiumRole,
    Term,
    Township,
)
from congress.services_common import validate

ONE_DAY = datetime.timedelta(days=1)
# 组织法 Art. 18: one chair and up to two vice-chairs at a time.
PRESIDIUM_ROLE_LIMITS = {PresidiumRole.CHAIR: 1, PresidiumRole.VICE_CHAIR: 2}


def _day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def _max_concurrent(intervals: Iterable[tuple[datetime.date, datetime.date | None]], start, end) -> int:
    """The most intervals (inclusive ends, None = open) covering one day within [start, end]."""
    intervals = list(intervals)
    end = end or datetime.date.max
    days = {start} | {since for since, _until in intervals if start <= since <= end}
    return max(
        (
            sum(1 for since, until in intervals if since <= day and (until is None or day <= until))
            for day in days
        ),
        default=0,
    )


def _deputy_spans(
    term: Term, *, exclude: Deputy | None = None
) -> list[tuple[datetime.date, datetime.date | None]]:
    """Each deputy's days in office as inclusive intervals (a deputy who leaves on D is out on D)."""
    deputies = term.deputies.all()
    if exclude is not None and exclude.pk:
        deputies = deputies.exclude(pk=exclude.pk)
    return [
        (took, left - ONE_DAY if left else None)
        for took, left in deputies.values_list("took_office_on", "left_on")
        if left is None or left > took
    ]


def _in_office_count(intervals, day: datetime.date) -> int:
    return sum(1 for since, until in intervals if since <= day and (until is None or day <= until))


def first_free_day(
    term: Term, start: datetime.date, *, exclude: Deputy | None = None
) -> datetime.date | None:
    """The first day from `start` on which one more deputy can take office and stay to the end of
    the term within its seat quota: `start` itself, or the day after a deputy leaves; None when no
    seat frees up within the term (a deputy must be recorded as leaving first)."""
    spans = _deputy_spans(term, exclude=exclude)
    frees = {until + ONE_DAY for _since, until in spans if until is not None and until >= start}
    for day in sorted({start} | frees):
        if term.ends_on is not None and day > term.ends_on:
            break
        if _max_concurrent(spans, day, None) < term.seat_quota:
            return day
    return None


# Terms ------------------------------------------------------------------------------------


def _term_fit(term: Term) -> list[Term]:
    """Refuse a term whose dates overlap another term of the township, closing an open
    neighbour first: a term lasts until the first session of the next (组织法 Art. 9; 代表法
    Art. 38), so an earlier term with no end ends the day before this one starts, and this
    one, if given no end, ends the day before a later one starts. Returns the terms closed."""
    others = list(Term.objects.filter(township=term.township).exclude(pk=term.pk).order_by("starts_on"))
    closed = []
    earlier = [t for t in others if t.starts_on < term.starts_on]
    later = [t for t in others if t.starts_on > term.starts_on]
    if earlier and earlier[-1].ends_on is None:
        earlier[-1].ends_on = term.starts_on - ONE_DAY
        closed.append(earlier[-1])
    if later and term.ends_on is None:
        term.ends_on = later[0].starts_on - ONE_DAY
    _term_overlap_check(term, others)
    return closed


def _term_overlap_check(term: Term, others: list[Term]) -> None:
    """Refuse a term starting on another's day, overlapping it, or numbered out of date order."""
    for other in others:
        if other.ordinal == term.ordinal:
            continue  # the unique constraint says it, on the term number
        if other.starts_on == term.starts_on:
            raise ValidationError(
                {"starts_on": _("Start of term: term %(term)s starts on the same day.") % {"term": other}}
            )
        other_end = other.ends_on or datetime.date.max
        term_end = term.ends_on or datetime.date.max
        if other.starts_on <= term_end and term.starts_on <= other_end:
            raise ValidationError(
                {"starts_on": _("Start of term: the dates overlap those of term %(term)s.") % {"term": other}}
            )
        if (other.ordinal < term.ordinal) != (other.starts_on < term.starts_on):
            raise ValidationError(
                {
                    "ordinal": _("Term number: term %(term)s is numbered out of the order of the dates.")
                    % {"term": other}
                }
            )


def _term_check_roster(term: Term) -> None:
    """A term's dates and quota must still hold its deputies."""
    if not term.pk:
        return
    first = term.deputies.order_by("took_office_on").values_list("took_office_on", flat=True).first()
    if first is not None and first < term.starts_on:
        raise ValidationError(
            {
                "starts_on": _("Start of term: a deputy took office on %(date)s, before this date.")
                % {"date": _day(first)}
            }
        )
    if term.ends_on is not None:
        last = term.deputies.order_by("-took_office_on").values_list("took_office_on", flat=True).first()
        if last is not None and last > term.ends_on:
            raise ValidationError(
                {
                    "ends_on": _("End of term: a deputy took office on %(date)s, after this date.")
                    % {"date": _day(last)}
                }
            )
    most = _max_concurrent(_deputy_spans(term), term.starts_on, term.ends_on)
    if term.seat_quota is not None and most > term.seat_quota:
        raise ValidationError(
            {
                "seat_quota": _("Seat quota: %(count)s deputies were in office at the same time.")
                % {"count": most}
            }
        )


def _term_save(term: Term, acting_user) -> Term:
    validate(term)
    closed = _term_fit(term)
    _term_check_roster(term)
    validate(term)
    for other in closed:
        _term_check_roster(other)
        audited(other, acting_user).save(update_fields=["ends_on"])
    audited(term, acting_user).save()
    return term


@transaction.atomic
def term_create(
    *,
    township: Township,
    ordinal: int,
    starts_on: datetime.date,
    seat_quota: int,
    elected_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    acting_user,
) -> Term:
    """A new term (届) of a township. An earlier term left open ends the day before."""
    term = Term(
        township=township,
        ordinal=ordinal,
        elected_on=elected_on,
        starts_on=starts_on,
        ends_on=ends_on,
        seat_quota=seat_quota,
    )
    return _term_save(term, acting_user)


@transaction.atomic
def term_update(
    *,
    term: Term,
    ordinal: int,
    starts_on: datetime.date,
    seat_quota: int,
    elected_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    acting_user,
) -> Term:
    term.ordinal = ordinal
    term.elected_on = elected_on
    term.starts_on = starts_on
    term.ends_on = ends_on
    term.seat_quota = seat_quota
    return _term_save(term, acting_user)


# Deputies ---------------------------------------------------------------------------------


def _deputy_check(deputy: Deputy) -> None:
    term = deputy.term
    took = deputy.took_office_on
    if took < term.starts_on:
        raise ValidationError(
            {
                "took_office_on": _("Took office on: the date is before the start of the term (%(date)s).")
                % {"date": _day(term.starts_on)}
            }
        )
    if term.ends_on is not None and took > term.ends_on:
        raise ValidationError(
            {
                "took_office_on": _("Took office on: the date is after the end of the term (%(date)s).")
                % {"date": _day(term.ends_on)}
            }
        )
    if deputy.pk:
        first_change = (
            deputy.status_changes.order_by("effective_on").values_list("effective_on", flat=True).first()
        )
        if first_change is not None and took > first_change:
            raise ValidationError(
                {
                    "took_office_on": _(
                        "Took office on: the date is after the deputy's status change of %(date)s."
                    )
                    % {"date": _day(first_change)}
                }
            )
    # The seat quota (法定名额) bounds the deputies in office on every day.
    until = deputy.left_on - ONE_DAY if deputy.left_on else None
    others = _deputy_spans(term, exclude=deputy)
    if _max_concurrent(others, took, until) + 1 > term.seat_quota:
        raise ValidationError({"took_office_on": _seats_full_message(term, others, deputy, took, until)})


def _seats_full_message(term: Term, others, deputy: Deputy, took: datetime.date, until) -> str:
    """Why the deputy cannot take office on `took`, and what to change: the first day the seats are
    all filled, and the first day a seat is free (or, if none, to record a deputy leaving first)."""
    last = until or datetime.date.max
    full_on = min(
        day
        for day in {took} | {since for since, _until in others if took <= since <= last}
        if _in_office_count(others, day) >= term.seat_quota
    )
    figures = {
        "date": _day(full_on),
        "count": _in_office_count(others, full_on),
        "quota": term.seat_quota,
    }
    free = first_free_day(term, took, exclude=deputy)
    if free is not None:
        return _(
            "Took office on: on %(date)s the term already has %(count)s deputies in office, its full "
            "seat quota of %(quota)s. Choose %(free)s or a later day (a seat is free from then), or "
            "first record a deputy leaving office."
        ) % {**figures, "free": _day(free)}
    return (
        _(
            "Took office on: on %(date)s the term already has %(count)s deputies in office, its full "
            "seat quota of %(quota)s, and no seat frees up later. First record a deputy leaving office "
            "(resignation, recall…), then choose a day from then on."
        )
        % figures
    )


def _deputy_save(deputy: Deputy, acting_user) -> Deputy:
    # The roster checks come before the constraints: they name the field the user typed (took office on).
    validate(deputy, validate_constraints=False)
    _deputy_check(deputy)
    deputy.validate_constraints()
    audited(deputy, acting_user).save()
    return deputy


@transaction.atomic
def deputy_create(
    *,
    term: Term,
    name: str,
    gender: str,
    took_office_on: datetime.date,
    ethnicity: str = "汉族",
    birth_year: int | None = None,
    occupation_group: str = OccupationGroup.OTHER,
    occupation: str = "",
    constituency: str = "",
    acting_user,
) -> Deputy:
    """A deputy of a term, in office from `took_office_on`."""
    deputy = Deputy(
        term=term,
        name=name,
        gender=gender,
        ethnicity=ethnicity,
        birth_year=birth_year,
        occupation_group=occupation_group,
        occupation=occupation,
        constituency=constituency,
        took_office_on=took_office_on,
    )
    return _deputy_save(deputy, acting_user)


@transaction.atomic
def deputy_update(
    *,
    deputy: Deputy,
    name: str,
    gender: str,
    took_office_on: datetime.date,
    ethnicity: str = "汉族",
    birth_year: int | None = None,
    occupation_group: str = OccupationGroup.OTHER,
    occupation: str = "",
    constituency: str = "",
    acting_user,
) -> Deputy:
    """Correct a deputy's particulars. The status changes only through deputy_status_change."""
    deputy.name = name
    deputy.gender = gender
    deputy.ethnicity = ethnicity
    deputy.birth_year = birth_year
    deputy.occupation_group = occupation_group
    deputy.occupation = occupation
    deputy.constituency = constituency
    deputy.took_office_on = took_office_on
    return _deputy_save(deputy, acting_user)


@transaction.atomic
def deputy_status_change(
    *,
    deputy: Deputy,
    status: str,
    effective_on: datetime.date,
    note: str = "",
    acting_user,
) -> DeputyStatusChange:
    """Record that a deputy resigned, was recalled, died, moved away… on a day, keeping the
    past: every change stays as a dated row, and the deputy's status and left-office day are
    the latest of them (in office again: no left-office day). A deputy who leaves on D is no
    longer counted on D (代表法 Art. 49 [2025: Art. 62–63])."""
    # One change at a time per deputy: lock the row, then read its current status.
    Deputy.objects.select_for_update().filter(pk=deputy.pk).first()
    deputy.refresh_from_db(fields=["status", "left_on", "took_office_on"])
    latest = deputy.status_changes.order_by("-effective_on", "-pk").first()
    errors = {}
    if status == deputy.status:
        errors["status"] = _("Status: the deputy's status is already “%(status)s”.") % {
            "status": deputy.get_status_display()
        }
    if effective_on < deputy.took_office_on:
        errors["effective_on"] = _("Effective on: the date is before the deputy took office (%(date)s).") % {
            "date": _day(deputy.took_office_on)
        }
    elif latest is not None and effective_on < latest.effective_on:
        errors["effective_on"] = _(
            "Effective on: the date is before the last recorded change (%(date)s)."
        ) % {"date": _day(latest.effective_on)}
    elif deputy.term.ends_on is not None and effective_on > deputy.term.ends_on:
        errors["effective_on"] = _("Effective on: the date is after the end of the term (%(date)s).") % {
            "date": _day(deputy.term.ends_on)
        }
    if errors:
        raise ValidationError(errors)

    change = DeputyStatusChange(deputy=deputy, status=status, effective_on=effective_on, note=note)
    validate(change)
    audited(change, acting_user).save()

    deputy.status = status
    deputy.left_on = None if status == DeputyStatus.IN_OFFICE else effective_on
    if deputy.left_on is None:
        # Back in office: the seat must be free again.
        _deputy_check(deputy)
    validate(deputy)
    audited(deputy, acting_user).save(update_fields=["status", "left_on"])
    return change


# The presidium ----------------------------------------------------------------------------


def _presidium_since_check(member: PresidiumMember) -> None:
    """A member joins within the term, on a day they are a deputy in office."""
    term, deputy = member.term, member.deputy
    if member.since < term.starts_on or (term.ends_on is not None and member.since > term.ends_on):
        raise ValidationError({"since": _("Since: the date is outside the term's dates.")})
    if member.since < deputy.took_office_on or (
        deputy.left_on is not None and member.since >= deputy.left_on
    ):
        raise ValidationError(
            {"since": _("Since: %(name)s is not a deputy in office on that day.") % {"name": deputy.name}}
        )


def _presidium_check(member: PresidiumMember) -> None:
    _presidium_since_check(member)
    term = member.term
    others = PresidiumMember.objects.filter(term=term).exclude(pk=member.pk)
    end = member.until or datetime.date.max
    overlapping = [m for m in others if m.since <= end and member.since <= (m.until or datetime.date.max)]
    if any(m.deputy_id == member.deputy_id for m in overlapping):
        raise ValidationError({"deputy": _("Deputy: already on the presidium for some of these dates.")})
    limit = PRESIDIUM_ROLE_LIMITS.get(member.role)
    if limit is not None:
        same_role = [(m.since, m.until) for m in overlapping if m.role == member.role]
        if _max_concurrent(same_role, member.since, member.until) + 1 > limit:
            message = (
                _("Role: the presidium already has a chair for some of these dates.")
                if member.role == PresidiumRole.CHAIR
                else _("Role: the presidium already has two vice-chairs for some of these dates.")
            )
            raise ValidationError({"role": message})


@transaction.atomic
def presidium_member_create(
    *,
    term: Term,
    deputy: Deputy,
    role: str,
    since: datetime.date,
    until: datetime.date | None = None,
    acting_user,
) -> PresidiumMember:
    """A deputy of the term joins the presidium (组织法 Art. 18–19): one chair and up to two
    vice-chairs at a time, the rest members."""
    member = PresidiumMember(term=term, deputy=deputy, role=role, since=since, until=until)
    validate(member)
    _presidium_check(member)
    audited(member, acting_user).save()
    return member


@transaction.atomic
def presidium_member_update(
    *,
    member: PresidiumMember,
    role: str,
    since: datetime.date,
    until: datetime.date | None = None,
    acting_user,
) -> PresidiumMember:
    """Change a membership's role or dates; ending it is setting `until`."""
    member.role = role
    member.since = since
    member.until = until
    validate(member)
    _presidium_check(member)
    audited(member, acting_user).save()
    return member


@transaction.atomic
def county_load(*, code: str, acting_user) -> tuple[County, Counter[str]]:
    """Create or update the county with `code` and its township-level units, as the national
    statistics list them; the kind of each unit follows from its name (Township.save).

    Idempotent: a second run changes nothing. The county's rule profile and a unit's manual
    kind override or dates, which the statistics do not hold, are left as they are.
    Returns the county and the number of its units per kind. Raises LookupError for an
    unknown code. `acting_user` is None when a command or the demo generator loads it.
    """
    division = divisions.county(code)
    if division is None:
        raise LookupError(code)
    names = {"name": division.name, "city_name": division.city_name, "province_name": division.province_name}
    county = County.objects.filter(code=code).first() or County(code=code)
    if county.pk is None or any(getattr(county, key) != value for key, value in names.items()):
        # Saved only when something changed: every save writes a history entry.
        for key, value in names.items():
            setattr(county, key, value)
        validate(county)
        audited(county, acting_user).save()
    units = list(divisions.townships(code))
    existing = {t.code: t for t in Township.objects.filter(code__in=[unit.code for unit in units])}
    kinds: Counter[str] = Counter()
    for unit in units:
        township = existing.get(unit.code)
        if township is None:
            township = Township(code=unit.code)
        elif township.county_id == county.pk and township.name == unit.name:
            kinds[township.kind] += 1
            continue
        township.county = county
        township.name = unit.name
        validate(township)
        audited(township, acting_user).save()
        kinds[township.kind] += 1
    return county, kinds
