# Chinese text is written with Chinese punctuation.
# ruff: noqa: RUF001
"""The partner API's pages against the framework's floor, timed through Django's test Client.

For each size N in ``--rows`` the database holds N published publications and N referrals, and the
script fetches, through the real URLconf:

- ``GET /api/v1/guidance/``, the first page of published guidance, without a token;
- ``GET /api/v1/guidance/<slug>/``, one publication that has two versions;
- ``GET /api/v1/referrals/``, the first page of a partner's referrals, with its token: that partner
  sent N/2 of them, another partner the rest;
- ``GET /api/v1/referrals/<reference>/``, one closed referral with its timeline;
- ``GET /bench/bare/``, a view of this script's own that returns ``JsonResponse({"ok": True})``
  through the same middleware: the least any request costs.

It prints, per page, the rows the list matched, the queries, the median and p95 wall time over
``--repeat`` requests after one warm-up, the median time inside the database driver, that of the
paginator's ``COUNT(*)``, and the median as a multiple of the bare view's.

    cd /work/main && .venv/bin/python bench/api.py
    .venv/bin/python bench/api.py --rows 10000 1000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/dpa_bench_api

The sizes are loaded one after the other into the same database: the 1,000,000 run adds to the
10,000 one. On PostgreSQL rows are written with COPY and ``VACUUM ANALYZE`` runs before measuring;
elsewhere with executemany. ``--explain MS`` prints the plan (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN
QUERY PLAN on SQLite) of every statement of a measured request that took longer than MS ms.
"""

import argparse
import hashlib
import os
import random
import statistics
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import throwaway
from throwaway import StatementTimer, Writer, ms, p95

