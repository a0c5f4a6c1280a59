"""Letters written out from their templates: in the letter's language, dates in words, questions
numbered, the s.39(4) text in a notice not to pursue, and HTML that carries nothing typed as markup."""

# Chinese letters are written with Chinese punctuation.
# ruff: noqa: RUF001

from datetime import date

import pytest
from django.utils import translation

from cases import letters
from cases.letters import SECTION_39_4, date_in_words, numbered_questions, render_case_letter, render_enquiry
from cases.models import CaseStatus, Language, LetterKind, LetterTemplate
from tests.helpers.factories import CaseFactory, ComplainantFactory, EnquiryFactory, OrganisationFactory, make_user
from tests.helpers.moments import NOW

pytestmark = pytest.mark.django_db

REPLY_BY = date(2026, 3, 16)
HOSTILE = '<script>alert("x")</script> & <b onmouseover="steal()">bold</b>'


@pytest.mark.parametrize(
    ("day", "language", "words"),
    [
        (date(2026, 12, 2), Language.ENGLISH, "2 December 2026"),
        (date(2026, 12, 2), Language.CHINESE, "2026年12月2日"),
        (date(2027, 1, 31), Language.ENGLISH, "31 January 2027"),
        (date(2027, 1, 31), Language.CHINESE, "2027年1月31日"),
    ],
)
def test_a_date_is_written_in_words_in_the_letters_language(day, language, words):
    assert date_in_words(day, language) == words


def test_an_english_date_stays_english_whatever_language_the_officer_reads():
    with translation.override("zh-hant"):
        assert date_in_words(date(2026, 3, 16), Language.ENGLISH) == "16 March 2026"


def test_questions_are_numbered_one_per_paragraph_and_numbers_typed_by_hand_are_replaced():
    typed = "1. When did it start?\r\n\r\n  2) Who decided?\nAnd why?\n\n\n\nHow many members?  "

    assert numbered_questions(typed) == "1. When did it start?\n\n2. Who decided?\nAnd why?\n\n3. How many members?"


def _enquiry(**fields):
    officer = make_user(first_name="Karen", last_name="Chan")
    organisation = OrganisationFactory(name="Linkwave Limited", name_zh="聯網有限公司")
    return EnquiryFactory(organisation=organisation, officer=officer, **fields)


def test_an_english_enquiry_carries_its_reference_organisation_numbered_questions_and_dates_in_words():
    enquiry = _enquiry(subject="Training AI on members' data", questions="Since when?\n\nOn what basis?")

    letter = render_enquiry(enquiry, reply_by=REPLY_BY, now=NOW)

    assert letter.subject == f"Our ref. {enquiry.reference}: Training AI on members' data"
    assert letter.text == (
        "2 March 2026\n\n"
        "Linkwave Limited\n\n"
        "Dear Sir or Madam,\n\n"
        "Training AI on members' data\n\n"
        "We are looking into the matter above under the Personal Data (Privacy) Ordinance (Cap. 486). "
        "Please answer the following questions:\n\n"
        "1. Since when?\n\n"
        "2. On what basis?\n\n"
        f"Please reply in writing by 16 March 2026, quoting our reference {enquiry.reference}. If you need more "
        "time, tell us before that date and say why.\n\n"
        "Yours faithfully,\n\n"
        "Karen Chan\n"
        "for the Privacy Commissioner for Personal Data\n"
    )


def test_a_chinese_enquiry_is_written_in_chinese_with_the_organisations_chinese_name_and_chinese_dates():
    enquiry = _enquiry(
        language=Language.CHINESE, subject="以會員資料訓練人工智能", questions="何時開始？\n\n有何依據？"
    )

    letter = render_enquiry(enquiry, reply_by=REPLY_BY, now=NOW)

    assert letter.subject == f"本署檔號 {enquiry.reference}：以會員資料訓練人工智能"
    assert letter.text.startswith("2026年3月2日\n\n聯網有限公司\n\n敬啟者：\n\n以會員資料訓練人工智能\n\n")
    assert "1. 何時開始？\n\n2. 有何依據？" in letter.text
    assert "請於2026年3月16日或之前以書面回覆" in letter.text
    assert '<html lang="zh-Hant">' in letter.html


def test_an_organisation_without_a_chinese_name_is_named_in_english_in_a_chinese_letter():
    enquiry = EnquiryFactory(organisation=OrganisationFactory(name="Harbour Bank", name_zh=""), language="zh-hant")

    assert "\n\nHarbour Bank\n\n" in render_enquiry(enquiry, reply_by=REPLY_BY, now=NOW).text


def test_the_html_is_the_text_in_paragraphs_with_the_subject_as_its_title():
    enquiry = _enquiry(subject="Training AI", questions="Since when?\nAnd where?\n\nOn what basis?")

    html = render_enquiry(enquiry, reply_by=REPLY_BY, now=NOW).html

    assert f"<title>Our ref. {enquiry.reference}: Training AI</title>" in html
    assert "<p>1. Since when?<br>And where?</p>\n\n<p>2. On what basis?</p>" in html
    assert '<html lang="en">' in html


