"""`manage.py bench_oversight --townships 29600 --years 1 [--runs 5]`: how fast the rule engine is.

Builds a throwaway database (a temporary SQLite file, or a `bench_oversight_<pid>` PostgreSQL
database next to the configured one — the user's data is never touched) holding real township
names and codes from congress.divisions, with a plausible record per township-year: two sessions
with reports and resolutions (now and then an election), inter-session activities, suggestions
and presidium meetings, with a few deliberate gaps so that the rules have something to find. It
then prints, each as the median of the runs:

- load: oversight.selectors.load_facts() for every township and year;
- evaluate: the rules over those facts;
- dashboard: rendering the county dashboard for one county of about 30 townships × 6 years
  (GET oversight:dashboard as that county's standing committee staff);
- floor: one bare aggregate SQL query over the same rows (per township, every table the
  engine reads): what the database alone costs;
- the ratio of load + evaluate to the floor, taken round by round (the floor, load and evaluate
  are measured in turn in each round, so that a busy spell of a shared machine weighs on all
  three alike).
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import random
import statistics
import tempfile
import time
import warnings
import zoneinfo
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from congress import divisions
from congress.models import County, Deputy, Membership, Role, RuleProfile, Term, Township
from oversight.selectors import evaluate_all, gc_paused, load_facts
from sessions import models as s

PROFILE_BY_PROVINCE = {
    "11": RuleProfile.BEIJING,
    "33": RuleProfile.ZHEJIANG,
    "41": RuleProfile.HENAN,
    "50": RuleProfile.CHONGQING,
    "37": RuleProfile.SHANDONG,
}
# Terms as most townships have them: elected in the 2016 and 2021 rounds.
TERMS = (
    (17, datetime.date(2016, 11, 20), datetime.date(2016, 12, 28)),
    (18, datetime.date(2021, 11, 20), datetime.date(2021, 12, 28)),
)
DASHBOARD_TOWNSHIPS = 30
DASHBOARD_YEARS = 6
BATCH = 2000


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def median_time(runs: int, work) -> float:
    return statistics.median(timed(work) for _ in range(runs))


class Command(BaseCommand):
    help = "Benchmark the rule engine on a throwaway national dataset (never the user's data)."

    def add_arguments(self, parser):
        parser.add_argument("--townships", type=int, default=29600)
        parser.add_argument("--years", type=int, default=1, help="How many closed years, ending last year.")
        parser.add_argument("--runs", type=int, default=7)
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args, townships: int, years: int, runs: int, seed: int, **options):
        if townships < 1 or years < 1 or runs < 1:
            raise CommandError("--townships, --years and --runs must be 1 or more.")
        self.rng = random.Random(seed)
        self.tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        today = timezone.localdate()
        self.years = list(range(today.year - years, today.year))
        self.as_of = today
        creation = connection.creation
        old_name = connection.settings_dict["NAME"]
        temp_dir = None
        if connection.vendor == "sqlite":
            temp_dir = tempfile.mkdtemp(prefix="bench_oversight_")
            test_name = str(Path(temp_dir) / "bench.sqlite3")
        else:
            test_name = f"bench_oversight_{os.getpid()}"
        connection.settings_dict.setdefault("TEST", {})["NAME"] = test_name
        self.stdout.write(f"Creating the throwaway database {test_name} …")
        creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            start = time.perf_counter()
            # Without DEBUG: the connection keeps no log of the queries.
            self.enterContext = override_settings(DEBUG=False)
            self.enterContext.enable()
            counts = self.build(townships)
            self.stdout.write(
                f"Built in {time.perf_counter() - start:.1f} s: "
                + ", ".join(f"{n:,} {name}" for name, n in counts.items())
            )
            self.measure(runs)
        finally:
            self.enterContext.disable()
            creation.destroy_test_db(old_name, verbosity=0)
            if temp_dir:
                for path in Path(temp_dir).glob("*"):
                    path.unlink()
                os.rmdir(temp_dir)

    # -----------------------------------------------------------------------------------------
    # The dataset

    def build(self, count: int) -> Counter:
        chosen = self.chosen_units(count)
        township_rows, term_of, deputy_of, county_count = self.build_townships(chosen)
        # The dashboard shows the current year and the five before it (its default), with a
        # record for each closed one.
        self.dashboard_years = list(range(self.as_of.year - DASHBOARD_YEARS + 1, self.as_of.year + 1))
        record = [(t, y) for t in township_rows for y in self.years]
        record += [
            (t, y)
            for t in township_rows
            if t.code[:6] == self.dashboard_county
            for y in self.dashboard_years[:-1]
            if y not in self.years
        ]
        return self.build_record(record, term_of, deputy_of, county_count)

    def chosen_units(self, count: int) -> list:
        """`count` real township-level units, in code order: every congress unit of the
        dashboard's county (the one whose number of congress units is closest to 30), the others
        spread over the whole country (then units without a congress, if need be)."""
        units = list(divisions.townships())
        congress = [u for u in units if divisions.classify(u.name) in divisions.CONGRESS_KINDS]
        others = [u for u in units if divisions.classify(u.name) not in divisions.CONGRESS_KINDS]
        per_county = Counter(u.county_code for u in congress)
        self.dashboard_county = min(per_county, key=lambda c: (abs(per_county[c] - DASHBOARD_TOWNSHIPS), c))
        own = [u for u in congress if u.county_code == self.dashboard_county][:count]
        rest = [u for u in congress if u.county_code != self.dashboard_county]
        wanted = count - len(own)
        if wanted <= len(rest):
            step = len(rest) / wanted if wanted else 1
            chosen = own + [rest[int(i * step)] for i in range(wanted)]
        else:
            chosen = own + rest + others[: wanted - len(rest)]
        chosen.sort(key=lambda u: u.code)
        return chosen

    def build_townships(self, chosen: list) -> tuple[list[Township], dict, dict, int]:
        """The units' counties and townships, each with its two terms and a deputy of the
        current one: (townships, term id by (township id, number), deputy id by term id, how
        many counties)."""
        per_county = Counter(u.county_code for u in chosen)
        area_rows = {row["code"]: row for row in divisions._rows("areas.csv.gz")}
        provinces = {row["code"]: row["name"] for row in divisions._rows("provinces.csv.gz")}
        counties = County.objects.bulk_create(
            [
                County(
                    code=code,
                    name=area_rows.get(code, {}).get("name", code),
                    province_name=provinces.get(code[:2], ""),
                    rule_profile=PROFILE_BY_PROVINCE.get(code[:2], RuleProfile.NATIONAL),
                )
                for code in sorted(per_county)
            ],
            batch_size=BATCH,
        )
        county_ids = {c.code: c.pk for c in counties}
        township_rows = Township.objects.bulk_create(
            [
                Township(
                    county_id=county_ids[u.county_code],
                    code=u.code,
                    name=u.name,
                    kind=divisions.classify(u.name),
                )
                for u in chosen
            ],
            batch_size=BATCH,
        )
        terms = Term.objects.bulk_create(
            [
                Term(township_id=t.pk, ordinal=o, elected_on=e, starts_on=st, seat_quota=45)
                for t in township_rows
                for o, e, st in TERMS
            ],
            batch_size=BATCH,
        )
        term_of = {(t.township_id, t.ordinal): t.pk for t in terms}
        deputies = Deputy.objects.bulk_create(
            [
                Deputy(term_id=term_of[(t.pk, 18)], name="王建国", gender="male", took_office_on=TERMS[1][2])
                for t in township_rows
            ],
            batch_size=BATCH,
        )
        return township_rows, term_of, {d.term_id: d.pk for d in deputies}, len(counties)

    def build_record(self, record, term_of, deputy_of, county_count) -> Counter:
        """A plausible record of each (township, year), drawn from the seeded random numbers in
        a fixed order (the same dataset for the same seed)."""
        sessions, session_meta = [], []
        activities, meetings, suggestions = [], [], []
        for township, year in record:
            ordinal = 18 if year >= 2022 else 17
            for i, session in enumerate(self.year_sessions(township, year, term_of[(township.pk, ordinal)])):
                sessions.append(session)
                session_meta.append((year, i))
            activities += self.year_activities(township, year)
            meetings += self.year_presidium_meetings(township, year)
            suggestions += self.year_suggestions(township, year, deputy_of[term_of[(township.pk, 18)]])
        sessions = s.Session.objects.bulk_create(sessions, batch_size=BATCH)
        reports, resolutions, elections = [], [], []
        for session, (_year, i) in zip(sessions, session_meta, strict=True):
            reports += self.session_reports(session, first=i == 0)
            resolutions += self.session_resolutions(session, first=i == 0)
            if self.rng.random() < 0.1:
                elections.append(
                    s.Election(
                        session_id=session.pk,
                        office=s.ElectionOffice.DEPUTY_HEAD,
                        kind=s.ElectionKind.COMPETITIVE,
                        seats=1,
                        ballots_cast=session.present,
                    )
                )
        s.Report.objects.bulk_create(reports, batch_size=BATCH)
        s.Resolution.objects.bulk_create(resolutions, batch_size=BATCH)
        elections = s.Election.objects.bulk_create(elections, batch_size=BATCH)
        candidates = [
            s.Candidate(election_id=e.pk, name=name, votes=votes, elected=elected)
            for e in elections
            for name, votes, elected in (("李明", 30, True), ("赵强", 8, False))
        ]
        s.Candidate.objects.bulk_create(candidates, batch_size=BATCH)
        s.DeputyActivity.objects.bulk_create(activities, batch_size=BATCH)
        s.PresidiumMeeting.objects.bulk_create(meetings, batch_size=BATCH)
        s.Suggestion.objects.bulk_create(suggestions, batch_size=BATCH)
        self.settle()
        return Counter(
            {
                "counties": county_count,
                "townships": Township.objects.count(),
                "sessions": len(sessions),
                "reports": len(reports),
                "resolutions": len(resolutions),
                "elections": len(elections),
                "activities": len(activities),
                "presidium meetings": len(meetings),
                "suggestions": len(suggestions),
            }
        )

    def year_sessions(self, township: Township, year: int, term_id: int) -> list[s.Session]:
        """The year's regular sessions: two (one now and then), now and then short, inquorate or
        not announced."""
        rng = self.rng
        number = 2 * ((year - 2022) % 5 if year >= 2022 else (year - 2017) % 5) + 1
        held_twice = rng.random() > 0.04
        sessions = []
        for i, (month, day) in enumerate(((3, 5), (8, 20))[: 2 if held_twice else 1]):
            opens = datetime.datetime(year, month, day + rng.randrange(0, 5), 8, 30, tzinfo=self.tz)
            short = rng.random() < 0.03
            present = 40 if rng.random() > 0.02 else 28
            announced = rng.random() > 0.03
            sessions.append(
                s.Session(
                    township_id=township.pk,
                    term_id=term_id,
                    ordinal=number + i,
                    kind=s.SessionKind.REGULAR,
                    status=s.SessionStatus.HELD,
                    announced_on=(opens - datetime.timedelta(days=10)).date() if announced else None,
                    opens_at=opens,
                    closes_at=opens + datetime.timedelta(hours=4 if short else 8, minutes=30),
                    deputies_in_office=45,
                    present=present,
                    excused=3,
                )
            )
        return sessions

    def year_activities(self, township: Township, year: int) -> list[s.DeputyActivity]:
        """An inspection, a research visit and a training (which does not count)."""
        return [
            s.DeputyActivity(
                township_id=township.pk,
                held_on=datetime.date(year, 4 + 3 * k, 10 + self.rng.randrange(0, 10)),
                kind=kind,
                topic="视察农村人居环境整治",
            )
            for k, kind in enumerate(
                (s.ActivityKind.INSPECTION, s.ActivityKind.RESEARCH, s.ActivityKind.TRAINING)
            )
        ]

    def year_presidium_meetings(self, township: Township, year: int) -> list[s.PresidiumMeeting]:
        """One a quarter, now and then one missed."""
        return [
            s.PresidiumMeeting(
                township_id=township.pk,
                held_on=datetime.date(year, month, 5 + self.rng.randrange(0, 20)),
                topics="研究会议筹备事项",
            )
            for month in (1, 4, 7, 10)
            if not self.rng.random() < 0.05
        ]

    def year_suggestions(self, township: Township, year: int, deputy_id: int) -> list[s.Suggestion]:
        """Three suggestions, each due three months after it is assigned; now and then replied late."""
        suggestions = []
        for k in range(3):
            assigned = datetime.date(year, 3, 20) + datetime.timedelta(days=30 * k)
            due = assigned.replace(month=assigned.month + 3)
            late = self.rng.random() < 0.05
            replied = due + datetime.timedelta(
                days=self.rng.randrange(1, 30) if late else -self.rng.randrange(0, 60)
            )
            suggestions.append(
                s.Suggestion(
                    township_id=township.pk,
                    submitted_on=datetime.date(year, 3, 6),
                    lead_deputy_id=deputy_id,
                    title="关于修缮村道的建议",
                    handling_unit="镇农业农村办",
                    assigned_on=assigned,
                    due_on=due,
                    replied_on=max(replied, assigned),
                    outcome=s.SuggestionOutcome.SOLVED,
                )
            )
        return suggestions

    def session_reports(self, session: s.Session, *, first: bool) -> list[s.Report]:
        """The first session of the year hears the government and presidium work reports and
        approves the budget (now and then missing) and final accounts; the second hears a
        specific issue and the budget's execution."""
        if first:
            kinds = [
                s.ReportKind.GOVERNMENT_WORK,
                s.ReportKind.BUDGET,
                s.ReportKind.FINAL_ACCOUNTS,
                s.ReportKind.PRESIDIUM_WORK,
            ]
            if self.rng.random() < 0.03:
                kinds.remove(s.ReportKind.BUDGET)
        else:
            kinds = [s.ReportKind.SPECIFIC_ISSUE, s.ReportKind.BUDGET_EXECUTION]
        return [
            s.Report(
                session_id=session.pk, kind=kind, title=str(kind.label), outcome=s.ReportOutcome.APPROVED
            )
            for kind in kinds
        ]

    def session_resolutions(self, session: s.Session, *, first: bool) -> list[s.Resolution]:
        """Two resolutions at the first session, one at the second; now and then one adopted
        short of a majority of all deputies."""
        resolutions = []
        for k in range(2 if first else 1):
            votes = 38 if self.rng.random() > 0.01 else 22
            resolutions.append(
                s.Resolution(
                    session_id=session.pk,
                    title="关于政府工作报告的决议" if k == 0 else "关于财政预算的决议",
                    present_at_vote=session.present,
                    votes_for=min(votes, session.present),
                )
            )
        return resolutions

    def settle(self) -> None:
        """Measure a settled database: statistics gathered and, on PostgreSQL, the freshly written
        rows vacuumed and written out now, not by the autovacuum daemon and the checkpointer
        halfway through the measures (CHECKPOINT needs a superuser or pg_checkpoint: skipped
        without)."""
        with connection.cursor() as cursor:
            if connection.vendor != "postgresql":
                cursor.execute("ANALYZE")
                return
            cursor.execute("VACUUM ANALYZE")
            with contextlib.suppress(DatabaseError):
                cursor.execute("CHECKPOINT")

    # -----------------------------------------------------------------------------------------
    # The measures

    def measure(self, runs: int):
        townships = Township.objects.all()
        main = list(self.years)
        facts = []
        floor_sql, floor_params = self.floor_query()

        def load():
            with gc_paused():
                facts[:] = load_facts(townships=townships, years=main, as_of=self.as_of)

        def evaluate():
            with gc_paused():
                return evaluate_all(facts, years=main, as_of=self.as_of)

        def floor():
            with connection.cursor() as cursor:
                cursor.execute(floor_sql, floor_params)
                cursor.fetchall()

        # One warm-up round, then the three measured in turn, round after round: a shared
        # machine's slow spells then fall on all three alike, and the ratio is taken per round.
        load(), floor()
        cells = evaluate()
        rounds = [(timed(floor), timed(load), timed(evaluate)) for _ in range(runs)]
        floor_time, load_time, evaluate_time = (
            statistics.median(times) for times in zip(*rounds, strict=True)
        )
        ratio = statistics.median((loading + evaluating) / bare for bare, loading, evaluating in rounds)
        dashboard_time, dashboard_cells = self.dashboard_time(runs)

        statuses = Counter(c.status for c in cells)
        self.stdout.write(
            f"{len(facts):,} townships × {len(main)} year(s) ({', '.join(map(str, main))}) on "
            f"{connection.vendor}, as of {self.as_of}, median of {runs} runs: "
            + ", ".join(f"{n:,} {status}" for status, n in statuses.most_common())
        )
        rows = [
            ("load facts", load_time),
            ("evaluate rules", evaluate_time),
            (
                "load + evaluate",
                statistics.median(loading + evaluating for _b, loading, evaluating in rounds),
            ),
            (f"dashboard ({dashboard_cells} cells)", dashboard_time),
            ("floor: one aggregate SQL query", floor_time),
        ]
        for label, seconds in rows:
            self.stdout.write(f"  {label:<34} {seconds * 1000:10.1f} ms")
        self.stdout.write(f"  {'ratio (load + evaluate) / floor':<34} {ratio:10.2f} ×")

    def dashboard_time(self, runs: int) -> tuple[float, int]:
        for name in ("axes", "congress.auth", "django.request"):
            logging.getLogger(name).setLevel(logging.WARNING)
        # The dashboard's own user: the county standing committee's staff of that county.
        county = County.objects.get(code=self.dashboard_county)
        user = get_user_model().objects.create_user("bench", "bench@example.org", "bench-pass-word")
        Membership.objects.create(user=user, role=Role.COUNTY_STAFF, county=county)
        client = Client()
        client.force_login(user)
        url = reverse("oversight:dashboard")
        params = {"county": county.code, "years": ",".join(str(y) for y in self.dashboard_years)}
        warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            response = client.get(url, params)
            if response.status_code != 200:
                raise CommandError(f"The dashboard answered {response.status_code}.")
            seconds = median_time(runs, lambda: client.get(url, params))
        return seconds, county.townships.count() * len(self.dashboard_years)

    def floor_query(self) -> tuple[str, list]:
        """Per township, a count over every row of every table the engine reads for the years —
        the townships, their terms, the sessions with their reports, resolutions, elections and
        candidates, the activities, presidium meetings, suggestions and their earlier rounds (raw
        SQL is allowed here: it is the benchmark's yardstick, not the application)."""
        first, last = self.years[0], self.years[-1]
        since = datetime.datetime(first - 1, 1, 1, tzinfo=self.tz)
        until = datetime.datetime(last + 1, 1, 1, tzinfo=self.tz)
        year_start, year_end = datetime.date(first, 1, 1), datetime.date(last, 12, 31)
        ops = connection.ops
        since_v, until_v = ops.adapt_datetimefield_value(since), ops.adapt_datetimefield_value(until)
        start_v, end_v = ops.adapt_datefield_value(year_start), ops.adapt_datefield_value(year_end)
        session = s.Session._meta.db_table
        parts, params = [], []

        def child(model, fk="session_id"):
            table = model._meta.db_table
            parts.append(
                f"SELECT x.township_id AS t FROM {table} c JOIN {session} x ON c.{fk} = x.id "
                "WHERE x.opens_at >= %s AND x.opens_at < %s"
            )
            params.extend([since_v, until_v])

        parts.append(f"SELECT township_id AS t FROM {session} WHERE opens_at >= %s AND opens_at < %s")
        params.extend([since_v, until_v])
        child(s.Report)
        child(s.Resolution)
        child(s.Election)
        for model in (s.PresidiumMeeting, s.DeputyActivity):
            parts.append(
                f"SELECT township_id AS t FROM {model._meta.db_table} WHERE held_on >= %s AND held_on <= %s"
            )
            params.extend([start_v, end_v])
        parts.append(
            f"SELECT township_id AS t FROM {s.Suggestion._meta.db_table} WHERE due_on >= %s AND due_on <= %s"
        )
        params.extend([start_v, end_v])
        parts.append(f"SELECT township_id AS t FROM {Term._meta.db_table}")
        parts.append(f"SELECT id AS t FROM {Township._meta.db_table}")
        # Candidates, through their elections to the sessions.
        parts.append(
            f"SELECT x.township_id AS t FROM {s.Candidate._meta.db_table} c "
            f"JOIN {s.Election._meta.db_table} e ON c.election_id = e.id "
            f"JOIN {session} x ON e.session_id = x.id WHERE x.opens_at >= %s AND x.opens_at < %s"
        )
        params.extend([since_v, until_v])
        # Earlier rounds of handling, through their suggestions.
        parts.append(
            f"SELECT g.township_id AS t FROM {s.SuggestionRound._meta.db_table} r "
            f"JOIN {s.Suggestion._meta.db_table} g ON r.suggestion_id = g.id "
            "WHERE r.due_on >= %s AND r.due_on <= %s"
        )
        params.extend([start_v, end_v])
        sql = f"SELECT t, COUNT(*) FROM ({' UNION ALL '.join(parts)}) AS rows GROUP BY t"
        return sql, params