# Rows generated and written at a time: memory stays flat whatever the size.
CHUNK = 20_000
# Shares of publications with a second version, and archived (with a note saying why).
SECOND_VERSION, ARCHIVED = 0.10, 0.05
GUIDANCE_YEARS, REFERRAL_YEARS = 8, 3
ORGANISATIONS_PER_REFERRAL = 1 / 20
TOPICS = [
    ("cctv", "CCTV and surveillance", "閉路電視及監察"),
    ("direct-marketing", "Direct marketing", "直接促銷"),
    ("data-access-requests", "Data access requests", "查閱資料要求"),
    ("data-breaches", "Data breaches", "資料外洩事故"),
    ("employment", "Employment", "僱傭"),
    ("artificial-intelligence", "Artificial intelligence", "人工智能"),
    ("children", "Children", "兒童"),
    ("doxxing", "Doxxing", "起底"),
    ("cross-border-transfers", "Cross-border transfers", "跨境轉移"),
    ("health-data", "Health data", "健康資料"),
    ("online-platforms", "Online platforms", "網上平台"),
    ("security", "Data security", "資料保安"),
]
SUBJECTS = [
    ("cctv-in-the-workplace", "CCTV in the workplace", "工作間的閉路電視"),
    ("opt-out-requests", "Handling opt-out requests", "處理拒絕直接促銷的要求"),
    ("answering-access-requests", "Answering a data access request", "回應查閱資料要求"),
    ("notifying-a-breach", "Notifying a data breach", "通報資料外洩事故"),
    ("monitoring-employees", "Monitoring employees", "監察僱員"),
    ("ai-model-training", "Personal data and AI model training", "個人資料與人工智能模型訓練"),
    ("photos-of-children", "Photos of children at school", "學校活動中的兒童照片"),
    ("hkid-card-copies", "Collecting copies of HKID cards", "收集身份證副本"),
]
KIND_WEIGHTS = {"guidance_note": 50, "leaflet": 20, "how_to": 15, "media_statement": 10, "framework": 5}
ENGLISH_BODY = """Organisations that {what} handle personal data, and the Ordinance applies to all of it.

## Who this note is for

Any organisation in Hong Kong, whatever its size. Small businesses are covered as much
as large ones; the principles do not depend on the number of records held.

## What the law requires

1. Collect only the data you need, by means that are **lawful and fair**.
2. Tell people, on or before collection, what the data is for and who may receive it.
3. Keep the data accurate and no longer than the purpose needs.
4. Protect it against unauthorised or accidental access, processing or loss.

## Good practice

- Write down why each item of data is collected, and review it every year.
- Give one person the job of answering questions and complaints.
- Train staff before they handle the data, and again when the rules change.

## Where to find out more

Read the [Ordinance](https://www.elegislation.gov.hk/hk/cap486) and our other notes on the subject,
or [contact us](/en/contact/) if a question is not answered here.
"""
CHINESE_BODY = """{what}的機構都會處理個人資料，條例適用於所有這些資料。

## 本指引的對象

任何在香港的機構，不論規模大小。

## 法律的要求

1. 只收集所需的資料，並以**合法和公平**的方式收集。
2. 在收集時或之前告知當事人資料的用途及可能的承轉對象。
3. 確保資料準確，保留時間不超過達致目的所需。
4. 保障資料不受未獲准許或意外的查閱、處理或遺失所影響。

## 良好做法

- 記錄收集每項資料的原因，並每年檢討。
- 指派專人回應查詢及投訴。

## 更多資料

請參閱[條例](https://www.elegislation.gov.hk/hk/cap486)及我們就此課題發出的其他指引。
"""
WHAT = [
    ("use cameras on their premises", "在處所使用攝錄機"),
    ("send marketing messages", "發送促銷訊息"),
    ("keep customer records", "保存客戶紀錄"),
    ("employ staff", "聘用員工"),
]
REFERRAL_SUMMARIES = [
    "The organisation disclosed the complainant's account details to a third party without consent.",
    "The complainant's data access request was not answered within 40 days.",
    "Marketing calls continued after the complainant opted out in writing.",
    "Customer records of Hong Kong users were exposed in a breach at the organisation's vendor.",
]
PARTNERS = [("Office for Personal Data Protection, Macao", "MO"), ("Personal Data Protection Commission", "SG")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--rows",
        type=int,
        nargs="+",
        default=[10_000],
        metavar="N",
        help="sizes to measure, each the number of publications and of referrals (default 10,000)",
    )
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--database-url", help="a PostgreSQL database to create and drop (default: SQLite)")
    parser.add_argument(
        "--explain", type=float, metavar="MS", help="print the plan of each statement slower than MS milliseconds"
    )
    args = parser.parse_args()
    if args.repeat < 2:
        parser.error("--repeat must be at least 2")
    if any(rows < 2 or rows % 2 for rows in args.rows) or args.rows != sorted(set(args.rows)):
        parser.error("--rows takes even sizes of at least 2, in increasing order")

    # The test client's host name; and throttling is measured but must not answer 429.
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["DPA_API_PARTNER_RATE"] = os.environ["DPA_API_ANONYMOUS_RATE"] = "1000000/minute"
    with throwaway.database(args.database_url) as setup:
        from django.utils import timezone

        now = timezone.now()
        office = start_office(now)
        guidance = Guidance(office, now=now, rng=random.Random(2026))
        referrals = Referrals(office, now=now, rng=random.Random(2027))
        print(f"{setup}; {args.repeat} requests per page after one warm-up")
        for rows in args.rows:
            started = time.perf_counter()
            guidance.load_up_to(rows)
            loaded_guidance = time.perf_counter()
            referrals.load_up_to(rows)
            loaded_referrals = time.perf_counter()
            vacuum = office.writer.finish()
            vacuumed = time.perf_counter()
            print(
                f"\n{rows:,} publications ({guidance.versions:,} versions) and {rows:,} referrals, {rows // 2:,} of "
                f"them the partner's: loaded in {loaded_guidance - started:.0f} s + "
                f"{loaded_referrals - loaded_guidance:.0f} s"
                + (f", VACUUM ANALYZE {vacuumed - loaded_referrals:.0f} s" if vacuum else "")
            )
            measure(office, guidance=guidance, referrals=referrals, repeat=args.repeat, explain=args.explain)


