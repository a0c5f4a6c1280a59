"""The public guidance site: home, index, publication pages, their versions, the feed, files, and
the staff's preview of unpublished texts.

Published pages ask the time once, answer conditional requests from one cheap query before
building anything, and may be kept by caches for a few minutes.
"""

from collections.abc import Callable
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language, get_language_from_request, get_language_info, gettext, override
from django.views.decorators.http import condition, require_safe

from guidance import public, rendering
from guidance.feeds import LatestPublications
from guidance.models import SOURCE_LANGUAGE, Attachment, Kind, Publication, VersionText
from guidance.preview import LIFETIME, Expired, current_text, previewed
from guidance.templatetags.guidance_pages import html_lang

PUBLIC_MAX_AGE = 5 * 60

Freshness = Callable[..., tuple[datetime | None, str]]


def public_page(freshness: Freshness):
    """A published page: the time asked once and passed to the view as ``now``; 304 when the
    visitor's copy is current by ``freshness`` (last modified, tag); kept by caches a while."""

    def decorator(view):
        @wraps(view)
        @require_safe
        def page(request: HttpRequest, **kwargs) -> HttpResponse:
            now = timezone.now()
            last_modified, tag = freshness(request, now=now, **kwargs)
            # The page's language and address (with its query) make copies of one content differ.
            etag = public.tag(tag, get_language(), request.get_full_path())
            conditional = condition(
                etag_func=lambda request, **kwargs: etag, last_modified_func=lambda request, **kwargs: last_modified
            )
            response = conditional(view)(request, now=now, **kwargs)
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
            return response

        return page

    return decorator


def _site_freshness(request: HttpRequest, *, now: datetime) -> tuple[datetime | None, str]:
    return public.latest_change(now)


def _publication_freshness(request: HttpRequest, *, now: datetime, slug: str) -> tuple[datetime, str]:
    state = public.page_state(slug, now)
    if state is None:
        raise Http404
    return state.last_modified, state.etag


def _languages(request: HttpRequest, *, written=None) -> dict:
    """This page in each language, for the switch, and as alternates where it is written in that language."""
    pages = []
    for code, _ in settings.LANGUAGES:
        url = translate_url(request.get_full_path(), code)
        pages.append(
            {
                "code": html_lang(code),
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "written": written is None or code in written,
                "current": code == get_language(),
            }
        )
    return {"languages": pages}


def _in_language(language: str, name: str, **kwargs) -> str:
    with override(language):
        return reverse(name, kwargs=kwargs)


def _other_language(language: str) -> str:
    return next(code for code, _ in settings.LANGUAGES if code != language)


@public_page(_site_freshness)
def home(request: HttpRequest, *, now: datetime) -> HttpResponse:
    language = get_language()
    latest = [public.listing(item, language=language) for item in public.latest(now, count=public.LATEST_ON_HOME)]
    other_index = _in_language(_other_language(language), "guidance:index")
    context = {"latest": latest, "other_index": other_index, "other_language": html_lang(_other_language(language))}
    return render(request, "guidance/home.html", {**context, **_languages(request)})


@public_page(_site_freshness)
def index(request: HttpRequest, *, now: datetime) -> HttpResponse:
    language = get_language()
    topics, years = public.index_choices(now)
    form = public.IndexFilters(request.GET, topics=topics, years=years)
    filters = form.values()
    page = Paginator(public.index(filters, now, language=language), public.RESULTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "choices": [form["topic"], form["kind"], form["year"]],
        "page": page,
        "results": [public.listing(item, language=language) for item in page],
        "active": _active_filters(request, form, filters),
        "left_out": [{"label": form.fields[name].label, "value": request.GET.get(name, "")} for name in form.errors],
        "pages": _page_links(request, page),
    }
    return render(request, "guidance/index.html", {**context, **_languages(request)})


def _without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in (*names, "page"):
        query.pop(name, None)
    return f"?{query.urlencode()}" if query else "?"


def _active_filters(request: HttpRequest, form: public.IndexFilters, filters: dict) -> list[dict]:
    """Each filter in force, said in words, with the address of the index without it."""
    described = {
        "q": lambda value: gettext("Search: “%(query)s”") % {"query": value},
        "topic": lambda value: gettext("Topic: %(topic)s") % {"topic": form.topics[value].name},
        "kind": lambda value: gettext("Kind: %(kind)s") % {"kind": Kind(value).label},
        "year": lambda value: gettext("First published in %(year)d") % {"year": value},
        "archived": lambda value: gettext("Including archived publications"),
    }
    return [
        {"label": describe(filters[name]), "remove": _without(request, name)}
        for name, describe in described.items()
        if name in filters
    ]


