"""Finding cases by a word: in their reference or summary, in the names of the organisation they
are about, or in their complainant's identity for those allowed to search it.

A word can be asked two ways, with the same answer, and PostgreSQL answers each well in a
different case, so it is asked the way that suits it:

- a word many cases hold ("harbour", a common surname): the list walks the cases newest first and
  keeps those that hold it, each table's matches looked up in a set built once from its trigram
  index; fifty matches come quickly;
- a word few cases hold (a reference, a rare name): each table's matches come from its trigram
  index, and only they are read and sorted. Walking the list for them would read every case.

Which case a word is in, the planner's estimate says (``dpa.counting.planned_rows``).
"""

from django.db.models import Q, QuerySet
from django.utils.text import smart_split, unescape_string_literal

from cases.models import Case, Complainant, Organisation
from dpa.counting import planned_rows

# A word is "held by many" when a page of fifty of its cases is found within this many of the
# newest: at least one case in 500 holds it.
WALKED_FOR_A_PAGE = 500


def search_words(search_term: str) -> list[str]:
    """The words of a search as the admin reads them: split on spaces, a quoted phrase kept whole."""
    words = []
    for word in smart_split(search_term):
        if word.startswith(('"', "'")) and word[0] == word[-1]:
            word = unescape_string_literal(word)
        words.append(word)
    return words


def found_by(word: str, *, identity: bool) -> tuple[Q, int | None]:
    """The cases the word finds, in the form that suits how many there are, and how many the
    planner expects (None but on PostgreSQL)."""
    cases_holding, organisations, complainants = _matches(word, identity=identity)
    selective = Q(pk__in=_union([cases_holding, *_cases_of(organisations, complainants)]))
    expected, everything = planned_rows(Case.objects.filter(selective)), planned_rows(Case.objects.all())
    if expected is not None and expected * WALKED_FOR_A_PAGE < everything:
        return selective, expected
    walked = Q(pk__in=cases_holding) | Q(organisation__in=organisations)
    if complainants is not None:
        walked |= Q(complainant__in=complainants)
    return walked, expected


def _matches(word: str, *, identity: bool) -> tuple[QuerySet, QuerySet, QuerySet | None]:
    """What each table finds on its own columns, each of which has a trigram index on PostgreSQL."""
    cases = Case.objects.filter(Q(reference__icontains=word) | Q(title__icontains=word)).values("pk")
    organisations = Organisation.objects.filter(
        Q(name__icontains=word) | Q(name_zh__icontains=word) | Q(aliases__icontains=word)
    ).values("pk")
    complainants = None
    if identity:
        complainants = Complainant.objects.filter(
            Q(name__icontains=word) | Q(name_zh__icontains=word) | Q(email__icontains=word)
        ).values("pk")
    return cases, organisations, complainants


def _cases_of(organisations: QuerySet, complainants: QuerySet | None) -> list[QuerySet]:
    found = [Case.objects.filter(organisation__in=organisations).values("pk")]
    if complainants is not None:
        found.append(Case.objects.filter(complainant__in=complainants).values("pk"))
    return found


def _union(queries: list[QuerySet]) -> QuerySet:
    first, *others = [query.order_by() for query in queries]
    return first.union(*others)