@dataclass
class Office:
    editor: Any
    publisher: Any
    officer: Any
    topics: list
    partners: list
    token: str
    writer: Writer


def start_office(now: datetime) -> Office:
    """The people, topics and partners every size shares, made as the services make them."""
    from django.contrib.auth import get_user_model
    from oauth2_provider.models import AccessToken

    from cases import services
    from guidance.models import Topic

    User = get_user_model()
    partners = [
        services.create_partner(
            name=name, kind="authority", country=country, scopes=["referrals:read", "referrals:write"], by=None, now=now
        )[0]
        for name, country in PARTNERS
    ]
    # The measured partner's token; the other partner makes no request.
    token = f"bench-{uuid.uuid4()}"
    AccessToken.objects.create(
        token=token,
        application=partners[0].clients.get().application,
        expires=now + timedelta(days=1),
        scope="referrals:read",
    )
    return Office(
        editor=User.objects.create_user("editor", first_name="Mei Ling", last_name="Chan"),
        publisher=User.objects.create_user("publisher", first_name="Ka Ho", last_name="Wong"),
        officer=User.objects.create_user("officer", first_name="Wing Sze", last_name="Lau", is_staff=True),
        topics=[Topic.objects.create(slug=slug, name_en=en, name_zh_hant=zh) for slug, en, zh in TOPICS],
        partners=partners,
        token=token,
        writer=Writer(),
    )