def _page_links(request: HttpRequest, page) -> dict:
    """The addresses of the pages of results around this one, with the filters kept."""
    query = _without(request)
    separator = "" if query == "?" else "&"

    def address(number: int) -> str:
        return f"{query}{separator}page={number}"

    links = [
        {"ellipsis": True}
        if number == page.paginator.ELLIPSIS
        else {"number": number, "url": address(number), "current": number == page.number}
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    return {
        "links": links,
        "previous": address(page.previous_page_number()) if page.has_previous() else None,
        "next": address(page.next_page_number()) if page.has_next() else None,
    }


def _reading(publication: Publication, text: VersionText | None, *, language: str) -> dict:
    """What a publication's page shows of ``text``: contents, steps, and whether it is another language's."""
    if text is None:
        return {"publication": publication, "text": None}
    context = {
        "publication": publication,
        "text": text,
        "text_lang": html_lang(text.language) if text.language != language else "",
        "contents": public.contents(text),
        "english_url": _in_language(SOURCE_LANGUAGE, "guidance:detail", slug=publication.slug),
    }
    if publication.kind == Kind.HOW_TO:
        context["introduction"], context["steps"] = rendering.as_steps(text.body_html)
    return context


@public_page(_publication_freshness)
def detail(request: HttpRequest, *, now: datetime, slug: str) -> HttpResponse:
    publication = public.publication_page(slug, now)
    if publication is None:
        raise Http404
    language = get_language()
    entry = public.listing(publication, language=language)
    successor = publication.superseded_by
    context = {
        **_reading(publication, entry.text, language=language),
        "entry": entry,
        "documents": [file for file in entry.version.attachments.all() if file.kind == Attachment.Kind.DOCUMENT],
        "related": [public.listing(other, language=language) for other in publication.related.all()],
        "successor": public.listing(successor, language=language) if successor and successor.live_versions else None,
    }
    written = {text.language for text in entry.version.texts.all()}
    return render(request, "guidance/detail.html", {**context, **_languages(request, written=written)})


@public_page(_publication_freshness)
def versions(request: HttpRequest, *, now: datetime, slug: str) -> HttpResponse:
    publication = public.versions_page(slug, now)
    if publication is None:
        raise Http404
    language = get_language()
    context = {
        "entry": public.listing(publication, language=language),
        "entries": public.version_entries(publication, language=language),
    }
    return render(request, "guidance/versions.html", {**context, **_languages(request)})


@public_page(_site_freshness)
def feed(request: HttpRequest, *, now: datetime) -> HttpResponse:
    response = LatestPublications(now=now)(request)
    # The feed dates itself by its newest entry, which misses an entry leaving it when archived;
    # the site's latest change, which the decorator sends instead, does not.
    response.headers.pop("Last-Modified", None)
    return response


@require_safe
def preview(request: HttpRequest, token: str) -> HttpResponse:
    """The editors' current texts, for whoever holds a link the admin made; never cached or indexed."""
    try:
        publication = previewed(token)
    except Expired:
        context = {"lifetime_days": LIFETIME.days, **_languages(request)}
        response = render(request, "guidance/preview_expired.html", context, status=410)
    else:
        if publication is None:
            raise Http404
        response = render(request, "guidance/preview.html", {**_preview_context(publication), **_languages(request)})
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _preview_context(publication: Publication) -> dict:
    now = timezone.now()
    language = get_language()
    text, problems = current_text(publication, language=language)
    return {
        **_reading(publication, text, language=language),
        "problems": problems,
        "live_version": publication.live_version(now),
        "coming": publication.versions.filter(published_at__gt=now).order_by("-number").first(),
        "documents": [file for file in publication.attachments.all() if file.kind == Attachment.Kind.DOCUMENT],
    }


@require_safe
def download_file(request: HttpRequest, slug: str, name: str) -> FileResponse:
    """A file of a publication's live version, to anyone; any of its files to staff who may see
    publications, so a preview shows its pictures. 404 for everything else."""
    now = timezone.now()
    attachment = Attachment.objects.select_related("publication").filter(publication__slug=slug, name=name).first()
    if attachment is None:
        raise Http404
    version = attachment.publication.live_version(now)
    is_public = version is not None and version.attachments.filter(pk=attachment.pk).exists()
    if not is_public and not request.user.has_perm("guidance.view_publication"):
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=attachment.kind == Attachment.Kind.DOCUMENT,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if is_public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


def to_visitors_language(request: HttpRequest) -> HttpResponse:
    """The site's address sends each visitor to the home page in their language."""
    with override(get_language_from_request(request)):
        response = redirect("guidance:home")
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    previews = []
    for code, _ in settings.LANGUAGES:
        with override(code):
            previews.append(f"Disallow: {reverse('guidance:index')}preview/")
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /staff/",
        *previews,
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
