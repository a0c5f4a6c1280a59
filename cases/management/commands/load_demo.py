"""``manage.py load_demo``: the story DESIGN.md tells, plus a year of ordinary casework around it.

Every change goes through ``cases.services``, so each case carries the timeline a real one would.
Running it again creates nothing: organisations, teams and users are found by name, cases by
organisation and summary. Demo logins are created only when DEBUG is on.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cases import services
from cases.demo.correspondence import (
    ACKNOWLEDGED,
    ENQUIRIES,
    REMINDER_HISTORY_DAYS,
    PlannedEnquiry,
)
from cases.demo.other_cases import CLOSING_REASONS, MOVE_REASONS, plan_other_cases
from cases.demo.story import (
    ASSIGNER,
    COMPLIANCE_CHECK,
    DEMO_PASSWORD,
    LINK_REASON,
    NOTICE,
    NOTICE_NAME,
    OFFICE_OPENS,
    ORGANISATIONS,
    PLATFORM_COMPLAINTS,
    TEAM_BY_KIND,
    TEAMS,
    USERS,
    PlannedCase,
)
from cases.models import (
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    Complainant,
    Confidentiality,
    DataProtectionPrinciple,
    Document,
    Enquiry,
    IssueCategory,
    Letter,
    LetterKind,
    Organisation,
    Reminder,
    Sector,
    Team,
)


def _office_time(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, OFFICE_OPENS))


def load_users() -> dict:
    """The demo logins, one per role. Users that already exist are left as they are."""
    User = get_user_model()
    users = {}
    for username, first_name, last_name, role in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=first_name,
                last_name=last_name,
                email=f"{first_name}.{last_name}@dpa.example".lower(),
                is_staff=True,
            )
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
            user.groups.add(Group.objects.get(name=role))
        users[username] = user
    return users


def load_teams(users: dict) -> dict[str, Team]:
    teams = {}
    for name, name_zh, usernames in TEAMS:
        teams[name], _ = Team.objects.get_or_create(
            name=name, defaults={"name_zh": name_zh, "lead": users.get(ASSIGNER)}
        )
        teams[name].members.add(*(users[username] for username in usernames if username in users))
    return teams


def load_organisations() -> dict[str, Organisation]:
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    organisations = {}
    for name, name_zh, aliases, sector, jurisdiction, email, address in ORGANISATIONS:
        organisations[name], _ = Organisation.objects.get_or_create(
            name=name,
            jurisdiction=jurisdiction,
            defaults={
                "name_zh": name_zh,
                "aliases": aliases,
                "sector": sectors[sector],
                "contact_email": email,
                "address": address,
            },
        )
    return organisations


def load_case(plan: PlannedCase, *, organisations: dict, teams: dict, users: dict, now: datetime) -> Case:
    """Open the planned case and take it along its path through the services, unless it exists already."""
    organisation = organisations.get(plan.organisation)
    existing = Case.objects.filter(organisation=organisation, title=plan.title).first()
    if existing is not None:
        return existing
    complainant = None
    if plan.complainant is not None:
        name, name_zh, email = plan.complainant
        complainant = Complainant(name=name, name_zh=name_zh, email=email)
        complainant.full_clean()
        complainant.save()
    received_on = timezone.localdate(now) - timedelta(days=plan.days_ago)
    received_at = min(now, _office_time(received_on))
    breach_times = {}
    if plan.kind == CaseKind.BREACH_NOTIFICATION:
        # Some organisations notify within 72 hours of becoming aware, some do not.
        hours_late = 20 + plan.days_ago % 90
        breach_times = {"breach_aware_at": received_at - timedelta(hours=hours_late), "breach_notified_at": received_at}
    case = services.open_case(
        **breach_times,
        kind=plan.kind,
        title=plan.title,
        description=plan.description,
        received_on=received_on,
        channel=plan.channel,
        language=plan.language,
        organisation=organisation,
        complainant=complainant,
        consent_to_disclose_identity=plan.consent,
        principles=DataProtectionPrinciple.objects.filter(number__in=plan.principles),
        issue_categories=IssueCategory.objects.filter(code__in=plan.issue_categories),
        team=teams[TEAM_BY_KIND[plan.kind]],
        confidentiality=Confidentiality.RESTRICTED if plan.restricted else Confidentiality.NORMAL,
        by=None,
        now=received_at,
    )
    officer = users.get(plan.officer)
    if officer is not None and ASSIGNER in users:
        case = services.assign_case(
            case, officer=officer, by=users[ASSIGNER], now=min(now, received_at + timedelta(hours=2))
        )
    for step, status in enumerate(plan.path, start=1):
        at = min(now, received_at + timedelta(days=step * plan.pace))
        if status == CaseStatus.CLOSED:
            reason = CLOSING_REASONS[plan.outcome]
            case = services.close_case(case, outcome=plan.outcome, reason=reason, by=officer, now=at)
        else:
            reason = plan.decision if status == CaseStatus.NOT_PURSUED else MOVE_REASONS[status]
            case = services.move_case(case, to=status, reason=reason, by=officer, now=at)
            if status == CaseStatus.NOT_PURSUED:
                send_notice(case, reasons=plan.decision, by=officer, now=at)
    for step, text in enumerate(plan.notes, start=len(plan.path) + 1):
        services.add_note(case, text=text, by=officer, now=min(now, received_at + timedelta(days=step * plan.pace)))
    return case


def send_notice(case: Case, *, reasons: str, by, now: datetime) -> None:
    """The s.39(3) notice goes with the decision, signed by the officer (a decision taken late is a
    late notice); with no officer or no e-mail address it went by post, and its deadline is met."""
    if by is not None and case.complainant and case.complainant.email:
        services.send_letter(case, kind=LetterKind.NOT_PURSUED, reasons=reasons, by=by, now=now)
    else:
        services.meet_clocks_met_by(case, LetterKind.NOT_PURSUED, by=by, now=now)


def finish_story(cases: dict[str, Case], *, now: datetime) -> None:
    """Link the platform's complaints to the compliance check and put the platform's notice on file."""
    check = cases[COMPLIANCE_CHECK.title]
    # Whoever holds the check links it and files the notice; with no officer yet, the system links.
    officer = check.assigned_officer
    for plan in PLATFORM_COMPLAINTS:
        complaint = cases[plan.title]
        if check.related_cases.filter(pk=complaint.pk).exists():
            continue
        linked_at = _office_time(max(check.received_on, complaint.received_on) + timedelta(days=1))
        services.link_cases(check, complaint, reason=LINK_REASON, by=officer, now=min(now, linked_at))
    # A document needs someone who uploaded it.
    if officer is not None and not check.documents.filter(original_name=NOTICE_NAME).exists():
        services.add_document(
            check,
            uploaded=SimpleUploadedFile(NOTICE_NAME, NOTICE.encode(), content_type="text/plain"),
            description="Linkwave's notice to members about the privacy policy change",
            by=officer,
            now=min(now, _office_time(check.received_on + timedelta(days=1))),
        )


def load_correspondence(cases: dict[str, Case], *, users: dict, now: datetime) -> None:
    """Acknowledge the platform's complaints, send the enquiries, and let the reminders of the last
    weeks go out as the sweep would have sent them."""
    if not users:
        return  # a letter is signed by someone
    for title in ACKNOWLEDGED:
        case = cases[title]
        # A letter is signed by the officer the case is assigned to.
        if case.assigned_officer and case.complainant and case.complainant.email and not case.letters.exists():
            sent_at = min(now, _office_time(case.received_on + timedelta(days=1)))
            services.send_letter(case, kind=LetterKind.ACKNOWLEDGEMENT, by=case.assigned_officer, now=sent_at)
    for plan in ENQUIRIES:
        about = _covered(plan, cases, sent_at=now - timedelta(days=plan.sent_days_ago))
        if about:
            _load_enquiry(plan, about, by=users[plan.by] if plan.by else about[0].assigned_officer, now=now)
    _replay_reminders(now=now)


def _covered(plan: PlannedEnquiry, cases: dict[str, Case], *, sent_at: datetime) -> list[Case]:
    """The cases a planned enquiry covers: those it names, or the organisation's first open case
    with an officer received before it was sent."""
    if plan.cases:
        return [cases[title] for title in plan.cases]
    about = [
        case
        for case in cases.values()
        if case.organisation
        and case.organisation.name == plan.organisation
        and not case.is_closed
        and case.assigned_officer
        and _office_time(case.received_on) < sent_at
    ]
    return about[:1]


def _load_enquiry(plan: PlannedEnquiry, about: list[Case], *, by, now: datetime) -> Enquiry:
    existing = Enquiry.objects.filter(organisation=about[0].organisation, subject=plan.subject).first()
    if existing is not None:
        return existing
    sent_at = now - timedelta(days=plan.sent_days_ago)
    enquiry = services.draft_enquiry(
        organisation=about[0].organisation,
        cases=about,
        subject=plan.subject,
        questions=plan.questions,
        language=plan.language,
        by=by,
        now=sent_at - timedelta(hours=2),
    )
    services.send_enquiry(enquiry, by=by, now=sent_at)
    if plan.extension is not None:
        days_after, days, reason = plan.extension
        until = timezone.localdate(enquiry.reply_clock.due_at) + timedelta(days=days)
        services.grant_extension(enquiry, until=until, reason=reason, by=by, now=sent_at + timedelta(days=days_after))
    if plan.reply is not None:
        days_after, summary = plan.reply
        replied_at = sent_at + timedelta(days=days_after)
        services.record_reply(
            enquiry, replied_on=timezone.localdate(replied_at), summary=summary, by=by, now=replied_at
        )
    return enquiry


def _replay_reminders(*, now: datetime) -> None:
    """The sweep at the start of each office day of the last weeks, each reminder delivered then."""
    today = timezone.localdate(now)
    for days_ago in range(REMINDER_HISTORY_DAYS, -1, -1):
        moment = min(now, _office_time(today - timedelta(days=days_ago)))
        report = services.sweep_reminders(now=moment)
        for queued in report.queued:
            services.deliver_reminder(queued.pk, now=moment)


COUNTED = (get_user_model(), Team, Organisation, Complainant, Case, CaseEvent, Document, Enquiry, Letter, Reminder)


class Command(BaseCommand):
    help = "Load the demo story: a platform's seven complaints and compliance check, and a year of other cases."

    def handle(self, *args, **options):
        now = timezone.now()
        before = {model: model.objects.count() for model in COUNTED}
        # Deadlines are counted on the real calendar, so the holidays come first.
        services.sync_holidays(years=range(now.year - 2, now.year + 2), now=now)
        with transaction.atomic():
            users = load_users() if settings.DEBUG else {}
            teams = load_teams(users)
            organisations = load_organisations()
            plans = [*PLATFORM_COMPLAINTS, COMPLIANCE_CHECK, *plan_other_cases(timezone.localdate(now))]
            cases = {
                plan.title: load_case(plan, organisations=organisations, teams=teams, users=users, now=now)
                # Oldest first, so reference numbers follow the order cases came in.
                for plan in sorted(plans, key=lambda plan: (-plan.days_ago, plan.title))
            }
            finish_story(cases, now=now)
            load_correspondence(cases, users=users, now=now)
        created = {model: model.objects.count() - before[model] for model in COUNTED}
        if not settings.DEBUG:
            self.stdout.write(
                self.style.WARNING(
                    "DEBUG is off: demo logins were skipped, so the demo cases have no assigned officer. "
                    "Run with DJANGO_DEBUG=1 to get the logins."
                )
            )
        if any(created.values()):
            summary = ", ".join(
                f"{count} {model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}"
                for model, count in created.items()
                if count
            )
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {summary}."))
        else:
            self.stdout.write("Demo data already loaded: nothing to add.")