class Guidance:
    """Published publications as create_publication, save_text (in both languages), submit_for_review
    and publish leave them: the editors' texts, a version whose time has come with its texts as
    published (rendered by ``rendering.as_published``), topics and the entries of its history page.
    One in ten was edited and published again; one in twenty was archived since. There is no field
    history (django-simple-history), which no page measured here reads."""

    def __init__(self, office: Office, *, now: datetime, rng: random.Random):
        from guidance import rendering
        from guidance.models import SOURCE_LANGUAGE, Language, Text

        self.office, self.now, self.rng = office, now, rng
        self.count = self.versions = 0
        self.slug = None
        # Rendering is the same work for every publication of a subject: done once per body.
        self.rendered = {}
        for variant, (english, chinese) in enumerate(WHAT):
            for language, body in ((SOURCE_LANGUAGE, ENGLISH_BODY), (Language.TRADITIONAL_CHINESE, CHINESE_BODY)):
                text = Text(
                    language=language,
                    title="-",
                    summary="-",
                    # save_text strips what the editor wrote.
                    body=body.format(what=english if language == SOURCE_LANGUAGE else chinese).strip(),
                    revision=1,
                    translated_from_revision=None if language == SOURCE_LANGUAGE else 1,
                )
                shown, _rendered = rendering.as_published(text, english_revision=1, file_url=lambda name: None)
                self.rendered[variant, language] = {
                    "body": shown.body,
                    "body_html": shown.body_html,
                    "headings": shown.headings,
                    "out_of_date": shown.out_of_date,
                }

    def load_up_to(self, count: int) -> None:
        while self.count < count:
            chunk = min(CHUNK, count - self.count)
            self._load(range(self.count, self.count + chunk))
            self.count += chunk

    def _load(self, numbers: range) -> None:
        from django.db import transaction

        from guidance.models import Event, Publication, Status, Text, Version, VersionText

        writer, rng = self.office.writer, self.rng
        editor, publisher = self.office.editor.pk, self.office.publisher.pk
        plans = [self._plan(number) for number in numbers]
        publication_ids = writer.ids(Publication, len(plans))
        version_ids = iter(writer.ids(Version, sum(len(plan["versions"]) for plan in plans)))
        for plan, publication_id in zip(plans, publication_ids, strict=True):
            plan["id"] = publication_id
            for version in plan["versions"]:
                version["id"] = next(version_ids)
            if self.slug is None and len(plan["versions"]) > 1:
                self.slug = plan["slug"]
        self.versions += sum(len(plan["versions"]) for plan in plans)
        topic_ids = [topic.pk for topic in self.office.topics]

        def publications():
            for plan in plans:
                archived = plan["archived_at"] is not None
                yield {
                    "id": plan["id"],
                    "slug": plan["slug"],
                    "kind": plan["kind"],
                    "status": Status.PUBLISHED,
                    "created_at": plan["created_at"],
                    "last_edited_by_id": editor,
                    "last_edited_at": plan["versions"][-1]["edited_at"],
                    "archived_at": plan["archived_at"],
                    "archive_note": "Replaced by the authority's newer guidance on the subject." if archived else "",
                    "archive_note_zh_hant": "已由公署就此課題發出的較新指引取代。" if archived else "",
                }

        def texts():
            for plan in plans:
                last = plan["versions"][-1]
                for language in ("en", "zh-hant"):
                    shown = self._text(plan, last, language)
                    yield {
                        "publication_id": plan["id"],
                        "language": language,
                        "title": shown["title"],
                        "summary": shown["summary"],
                        "body": shown["body"],
                        "revision": last["number"] if language == "en" else 1,
                        "translated_from_revision": None if language == "en" else last["number"],
                        "updated_at": last["edited_at"],
                    }

        def versions():
            for plan in plans:
                for version in plan["versions"]:
                    yield {
                        "id": version["id"],
                        "publication_id": plan["id"],
                        "number": version["number"],
                        "published_at": version["published_at"],
                        "change_note": version["note"][0],
                        "change_note_zh_hant": version["note"][1],
                        "published_by_id": publisher,
                        "created_at": version["published_at"],
                    }

        def version_texts():
            for plan in plans:
                for version in plan["versions"]:
                    for language in ("en", "zh-hant"):
                        yield {"version_id": version["id"], "language": language, **self._text(plan, version, language)}

        def topics():
            for plan in plans:
                for topic_id in rng.sample(topic_ids, rng.randint(1, 3)):
                    yield {"publication_id": plan["id"], "topic_id": topic_id}

        def events():
            for plan in plans:
                created = plan["created_at"]
                yield {"publication_id": plan["id"], "kind": Event.Kind.CREATED, "by_id": editor, "at": created}
                for version in plan["versions"]:
                    for language in ("en", "zh-hant"):
                        yield {
                            "publication_id": plan["id"],
                            "kind": Event.Kind.EDITED,
                            "by_id": editor,
                            "at": version["edited_at"],
                            "language": language,
                        }
                    submitted = version["published_at"] - timedelta(hours=2)
                    yield {"publication_id": plan["id"], "kind": Event.Kind.SUBMITTED, "by_id": editor, "at": submitted}
                    yield {
                        "publication_id": plan["id"],
                        "kind": Event.Kind.PUBLISHED,
                        "by_id": publisher,
                        "at": version["published_at"],
                        "version_id": version["id"],
                        "note": version["note"][0],
                    }
                if plan["archived_at"]:
                    yield {
                        "publication_id": plan["id"],
                        "kind": Event.Kind.ARCHIVED,
                        "by_id": publisher,
                        "at": plan["archived_at"],
                        "note": "Replaced by the authority's newer guidance on the subject.",
                    }

        with transaction.atomic():
            writer.write(Publication, publications())
            writer.write(Text, texts())
            writer.write(Version, versions())
            writer.write(VersionText, version_texts())
            writer.write(Publication.topics.through, topics())
            writer.write(Event, events())

    def _plan(self, number: int) -> dict:
        """When publication ``number`` was created, published, published again and archived."""
        rng, now = self.rng, self.now
        first = now - timedelta(seconds=rng.uniform(2 * 3600, GUIDANCE_YEARS * 365 * 86400))
        published = [first]
        if rng.random() < SECOND_VERSION and now - first > timedelta(days=3):
            published.append(first + (now - first - timedelta(hours=2)) * rng.uniform(0.05, 1))
        archived_at = None
        if rng.random() < ARCHIVED and now - published[-1] > timedelta(days=1):
            archived_at = published[-1] + (now - published[-1]) * rng.uniform(0.5, 0.99)
        notes = [
            ("First published.", "首次發佈。"),
            ("Updated the section on good practice.", "更新「良好做法」一節。"),
        ]
        subject = SUBJECTS[number % len(SUBJECTS)]
        return {
            "number": number + 1,
            "slug": f"{subject[0]}-{number + 1}",
            "subject": subject,
            "kind": rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0],
            "created_at": first - timedelta(days=rng.uniform(1, 30)),
            "archived_at": archived_at,
            "versions": [
                {
                    "number": position + 1,
                    "published_at": at,
                    "edited_at": at - timedelta(hours=rng.uniform(3, 72)),
                    "note": notes[min(position, 1)],
                    "variant": (number + position) % len(WHAT),
                }
                for position, at in enumerate(published)
            ],
        }

    def _text(self, plan: dict, version: dict, language: str) -> dict:
        """A version's text in ``language``: as the editors wrote it and as it was published."""
        _slug, english, chinese = plan["subject"]
        if language == "en":
            title, summary = f"{english}: note {plan['number']}", f"What organisations should know: {english.lower()}."
        else:
            title, summary = f"{chinese}（第{plan['number']}號）", f"機構須知：{chinese}。"
        return {"title": title, "summary": summary, **self.rendered[version["variant"], language]}