def test_nothing_typed_reaches_the_html_as_markup():
    organisation = OrganisationFactory(name=f"Evil {HOSTILE} Ltd")
    enquiry = EnquiryFactory(organisation=organisation, subject=f"Subject {HOSTILE}", questions=f"Why {HOSTILE}?")

    letter = render_enquiry(enquiry, reply_by=REPLY_BY, now=NOW)

    for markup in ("<script", "<b ", 'onmouseover="', "& <"):
        assert markup not in letter.html
    # the title, the heading, the organisation, the subject in the letter and the question
    assert letter.html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b onmouseover=") == 5
    assert HOSTILE in letter.text


def test_markup_an_administrator_types_into_a_template_is_escaped_too():
    LetterTemplate.objects.filter(kind=LetterKind.ENQUIRY).update(
        body_en='<img src=x onerror="alert(1)">\n\n{{ questions }}\n\n{{ reply_by }}'
    )

    html = render_enquiry(EnquiryFactory(), reply_by=REPLY_BY, now=NOW).html

    assert "<img" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_a_value_that_looks_like_a_placeholder_is_written_as_typed():
    enquiry = EnquiryFactory(questions="What does {{ reply_by }} mean to you?")

    assert "1. What does {{ reply_by }} mean to you?" in render_enquiry(enquiry, reply_by=REPLY_BY, now=NOW).text


def test_the_subject_carries_the_reference_even_when_the_template_leaves_it_out_and_is_one_line():
    LetterTemplate.objects.filter(kind=LetterKind.ENQUIRY).update(subject_en="About:\n  {{ subject }}")
    enquiry = EnquiryFactory(subject="Training AI")

    assert render_enquiry(enquiry, reply_by=REPLY_BY, now=NOW).subject == f"{enquiry.reference}: About: Training AI"


def _decided_case(**fields):
    officer = make_user(first_name="Daniel", last_name="Wong")
    return CaseFactory(
        status=CaseStatus.NOT_PURSUED,
        assigned_officer=officer,
        received_on=date(2026, 1, 20),
        title="Fake account using my photos",
        complainant=ComplainantFactory(name="Lam Siu Ming", name_zh="林小明"),
        **fields,
    )


def test_a_notice_not_to_pursue_carries_the_reasons_and_the_text_of_s39_4_in_english():
    case = _decided_case()

    letter = render_case_letter(
        case, LetterKind.NOT_PURSUED, reasons="  Outside the Ordinance.\r\nNo data user. ", now=NOW
    )

    assert letter.subject == f"Our ref. {case.reference}: decision not to investigate your complaint"
    assert letter.text.startswith("2 March 2026\n\nDear Lam Siu Ming,\n\n")
    assert "your complaint received on 20 January 2026 about: Fake account using my photos" in letter.text
    assert "for these reasons:\n\nOutside the Ordinance.\nNo data user.\n\n" in letter.text
    assert SECTION_39_4[Language.ENGLISH] in letter.text
    assert "An appeal may be made to the Administrative Appeals Board" in letter.text
    assert letter.text.endswith("Daniel Wong\nfor the Privacy Commissioner for Personal Data\n")


def test_a_notice_not_to_pursue_in_chinese_carries_the_chinese_s39_4_and_the_chinese_name():
    case = _decided_case(language=Language.CHINESE)

    letter = render_case_letter(case, LetterKind.NOT_PURSUED, reasons="不屬條例範圍。", now=NOW)

    assert letter.text.startswith("2026年3月2日\n\n林小明：\n\n")
    assert "本署已考慮你於2026年1月20日提出的投訴" in letter.text
    assert "理由如下：\n\n不屬條例範圍。\n\n" in letter.text
    assert SECTION_39_4[Language.CHINESE] in letter.text
    assert "可就以下事宜向行政上訴委員會提出上訴" in letter.text


@pytest.mark.parametrize("kind", [LetterKind.ACKNOWLEDGEMENT, LetterKind.PROGRESS_UPDATE])
def test_letters_to_the_complainant_name_them_and_the_complaint(kind):
    case = _decided_case()

    letter = render_case_letter(case, kind, now=NOW)

    assert letter.subject.startswith(f"Our ref. {case.reference}: ")
    assert "Dear Lam Siu Ming," in letter.text
    assert "received on 20 January 2026 about: Fake account using my photos" in letter.text


def test_an_enquiry_letter_is_rendered_from_its_enquiry_only():
    with pytest.raises(ValueError, match="from its enquiry"):
        render_case_letter(CaseFactory(), LetterKind.ENQUIRY, now=NOW)


def test_the_s39_4_text_is_the_ordinances_in_both_languages():
    assert SECTION_39_4[Language.ENGLISH].startswith("Personal Data (Privacy) Ordinance (Cap. 486), section 39(4):\n")
    assert "(a) against any refusal specified in a notice under subsection (3); and" in SECTION_39_4["en"]
    assert SECTION_39_4[Language.CHINESE].startswith("《個人資料（私隱）條例》（第486章）第39(4)條：\n")
    assert set(SECTION_39_4) == set(Language.values) == {"en", "zh-hant"}
    assert letters.HTML_LANGUAGES.keys() == SECTION_39_4.keys()