class Referrals:
    """Referrals as receive_referral leaves them, and as the case's officer has moved them on since:
    a case of kind incoming referral (its reference from the numbering ``open_case`` uses), the
    referral with its first answer, the timeline entries a partner reads, and organisations on file
    in Hong Kong that the referrals name. Every other referral is the measured partner's."""

    def __init__(self, office: Office, *, now: datetime, rng: random.Random):
        self.office, self.now, self.rng = office, now, rng
        self.count = 0
        self.numbers = {}
        self.organisations = []
        self.reference = None

    def load_up_to(self, count: int) -> None:
        from cases.models import CaseKind, ReferenceSequence

        self._organisations_for(count)
        while self.count < count:
            chunk = min(CHUNK, count - self.count)
            self._load(range(self.count, self.count + chunk))
            self.count += chunk
        for year, last_number in self.numbers.items():
            ReferenceSequence.objects.update_or_create(
                kind=CaseKind.INCOMING_REFERRAL, year=year, defaults={"last_number": last_number}
            )

    def _organisations_for(self, count: int) -> None:
        from cases.models import Organisation, Sector

        wanted = max(1, int(count * ORGANISATIONS_PER_REFERRAL)) - len(self.organisations)
        if wanted <= 0:
            return
        sectors = list(Sector.objects.values_list("pk", flat=True))
        first = len(self.organisations)
        ids = self.office.writer.ids(Organisation, wanted)
        names = [f"Harbour Trading {first + offset + 1} Limited" for offset in range(wanted)]
        self.office.writer.write(
            Organisation,
            (
                {
                    "id": pk,
                    "name": name,
                    "sector_id": sectors[pk % len(sectors)],
                    "jurisdiction": "HK",
                    "contact_email": f"dpo{pk}@organisation.example",
                    "created_at": self.now - timedelta(days=4 * 365),
                }
                for pk, name in zip(ids, names, strict=True)
            ),
        )
        self.organisations += zip(ids, names, strict=True)

    def _load(self, numbers: range) -> None:
        from django.db import transaction
        from django.utils import timezone

        from cases import timeline_messages
        from cases.models import TRANSITIONS, Case, CaseEvent, CaseKind, CaseStatus, Channel, Outcome, Referral

        writer, rng, now = self.office.writer, self.rng, self.now
        officer = self.office.officer.pk
        # A case not pursued is left there: moving it on needs the notice letter, which is not loaded.
        paths = status_paths(
            TRANSITIONS[CaseKind.INCOMING_REFERRAL], start=CaseStatus.INTAKE, ends=CaseStatus.NOT_PURSUED
        )
        open_statuses = [status for status in paths if status != CaseStatus.CLOSED]
        case_ids = writer.ids(Case, len(numbers))
        referral_ids = writer.ids(Referral, len(numbers))
        plans = []
        for number, case_id, referral_id in zip(numbers, case_ids, referral_ids, strict=True):
            partner = self.office.partners[number % 2]
            received_at = now - timedelta(seconds=rng.uniform(3600, REFERRAL_YEARS * 365 * 86400))
            received_on = timezone.localdate(received_at) - timedelta(days=rng.randint(0, 10))
            year = received_on.year
            self.numbers[year] = self.numbers.get(year, 0) + 1
            # Older referrals are more likely to be closed; the open ones sit anywhere in the workflow.
            closed = rng.random() < min(0.9, (now - received_at).days / 400)
            path = paths[CaseStatus.CLOSED if closed else rng.choice(open_statuses)]
            times = sorted(received_at + (now - received_at) * rng.random() for _ in path[1:])
            organisation_id, organisation_name = rng.choice(self.organisations)
            plans.append(
                {
                    "case_id": case_id,
                    "referral_id": referral_id,
                    "partner": partner,
                    "partner_reference": f"{partner.country}-{year}-{number // 2 + 1:07d}",
                    "reference": f"REF-{year}-{self.numbers[year]:05d}",
                    "number": self.numbers[year],
                    "year": year,
                    "received_at": received_at,
                    "received_on": received_on,
                    "status": path[-1],
                    "moves": list(zip(path, path[1:], times, strict=False)),
                    "closed_at": times[-1] if closed else None,
                    "outcome": rng.choice(Outcome.values) if closed else "",
                    "organisation_id": organisation_id,
                    "organisation_name": organisation_name,
                    "summary": rng.choice(REFERRAL_SUMMARIES),
                }
            )
            if self.reference is None and closed and partner == self.office.partners[0]:
                self.reference = plans[-1]["reference"]

        def cases():
            for plan in plans:
                yield {
                    "id": plan["case_id"],
                    "reference": plan["reference"],
                    "kind": CaseKind.INCOMING_REFERRAL,
                    "year": plan["year"],
                    "number": plan["number"],
                    "status": plan["status"],
                    "title": plan["summary"],
                    "description": plan["summary"],
                    "channel": Channel.PARTNER,
                    "received_on": plan["received_on"],
                    "organisation_id": plan["organisation_id"],
                    "assigned_officer_id": officer if plan["moves"] else None,
                    "outcome": plan["outcome"],
                    "closing_reason": "Enquiries completed." if plan["closed_at"] else "",
                    "closed_at": plan["closed_at"],
                    "created_at": plan["received_at"],
                    "updated_at": plan["moves"][-1][2] if plan["moves"] else plan["received_at"],
                }

        def referrals():
            for plan in plans:
                yield {
                    "id": plan["referral_id"],
                    "partner_id": plan["partner"].pk,
                    "case_id": plan["case_id"],
                    "partner_reference": plan["partner_reference"],
                    "organisation_name": plan["organisation_name"],
                    "organisation_country": "HK",
                    "idempotency_key": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "request_hash": hashlib.sha256(plan["partner_reference"].encode()).hexdigest(),
                    "first_answer": first_answer(plan),
                    "received_at": plan["received_at"],
                }

        def events():
            for plan in plans:
                referred_by = (plan["partner"].name, plan["partner_reference"])
                yield {
                    "case_id": plan["case_id"],
                    "kind": CaseEvent.Kind.RECEIVED,
                    "at": plan["received_at"],
                    "message": timeline_messages.received(plan["received_on"], referred_by=referred_by),
                }
                for before, after, at in plan["moves"]:
                    yield {
                        "case_id": plan["case_id"],
                        "kind": CaseEvent.Kind.CLOSED if after == CaseStatus.CLOSED else CaseEvent.Kind.STATUS_CHANGED,
                        "at": at,
                        "actor_id": officer,
                        "from_status": before,
                        "to_status": after,
                        "text": "Enquiries completed." if after == CaseStatus.CLOSED else "",
                    }

        with transaction.atomic():
            writer.write(Case, cases())
            writer.write(Referral, referrals())
            writer.write(CaseEvent, events())


def status_paths(transitions: dict, *, start: str, ends: str) -> dict[str, list[str]]:
    """The shortest way through the workflow from ``start`` to each status it reaches, none of them
    going on from ``ends``."""
    paths, frontier = {start: [start]}, [start]
    while frontier:
        status = frontier.pop(0)
        for following in sorted(transitions.get(status, ()) if status != ends else ()):
            if following not in paths:
                paths[following] = [*paths[status], following]
                frontier.append(following)
    return paths


def first_answer(plan: dict) -> dict:
    """What ReferralDetailSerializer answered when the referral came in: the case at intake."""
    from django.utils import timezone

    received_at = timezone.localtime(plan["received_at"]).isoformat()
    return {
        "reference": plan["reference"],
        "partner_reference": plan["partner_reference"],
        "status": "intake",
        "outcome": None,
        "organisation_name": plan["organisation_name"],
        "organisation_country": "HK",
        "received_on": plan["received_on"].isoformat(),
        "received_at": received_at,
        "url": f"http://testserver/api/v1/referrals/{plan['reference']}/",
        "timeline": [{"at": received_at, "event": "received", "from_status": None, "to_status": None}],
    }


def bench_urls():
    """The project's URLconf plus the bare view, as a module for ROOT_URLCONF."""
    import types

    from django.http import JsonResponse
    from django.urls import path

    from dpa.urls import urlpatterns

    def bare(request):
        return JsonResponse({"ok": True})

    urls = types.ModuleType("bench_urls")
    # Spread rather than included: the project's patterns have i18n_patterns, which include() refuses.
    urls.urlpatterns = [path("bench/bare/", bare), *urlpatterns]
    return urls


def measure(office: Office, *, guidance: Guidance, referrals: Referrals, repeat: int, explain: float | None) -> None:
    from django.db import connection
    from django.test import Client, override_settings

    token = {"HTTP_AUTHORIZATION": f"Bearer {office.token}"}
    pages = [
        ("bare view", "/bench/bare/", {}),
        ("guidance list", "/api/v1/guidance/", {}),
        ("guidance item", f"/api/v1/guidance/{guidance.slug}/", {}),
        ("referral list", "/api/v1/referrals/", token),
        ("referral item", f"/api/v1/referrals/{referrals.reference}/", token),
    ]
    client = Client()
    print(
        f"{'page':<14} {'url':<42} {'rows':>9} {'queries':>7} {'median ms':>9} {'p95 ms':>7} {'SQL ms':>7} "
        f"{'COUNT ms':>8} {'x bare':>6}"
    )
    bare = None
    slow = []
    with override_settings(ROOT_URLCONF=bench_urls()):
        for name, url, headers in pages:
            # The first request fills per-process caches (URL resolvers, serializers' fields).
            client.get(url, **headers)
            walls, sql, counts, paginated = [], [], set(), []
            for _ in range(repeat):
                timer = StatementTimer()
                with connection.execute_wrapper(timer):
                    started = time.perf_counter()
                    response = client.get(url, **headers)
                    walls.append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}: {response.content[:500]!r}")
                counts.add(timer.count)
                sql.append(timer.seconds)
                paginated.append(timer.count_seconds)
            median = statistics.median(walls)
            bare = bare or median
            body = response.json()
            rows = f"{body['count']:,}" if "count" in body else "-"
            query_counts = "-".join(str(count) for count in sorted({min(counts), max(counts)}))
            count_ms = ms(statistics.median(paginated)) if "count" in body else "-"
            print(
                f"{name:<14} {url:<42} {rows:>9} {query_counts:>7} {ms(median):>9} {ms(p95(walls)):>7} "
                f"{ms(statistics.median(sql)):>7} {count_ms:>8} {median / bare:>6.1f}"
            )
            if explain is not None:
                # Only reads: EXPLAIN ANALYZE runs the statement.
                slow += [(name, statement, params) for statement, params, _seconds in timer.slower_than(explain)]
    for name, statement, params in slow:
        print(f"\n{name}: {statement}\n{params}")
        print(throwaway.plan(statement, params))


if __name__ == "__main__":
    main()
