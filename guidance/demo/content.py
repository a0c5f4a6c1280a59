"""What the demo publishes: the topics, and each publication with its texts in English and
Traditional Chinese, its files and where it stands (published when, revised, superseded or
scheduled). The story's platform is Linkwave, as in cases/demo/story.py."""

import re
import textwrap
from dataclasses import dataclass

from guidance.demo.files import one_page_pdf, switch_png
from guidance.models import Kind

# A line that starts a Markdown block of its own rather than continuing the line above.
BLOCK_START = re.compile(r"^\s*(#{1,6} |[-*+] |\d+\. |!\[|\||>)")


def english(text: str) -> str:
    """Markdown written indented in this file, as an editor would have typed it."""
    return textwrap.dedent(text).strip()


def chinese(text: str) -> str:
    """Like ``english``, with the lines of each paragraph joined again: between Chinese characters a
    line break shows as a space."""
    lines = []
    for line in english(text).splitlines():
        previous = lines[-1].lstrip() if lines else ""
        if previous and line.strip() and not BLOCK_START.match(line) and not previous.startswith(("#", "|")):
            lines[-1] += line.strip()
        else:
            lines.append(line)
    return "\n".join(lines)


@dataclass(frozen=True)
class Wording:
    title: str
    summary: str
    body: str


@dataclass(frozen=True)
class DemoFile:
    name: str
    content: bytes
    title_en: str = ""
    title_zh_hant: str = ""


@dataclass(frozen=True)
class Note:
    """A note for readers, in each language."""

    en: str
    zh_hant: str


@dataclass(frozen=True)
class Revision:
    """A later version whose English text changed while its translation was left as it was."""

    days_ago: int
    english: Wording
    change_note: Note


@dataclass(frozen=True)
class PlannedPublication:
    slug: str
    kind: str
    # When its first version came out; a negative number schedules it that many days ahead.
    days_ago: int
    en: Wording | None
    zh_hant: Wording | None
    topics: tuple[str, ...] = ()
    # Publications listed earlier in PUBLICATIONS, by slug.
    related: tuple[str, ...] = ()
    files: tuple[DemoFile, ...] = ()
    revision: Revision | None = None
    # An earlier publication this one replaces when it comes out, and why, for its page.
    supersedes: str = ""
    superseded_note: Note | None = None
    # Texts may name {reply_by}: the day this many days after publication, in the text's language.
    reply_in_days: int | None = None


FIRST_PUBLISHED = Note(en="First published.", zh_hant="首次發布。")

TOPICS = (
    # slug, English name, Chinese name
    ("artificial-intelligence", "Artificial intelligence", "人工智能"),
    ("social-media", "Social media", "社交媒體"),
    ("data-breaches", "Data breaches", "資料外洩事故"),
    ("direct-marketing", "Direct marketing", "直接促銷"),
    ("cctv-and-surveillance", "CCTV and surveillance", "閉路電視及監察"),
    ("childrens-privacy", "Children's privacy", "兒童私隱"),
    ("data-access-requests", "Data access requests", "查閱資料要求"),
    ("cross-border-data-transfer", "Cross-border data transfer", "跨境資料轉移"),
    ("workplace", "Privacy at work", "職場私隱"),
    ("doxxing", "Doxxing", "起底"),
)


OLD_BREACH_GUIDANCE = PlannedPublication(
    slug="guidance-on-data-breach-handling",
    kind=Kind.GUIDANCE_NOTE,
    days_ago=700,
    topics=("data-breaches",),
    en=Wording(
        title="Guidance on data breach handling and breach notifications",
        summary="What an organisation should do when personal data it holds is lost, stolen or seen by people "
        "who should not see it, and when to tell us and the people affected.",
        body=english(
            """
            A data breach is a suspected or actual breach of the security of personal data held by an
            organisation, exposing the data to unauthorised or accidental access, processing, erasure,
            loss or use. Examples are a lost laptop with customer records, a hacked database, or an
            e-mail sent to the wrong list of recipients.

            ## Contain the breach

            Stop the breach as soon as you know of it: shut down the affected system, change passwords,
            recall misdirected e-mails, and ask anyone who received data by mistake to delete it.

            ## Assess the harm

            Consider what data was involved, how many people are affected, how sensitive the data is and
            whether it could be used for identity theft or fraud.

            ## Notify

            Notifying us and the people affected is recommended good practice. Give us the facts you know,
            the steps taken and the contact person in your organisation.

            ## Learn from it

            Find out why the breach happened and change your practices so that it does not happen again.
            """
        ),
    ),
    zh_hant=Wording(
        title="處理資料外洩事故及作出通報指引",
        summary="機構持有的個人資料遺失、被盜或被不應查閱的人看到時應如何處理，以及何時通知本署及受影響人士。",
        body=chinese(
            """
            資料外洩事故是指機構持有的個人資料懷疑或實際出現保安漏洞，令資料可能在未獲准許或意外的情況下被
            查閱、處理、刪除、遺失或使用，例如載有客戶紀錄的手提電腦遺失、資料庫被入侵，或電郵誤發予錯誤的
            收件人名單。

            ## 控制事故

            一經發現，應立即阻止事故擴大：關閉受影響的系統、更改密碼、收回誤發的電郵，並要求誤收資料的人
            刪除有關資料。

            ## 評估損害

            考慮涉及甚麼資料、受影響人數、資料的敏感程度，以及資料會否被用於盜用身分或詐騙。

            ## 作出通報

            通知本署及受影響人士是建議的良好做法。通報時請提供已知的事實、已採取的措施及機構的聯絡人。

            ## 汲取教訓

            找出事故的成因，並改善機構的做法，防止同類事故再次發生。
            """
        ),
    ),
)


DATA_ACCESS_REQUESTS = PlannedPublication(
    slug="handling-data-access-requests",
    kind=Kind.GUIDANCE_NOTE,
    days_ago=610,
    topics=("data-access-requests",),
    en=Wording(
        title="Handling data access requests: a guide for organisations",
        summary="Anyone may ask an organisation for a copy of the personal data it holds about them. This guide "
        "explains how to recognise such a request, the 40-day time limit, what you may charge and when you "
        "may refuse.",
        body=english(
            """
            The Personal Data (Privacy) Ordinance gives every person the right to ask an organisation
            whether it holds personal data about them and, if it does, for a copy. Handling these
            requests well, and on time, is one of the simplest ways to show that you respect your
            customers and staff.

            ## Recognising a request

            A request does not have to use any particular words or form, although you may ask the
            requester to use ours. What matters is that the person asks for their own personal data, or
            someone asks on their behalf with their written authority.

            ## Checking who is asking

            Before you send any data, take reasonable steps to confirm the requester's identity. Do not
            ask for more proof than you need: a copy of an identity card is rarely necessary when the
            person writes from the e-mail address you already hold.

            ## The 40-day time limit

            You must comply, or tell the requester in writing why you refuse, within 40 calendar days of
            receiving the request. If you cannot meet the deadline, write to the requester before it passes,
            explaining why, and comply as soon as you can.

            ## Fees

            You may charge a fee, but only one that is not excessive: it should cover the direct costs of
            finding and copying the data, not staff overheads or the cost of legal advice.

            ## When you may refuse

            You may refuse, for example, when you cannot confirm who the requester is, when complying would
            disclose another person's data without their consent, or when an exemption in the Ordinance
            applies. Tell the requester the reason in writing within the 40 days.
            """
        ),
    ),
    zh_hant=Wording(
        title="處理查閱資料要求：機構指引",
        summary="任何人都可要求機構提供其持有關於他的個人資料的複本。本指引說明如何識別查閱資料要求、40日的"
        "限期、可收取的費用，以及在甚麼情況下可拒絕要求。",
        body=chinese(
            """
            《個人資料(私隱)條例》賦予每個人權利，查詢機構是否持有其個人資料，如有，則可索取資料的複本。
            妥善並準時處理這些要求，是機構展示尊重客戶及員工最簡單的方法之一。

            ## 識別查閱資料要求

            查閱資料要求毋須使用特定字眼或表格，但機構可要求提出人使用本署的表格。重點是提出人要求查閱的是
            其本人的個人資料，或由他人獲其書面授權代為提出。

            ## 核實提出人的身分

            在提供任何資料前，應採取合理步驟核實提出人的身分，但不應要求超出所需的證明：如提出人以機構已有
            紀錄的電郵地址來信，一般毋須索取身分證副本。

            ## 40日限期

            機構須在收到要求後40日內依從要求，或以書面通知提出人拒絕的理由。如未能在限期內依從，須在限期
            屆滿前以書面通知提出人並說明原因，並盡快依從要求。

            ## 費用

            機構可收取費用，但不得超乎適度：費用應只涵蓋找出及複製資料的直接成本，而不包括員工的一般開支或
            法律意見的費用。

            ## 可拒絕要求的情況

            例如機構無法核實提出人的身分、依從要求會在未經同意下披露另一人的資料，或條例的豁免條文適用時，
            可拒絕要求，並須在40日內以書面通知提出人理由。
            """
        ),
    ),
    revision=Revision(
        days_ago=95,
        change_note=Note(
            en="Added a section on requests made by e-mail and on giving copies in electronic form.",
            zh_hant="新增以電郵提出的要求及提供電子複本的部分（中文版本稍後更新）。",
        ),
        english=Wording(
            title="Handling data access requests: a guide for organisations",
            summary="Anyone may ask an organisation for a copy of the personal data it holds about them. This guide "
            "explains how to recognise such a request, the 40-day time limit, what you may charge, how to give "
            "copies electronically and when you may refuse.",
            body=english(
                """
                The Personal Data (Privacy) Ordinance gives every person the right to ask an organisation
                whether it holds personal data about them and, if it does, for a copy. Handling these
                requests well, and on time, is one of the simplest ways to show that you respect your
                customers and staff.

                ## Recognising a request

                A request does not have to use any particular words or form, although you may ask the
                requester to use ours. What matters is that the person asks for their own personal data, or
                someone asks on their behalf with their written authority.

                ## Checking who is asking

                Before you send any data, take reasonable steps to confirm the requester's identity. Do not
                ask for more proof than you need: a copy of an identity card is rarely necessary when the
                person writes from the e-mail address you already hold.

                ## Requests by e-mail and electronic copies

                More and more requests arrive by e-mail or through an online account. Make sure the staff
                who read your general mailboxes and chat channels can recognise a request and pass it on the
                same day: the 40 days start when the request reaches your organisation, not your data
                protection officer.

                If the requester asks for an electronic copy and you hold the data electronically, send it in
                a common format that opens without special software. Protect the file, for example with a
                password sent separately, and never send it to an address you have not verified.

                ## The 40-day time limit

                You must comply, or tell the requester in writing why you refuse, within 40 calendar days of
                receiving the request. If you cannot meet the deadline, write to the requester before it passes,
                explaining why, and comply as soon as you can.

                ## Fees

                You may charge a fee, but only one that is not excessive: it should cover the direct costs of
                finding and copying the data, not staff overheads or the cost of legal advice. Sending an
                electronic copy usually costs little, and the fee should reflect that.

                ## When you may refuse

                You may refuse, for example, when you cannot confirm who the requester is, when complying would
                disclose another person's data without their consent, or when an exemption in the Ordinance
                applies. Tell the requester the reason in writing within the 40 days.
                """
            ),
        ),
    ),
)


CCTV_AT_WORK = PlannedPublication(
    slug="cctv-in-the-workplace",
    kind=Kind.GUIDANCE_NOTE,
    days_ago=520,
    topics=("cctv-and-surveillance", "workplace"),
    en=Wording(
        title="CCTV in the workplace",
        summary="Before installing cameras at work, an employer should be able to say why they are needed, tell "
        "staff where they are and decide how long recordings are kept and who may see them.",
        body=english(
            """
            Closed-circuit television (CCTV) can help keep premises and people safe, but cameras that watch
            employees all day also collect a great deal of personal data. Employers should think carefully
            before installing them.

            ## Is a camera necessary?

            Be clear about the problem you want to solve, such as theft from a stockroom, and whether a less
            intrusive measure, such as better locks or access cards, would solve it. Cameras should not be
            used to monitor how hard people work.

            ## Where cameras should never go

            Never place cameras in toilets, changing rooms, shower areas or rest rooms. Avoid pointing them
            at individual desks or screens.

            ## Telling employees

            Put up clear notices where cameras operate, and explain in your staff privacy policy why the
            cameras are used, who can view the recordings and how long they are kept. Covert recording is
            justified only in exceptional cases, for a specific suspected crime, and for a limited time.

            ## Keeping and using recordings

            - Keep recordings only as long as you need them; for most workplaces a few weeks is enough.
            - Limit viewing to named staff and keep a log of who viewed what and why.
            - Use recordings only for the purpose you told employees about.
            """
        ),
    ),
    zh_hant=Wording(
        title="工作間的閉路電視",
        summary="僱主在工作間安裝攝錄機前，應能說明安裝的需要、告知員工攝錄機的位置，並決定錄影片段的保留期限"
        "及誰可查看。",
        body=chinese(
            """
            閉路電視有助保障處所及人身安全，但整天拍攝員工的攝錄機亦會收集大量個人資料。僱主在安裝前應審慎
            考慮。

            ## 是否有需要安裝？

            先弄清楚要解決的問題，例如貨倉失竊，以及較不侵犯私隱的措施，例如更換門鎖或使用門禁卡，是否已足以
            解決問題。閉路電視不應用作監察員工的工作表現。

            ## 不應安裝攝錄機的地方

            切勿在洗手間、更衣室、淋浴間或休息室安裝攝錄機，亦應避免對準個別員工的座位或電腦屏幕。

            ## 告知員工

            在攝錄範圍張貼清晰的告示，並在員工私隱政策中說明使用閉路電視的目的、誰可查看錄影片段及片段的保留
            期限。只有在特殊情況下，為調查特定的懷疑罪行，才可在有限時間內進行隱蔽錄影。

            ## 保留及使用錄影片段

            - 錄影片段只應按需要保留；大部分工作間保留數星期已足夠。
            - 只容許指定員工查看片段，並記錄誰曾查看甚麼片段及原因。
            - 片段只可用於已告知員工的目的。
            """
        ),
    ),
)


AI_FRAMEWORK = PlannedPublication(
    slug="ai-model-personal-data-protection-framework",
    kind=Kind.FRAMEWORK,
    days_ago=450,
    topics=("artificial-intelligence",),
    files=(
        DemoFile(
            name="ai-framework-in-brief.pdf",
            content=one_page_pdf(
                [
                    "AI: Model Personal Data Protection Framework - in brief",
                    "1. AI strategy and governance: a strategy, a committee, supplier due diligence.",
                    "2. Risk assessment and human oversight: the higher the risk, the more a person decides.",
                    "3. Customising and managing AI models: minimise data, check its quality, secure it.",
                    "4. Communicating with stakeholders: be transparent, answer data subjects' requests.",
                    "Start with a list of every AI system you use and who is responsible for each.",
                ]
            ),
            title_en="The framework in brief (PDF, one page)",
            title_zh_hant="框架摘要（英文版 PDF，一頁）",
        ),
    ),
    en=Wording(
        title="Artificial Intelligence: Model Personal Data Protection Framework",
        summary="Practical steps for organisations that buy, customise or build AI systems that use personal "
        "data, from setting an AI strategy to answering the people whose data the system uses.",
        body=english(
            """
            This framework is for organisations that procure, customise, build or use artificial
            intelligence (AI) systems that handle personal data. It turns the data protection principles
            of the Personal Data (Privacy) Ordinance into practical steps across the life of an AI system,
            from the decision to buy one to the day it is switched off. A one-page summary is attached for
            boards and procurement teams: [the framework in brief (PDF)](ai-framework-in-brief.pdf).

            ## Who the framework is for

            Organisations of any size that buy an AI product from a supplier, fine-tune an existing model
            with their own data, or develop a system in-house. The framework does not replace legal
            advice, and the Ordinance applies in full whatever technology is used.

            ## AI strategy and governance

            - Senior management sets an AI strategy saying what the organisation will use AI for, and what
              it will not use it for.
            - Adopt ethical principles, such as accountability, fairness, transparency and respect for
              privacy, and build them into procurement and development.
            - Set up an AI governance committee with members from the business, legal, privacy, information
              security and procurement, reporting to the board.
            - Before buying, do due diligence on the supplier: where its training data came from, how the
              model handles personal data, its security certifications, and whether it uses customers' data
              to train its own models.
            - Train the staff who use AI on the system's limits and on when to hand a matter to a person.

            ## Risk assessment and human oversight

            Assess the risks before deploying a system and again at each significant change, including a
            privacy impact assessment. Consider:

            - how much personal data is involved and how sensitive it is, such as biometric, health or
              financial data and children's data;
            - how the system's output affects people, for example their job, credit or access to services;
            - how reliable the system is, and what happens when it is wrong.

            Match the human oversight to the risk:

            | Risk | Human oversight | Example |
            |---|---|---|
            | Higher | A person decides; the system only recommends | Screening job applicants, approving loans |
            | Medium | A person monitors the system and can step in at any time | A customer-service chatbot |
            | Lower | The system runs on its own, with regular spot checks | Filtering spam |

            ## Customising AI models and managing AI systems

            ### Data minimisation

            Collect and use only the personal data needed for the purpose. Before training or fine-tuning,
            remove what is not needed, and anonymise or pseudonymise the data, or use synthetic data,
            wherever you can.

            ### Quality of training data

            Make sure the data is accurate and representative of the people the system will serve, and
            record where it came from and how it was prepared, to reduce bias.

            ### Security

            - Limit who can reach the training data and the model.
            - Guard against attacks on the model, such as prompt injection, and against the model revealing
              its training data.
            - Keep an incident response plan that covers data breaches involving AI systems.

            ### Monitoring and review

            Once the system is in use, review its performance, accuracy and output regularly, and pause or
            adjust it when you find bias or unexpected results.

            ## Communicating and engaging with stakeholders

            ### Transparency

            Tell people in plain language how you use AI: what data is collected, what it is used for, and
            what part AI plays in decisions about them.

            ### Data subjects' requests

            Have procedures for requests to access and correct personal data. If personal data is held in
            an AI model, you must still be able to find and deal with it.

            ### Explanation and feedback

            Let the people affected ask for a decision to be explained, give feedback, and ask for a person
            to review it.

            ## A checklist to start with

            1. List every AI system your organisation uses or plans to use.
            2. Name a person responsible for each.
            3. Carry out a privacy impact assessment for each higher-risk system.
            4. Check that your contracts with suppliers limit how they may use personal data.
            5. Update your privacy policy and personal information collection statements.
            """
        ),
    ),
    zh_hant=Wording(
        title="人工智能：個人資料保障模範框架",
        summary="為採購、自訂或開發涉及個人資料的人工智能系統的機構提供實務步驟，由制定人工智能策略到回應資料被"
        "使用的人士，一應俱全。",
        body=chinese(
            """
            本框架適用於採購、自訂、開發或使用涉及個人資料的人工智能系統的機構，把《個人資料(私隱)條例》的
            保障資料原則化為實務步驟，涵蓋人工智能系統由決定採購到停用的整個生命周期。本署另備一頁英文摘要，
            供董事會及採購團隊參考：[框架摘要（PDF）](ai-framework-in-brief.pdf)。

            ## 框架適用於誰

            不論規模大小，凡向供應商採購人工智能產品、以自身資料微調現有模型，或自行開發系統的機構，均可參考
            本框架。本框架不能取代法律意見；不論使用甚麼科技，條例的規定均全面適用。

            ## 人工智能策略及管治

            - 由高級管理層制定人工智能策略，列明機構會把人工智能用於哪些方面，以及不會用於哪些方面。
            - 訂立問責、公平、透明及尊重私隱等道德原則，並把原則融入採購及開發程序。
            - 成立人工智能管治委員會，成員來自業務、法律、私隱、資訊保安及採購部門，並向董事會匯報。
            - 採購前對供應商進行盡職審查：了解其訓練資料的來源、模型如何處理個人資料、保安認證，以及供應商
              會否以客戶的資料訓練自己的模型。
            - 為使用人工智能的員工提供培訓，讓他們明白系統的局限，以及何時須把事情交由人手處理。

            ## 風險評估及人為監督

            在部署系統前及每次重大改動時評估風險，包括進行私隱影響評估。評估時應考慮：

            - 涉及個人資料的數量及敏感程度，例如生物辨識、健康或財務資料，以及兒童的資料；
            - 系統的輸出對個人有何影響，例如會否影響其工作、信貸或獲得服務的機會；
            - 系統的可靠程度，以及出錯時的後果。

            人為監督的程度應與風險相稱：

            | 風險 | 人為監督 | 例子 |
            |---|---|---|
            | 較高 | 由人作最終決定，系統只提供建議 | 篩選求職者、批核貸款 |
            | 中等 | 由人監察系統運作，並可隨時介入 | 客戶服務聊天機械人 |
            | 較低 | 系統自行運作，並定期抽查 | 過濾垃圾郵件 |

            ## 自訂人工智能模型及管理人工智能系統

            ### 資料最少化

            只收集及使用達到目的所需的個人資料。在訓練或微調模型前，先刪除不需要的資料，並盡可能把資料匿名化
            或假名化，或改用合成資料。

            ### 訓練資料的質素

            確保資料準確，並能代表系統將服務的人士；記錄資料的來源及處理方法，以減少偏差。

            ### 保安

            - 限制可接觸訓練資料及模型的人員。
            - 防範針對模型的攻擊，例如提示注入，以及模型洩露其訓練資料。
            - 制定涵蓋人工智能系統資料外洩事故的應變計劃。

            ### 監察及檢討

            系統投入使用後，定期檢討其表現、準確度及輸出；如發現偏差或異常結果，應暫停或調整系統。

            ## 與持份者溝通及交流

            ### 透明度

            以淺白的語言告訴大眾機構如何使用人工智能：收集甚麼資料、作甚麼用途，以及人工智能在與他們有關的
            決定中擔當甚麼角色。

            ### 資料當事人的要求

            制定處理查閱及改正個人資料要求的程序。即使個人資料存於人工智能模型之中，機構仍須能夠找出並處理
            有關資料。

            ### 解釋及意見

            讓受影響人士可要求機構解釋有關決定、提出意見，以及要求由人覆核。

            ## 起步清單

            1. 列出機構正在使用或計劃使用的所有人工智能系統。
            2. 為每個系統指定負責人。
            3. 為每個風險較高的系統進行私隱影響評估。
            4. 檢查與供應商的合約，確保合約限制供應商使用個人資料的方式。
            5. 更新私隱政策及收集個人資料聲明。
            """
        ),
    ),
)


DIRECT_MARKETING = PlannedPublication(
    slug="direct-marketing-your-right-to-say-no",
    kind=Kind.LEAFLET,
    days_ago=380,
    topics=("direct-marketing",),
    related=("handling-data-access-requests",),
    en=Wording(
        title="Direct marketing: your right to say no",
        summary="A company may use your personal data to market to you only with your consent, and must stop "
        "when you tell it to. Here is how to say no.",
        body=english(
            """
            Marketing calls, text messages and e-mails are often sent using personal data that you gave for
            another reason, such as opening a bank account or joining a loyalty scheme.

            ## Your consent comes first

            Before using your name and contact details for direct marketing, a company must tell you what
            it intends to market and which of your data it will use, and get your consent. Silence is not
            consent: a box ticked for you in advance does not count.

            ## Saying no at any time

            You can withdraw your consent at any time, even if you agreed before. Tell the company, by phone,
            e-mail or letter, that it must stop using your data for direct marketing. It must stop, free of
            charge.

            ## Keeping a record

            Write down the date, the time and the name of the person you spoke to, or keep a copy of your
            e-mail. If the marketing continues, you can complain to us with that record.
            """
        ),
    ),
    zh_hant=Wording(
        title="直接促銷：你有權說「不」",
        summary="公司必須取得你的同意，才可使用你的個人資料向你促銷；你要求停止時，公司亦必須停止。以下是拒絕的方法。",
        body=chinese(
            """
            不少促銷電話、短訊及電郵，都是使用你為其他目的提供的個人資料發出的，例如開立銀行戶口或登記成為
            會員。

            ## 先取得你的同意

            公司在使用你的姓名及聯絡資料作直接促銷前，必須告訴你擬促銷的產品或服務類別及會使用哪些資料，並
            取得你的同意。沉默不等於同意：預先代你剔選的方格並不算數。

            ## 隨時可以說「不」

            即使你曾經同意，亦可隨時撤回同意。你可致電、電郵或寫信通知公司停止使用你的資料作直接促銷，公司
            必須停止，並不得收費。

            ## 保留紀錄

            記下日期、時間及與你通話的職員姓名，或保留電郵副本。如公司繼續向你促銷，你可憑有關紀錄向本署投訴。
            """
        ),
    ),
)


CROSS_BORDER = PlannedPublication(
    slug="cross-border-transfer-contract-clauses",
    kind=Kind.GUIDANCE_NOTE,
    days_ago=340,
    topics=("cross-border-data-transfer",),
    en=Wording(
        title="Cross-border transfers of personal data: recommended contract clauses",
        summary="Clauses an organisation can put in its contracts when it sends personal data to a service "
        "provider or partner outside Hong Kong, so the data stays protected there.",
        body=english(
            """
            Organisations send personal data across the border every day: to cloud providers, call centres,
            payroll processors and group companies. The organisation that collected the data stays
            responsible for it. A written contract is the most practical way to make sure the recipient
            protects it to the standard of the Ordinance.

            ## Before you transfer

            Check that the transfer is within the purpose for which the data was collected, that you send
            only the data the recipient needs, and that the recipient can protect it.

            ## Clauses we recommend

            1. The recipient uses the data only for the purposes set out in the contract.
            2. The recipient keeps the data secure, with measures listed in a schedule.
            3. The recipient does not pass the data to anyone else without your written consent.
            4. The recipient tells you promptly of any data breach.
            5. The recipient helps you answer data access and correction requests.
            6. The recipient returns or deletes the data when the contract ends.
            7. You may audit the recipient's compliance, or have an independent auditor do so.

            ## Keeping the contract alive

            Review the contract when the service changes, and check from time to time that the recipient
            does what it promised.

            This guidance note is available in English only.
            """
        ),
    ),
    zh_hant=None,
)


CHILDRENS_PRIVACY = PlannedPublication(
    slug="childrens-privacy-online",
    kind=Kind.LEAFLET,
    days_ago=290,
    topics=("childrens-privacy", "social-media"),
    en=Wording(
        title="Children's privacy online: tips for parents",
        summary="Simple ways to protect your children's personal data on social media, in games and in apps, "
        "and to think twice before sharing their photos yourself.",
        body=english(
            """
            Children start using apps, games and social media early, often before they understand what
            personal data is. Parents can help them form good habits.

            ## Set up accounts together

            Create your child's accounts with them, choose the most private settings, and switch off location
            sharing. Use a nickname rather than the child's full name.

            ## Talk about what not to share

            Explain that their full name, school, home address, phone number and photos in school uniform can
            show strangers where to find them. Agree that they will ask you before sharing any of these.

            ## Think before you post

            Photos of your children that you post today may stay online for years. Ask older children before
            you post about them, and avoid photos that show their school or where you live. Once online,
            photos may also be collected to train AI systems.

            ## If something goes wrong

            If your child's data or photos are posted without consent, report the content to the platform
            and keep screenshots. You can also contact us for advice.
            """
        ),
    ),
    zh_hant=Wording(
        title="兒童網上私隱：給家長的提示",
        summary="在社交媒體、遊戲及應用程式中保障子女個人資料的簡單方法，以及分享子女相片前應三思的原因。",
        body=chinese(
            """
            兒童很早便開始使用應用程式、遊戲及社交媒體，往往在明白甚麼是個人資料之前。家長可以協助他們養成良好
            習慣。

            ## 一起開設帳戶

            與子女一起開設帳戶，選擇最高的私隱設定，並關閉位置分享功能。使用暱稱，而不用子女的全名。

            ## 談談甚麼不應分享

            向子女解釋，他們的全名、學校、住址、電話號碼及穿着校服的相片，都可能讓陌生人找到他們。與子女約定，
            分享這些資料前先問你。

            ## 發帖前三思

            你今天上載的子女相片，可能會在網上留存多年。為較年長的子女發帖前先徵詢他們的意見，並避免上載顯示
            學校或住處的相片。相片上載後，亦有可能被收集用作訓練人工智能系統。

            ## 如出現問題

            如子女的資料或相片在未經同意下被上載，應向平台舉報有關內容，並保留截圖。你亦可聯絡本署尋求意見。
            """
        ),
    ),
)


DOXXING = PlannedPublication(
    slug="doxxing-what-you-can-do",
    kind=Kind.LEAFLET,
    days_ago=240,
    topics=("doxxing", "social-media"),
    related=("childrens-privacy-online",),
    en=Wording(
        title="Doxxing: what to do if your personal data is posted online",
        summary="Disclosing someone's personal data without consent to cause them harm is an offence. If it "
        "happens to you, keep evidence, report it to the platform and tell us.",
        body=english(
            """
            Doxxing is disclosing a person's personal data, such as their name, phone number, address or
            workplace, without their consent and with the intent, or being reckless as to whether, it causes
            them or their family harm. It is an offence under the Ordinance, and we can investigate and
            prosecute it, and require the content to be taken down.

            ## Keep evidence

            Take screenshots that show the content, the account or group that posted it, the web address and
            the date and time. Do not reply to the person who posted it.

            ## Report it to the platform

            Use the platform's reporting tool, choosing the option for personal information or harassment.
            Keep a record of your report.

            ## Tell us

            Report the doxxing to us online, with your screenshots. We can direct the platform, or anyone
            who can remove the content, to take it down.

            ## If you are in danger

            If you have been threatened or feel unsafe, call the police at once.
            """
        ),
    ),
    zh_hant=Wording(
        title="起底：個人資料被放上網的應對方法",
        summary="未經同意披露他人的個人資料以對其造成傷害屬違法行為。如你遭起底，應保留證據、向平台舉報並通知本署。",
        body=chinese(
            """
            起底是指在未經同意下，披露他人的姓名、電話號碼、地址或工作地點等個人資料，而意圖或罔顧是否會對其本人
            或家人造成傷害。這是條例下的罪行，本署可進行調查及檢控，並可要求移除有關內容。

            ## 保留證據

            截取畫面，顯示有關內容、發布的帳戶或群組、網址，以及日期和時間。切勿回應發布者。

            ## 向平台舉報

            使用平台的舉報功能，選擇與個人資料或騷擾有關的選項，並保留舉報紀錄。

            ## 通知本署

            透過網上表格向本署舉報，並附上截圖。本署可指示平台或任何能移除內容的人士把內容移除。

            ## 如你身處危險

            如你受到威嚇或感到不安全，請立即報警。
            """
        ),
    ),
)


BREACH_GUIDANCE = PlannedPublication(
    slug="data-breach-handling-and-notification",
    kind=Kind.GUIDANCE_NOTE,
    days_ago=200,
    topics=("data-breaches",),
    supersedes=OLD_BREACH_GUIDANCE.slug,
    superseded_note=Note(
        en="Replaced by the updated guidance on data breach handling and notification.",
        zh_hant="已由經更新的資料外洩事故處理及通報指引取代。",
    ),
    en=Wording(
        title="Data breach handling and notification: guidance for organisations",
        summary="A step-by-step response plan for a data breach: contain it, assess the risk of harm, notify "
        "us and the people affected, and learn from it. Replaces our earlier guidance.",
        body=english(
            """
            This guidance replaces our earlier guidance on data breach handling. It adds a timetable for
            notification, what a notification should say, and breaches at service providers.

            ## Prepare before it happens

            Write a data breach response plan: who leads the response, who decides on notification, how to
            reach your IT and legal advisers out of hours, and how you will contact the people affected.
            Test the plan at least once a year.

            ## Contain the breach

            Act at once to stop the breach and limit the damage: isolate affected systems, reset
            credentials, recall misdirected messages and ask recipients to delete data they received by
            mistake. Keep a record of every step and when it was taken.

            ## Assess the risk of harm

            Consider the kind of data (identity card numbers, financial, health and biometric data carry more
            risk), how many people are affected, whether the data was encrypted, and who may now hold it.

            ## Notify us and the people affected

            Where there is a real risk of harm, notify us as soon as practicable; we ask organisations to
            do so within 72 hours of becoming aware of the breach. If you do not yet know everything,
            notify with what you know and send the rest later. Tell the people affected what happened,
            what data was involved, what you are doing, and what they can do to protect themselves.

            ## Breaches at a service provider

            If the breach happened at a contractor handling data for you, you remain responsible. Your
            contract should require the contractor to tell you of a breach without delay.

            ## Learn from it

            Once the breach is contained, review its causes and your response, and fix what failed.
            """
        ),
    ),
    zh_hant=Wording(
        title="資料外洩事故的處理及通報：機構指引",
        summary="應對資料外洩事故的步驟：控制事故、評估造成傷害的風險、通知本署及受影響人士，並汲取教訓。本指引"
        "取代本署較早前的指引。",
        body=chinese(
            """
            本指引取代本署較早前有關處理資料外洩事故的指引，新增通報的時間表、通報應包括的內容，以及服務提供者
            發生事故時的處理方法。

            ## 事前準備

            制定資料外洩事故應變計劃：由誰統籌應變、由誰決定是否通報、如何在非辦公時間聯絡資訊科技及法律顧問，
            以及如何聯絡受影響人士。每年最少測試計劃一次。

            ## 控制事故

            立即採取行動阻止事故擴大及減低損害：隔離受影響的系統、重設登入資料、收回誤發的訊息，並要求誤收資料
            的人刪除資料。記錄每個步驟及採取的時間。

            ## 評估造成傷害的風險

            考慮資料的種類（身分證號碼、財務、健康及生物辨識資料的風險較高）、受影響人數、資料有否加密，以及
            資料現時可能落入誰手中。

            ## 通知本署及受影響人士

            如事故有造成實際傷害的風險，應在切實可行的情況下盡快通知本署；本署要求機構在知悉事故後72小時內通報。
            如仍未掌握所有資料，可先通報已知的資料，其後再作補充。通知受影響人士發生了甚麼事、涉及甚麼資料、
            機構正採取甚麼措施，以及他們可以如何保護自己。

            ## 服務提供者發生的事故

            如事故發生在代機構處理資料的承辦商，機構仍須負責。機構與承辦商的合約應要求承辦商在發生事故時
            從速通知機構。

            ## 汲取教訓

            控制事故後，應檢討事故成因及機構的應變，並改善有問題的地方。
            """
        ),
    ),
)


BUILDING_NOTICES = PlannedPublication(
    slug="building-management-notices-and-cctv",
    kind=Kind.LEAFLET,
    days_ago=150,
    topics=("cctv-and-surveillance",),
    en=None,
    zh_hant=Wording(
        title="大廈管理：張貼告示及閉路電視須知",
        summary="物業管理公司及業主立案法團在大堂張貼告示或安裝閉路電視時，應如何保障住戶的個人資料。",
        body=chinese(
            """
            物業管理公司及業主立案法團經常需要通知住戶各種事項，亦會在公用地方安裝閉路電視。處理得不好，便可能
            在不必要的情況下公開住戶的個人資料。

            ## 張貼告示

            - 追收管理費時，應直接以信件通知有關住戶，而不應在大堂張貼列出住戶姓名及單位的欠款名單。
            - 張貼會議通告或維修通知時，只列出必要的資料，例如樓層，而毋須列出住戶姓名。
            - 告示完成用途後應盡快移除。

            ## 公用地方的閉路電視

            - 在入口及攝錄範圍張貼告示，說明閉路電視的目的及管理處的聯絡方法。
            - 攝錄機不應對準個別單位的門口或窗戶。
            - 錄影片段只應保留一段合理時間，並只供指定職員查看。
            - 住戶要求查看片段時，應按查閱資料要求的程序處理，並遮蓋片段中其他人的影像。

            本單張只有中文版。
            """
        ),
    ),
)


MEDIA_STATEMENT = PlannedPublication(
    slug="commissioner-writes-to-linkwave-about-ai-training",
    kind=Kind.MEDIA_STATEMENT,
    days_ago=22,
    reply_in_days=14,
    topics=("artificial-intelligence", "social-media"),
    related=(AI_FRAMEWORK.slug,),
    en=Wording(
        title="Commissioner writes to Linkwave about training its AI on members' data by default",
        summary="The Commissioner has asked Linkwave Social why members' posts, photos and profile data are used "
        "to train its generative AI unless they opt out, and has asked for a reply by {reply_by}.",
        body=english(
            """
            The Privacy Commissioner for Personal Data (the Commissioner) has written to Linkwave Social
            Limited (Linkwave) about its recent change of privacy policy. Under the new policy, members'
            posts, photos, comments and profile information are used to train Linkwave's generative AI
            features unless members find the setting and switch it off.

            Since the change the Commissioner has received complaints from Linkwave members, including
            parents who found that photos of their children had been used, and has opened a compliance check.

            ## What we have asked Linkwave

            The letter asks Linkwave to explain, among other things:

            - when members' data started to be used to train its AI models, and which kinds of data are used;
            - which of the purposes stated to members when their data was collected covers this new use;
            - why the setting "Help improve Linkwave AI" is switched on by default, and how existing members
              were told of the change before it took effect;
            - how members can opt out, and what happens to data that has already been used;
            - whether any data, including private messages, is passed to contractors for training.

            Linkwave has been asked to reply by {reply_by}.

            ## Our position

            Personal data collected for one purpose should not be used for a new purpose without the
            prescribed consent of the person concerned, unless an exemption in the Ordinance applies. A
            setting switched on by default, which members must find and switch off themselves, is not
            consent. The Commissioner will decide on further action after studying Linkwave's reply.

            ## What members can do now

            Members who do not want their data used can switch the setting off today; our step-by-step
            guide shows how. Members who believe their personal data has been misused may complain to us.
            """
        ),
    ),
    zh_hant=Wording(
        title="私隱專員就連浪預設以會員資料訓練人工智能去信查詢",
        summary="私隱專員已去信連浪社交，查詢為何除非會員選擇退出，否則其帖文、相片及個人檔案資料會被用作訓練"
        "生成式人工智能，並要求連浪於{reply_by}或之前回覆。",
        body=chinese(
            """
            個人資料私隱專員（私隱專員）已就連浪社交有限公司（連浪）最近修訂私隱政策一事去信連浪。根據新政策，
            除非會員自行找出有關設定並把它關閉，否則會員的帖文、相片、留言及個人檔案資料會被用作訓練連浪的生成式
            人工智能功能。

            自政策修訂以來，私隱專員接獲連浪會員的投訴，當中包括發現子女相片被使用的家長，並已展開循規審查。

            ## 我們向連浪提出的問題

            信中要求連浪解釋（其中包括）：

            - 會員的資料何時開始被用作訓練其人工智能模型，以及使用了哪些種類的資料；
            - 收集資料時向會員述明的哪一項目的涵蓋這項新用途；
            - 為何「協助改善連浪AI」的設定預設為開啟，以及在修訂生效前如何通知現有會員；
            - 會員如何選擇退出，以及已被使用的資料會如何處理；
            - 有否把任何資料（包括私人訊息）交予承辦商作訓練之用。

            私隱專員要求連浪於{reply_by}或之前回覆。

            ## 本署的立場

            為某一目的而收集的個人資料，除非條例的豁免條文適用，否則未經當事人訂明同意，不應用於新目的。預設
            開啟、須由會員自行找出並關閉的設定，並不構成同意。私隱專員會在研究連浪的回覆後決定下一步行動。

            ## 會員現在可以做甚麼

            不希望資料被使用的會員，今天便可關閉有關設定，本署的逐步指南說明了方法。如會員認為其個人資料被不當
            使用，可向本署投訴。
            """
        ),
    ),
)


SWITCH_ON = "ai-training-switch-on.png"
SWITCH_OFF = "ai-training-switch-off.png"

OPT_OUT_STEPS = PlannedPublication(
    slug="stop-linkwave-training-its-ai-on-your-posts",
    kind=Kind.HOW_TO,
    days_ago=21,
    topics=("artificial-intelligence", "social-media"),
    related=(MEDIA_STATEMENT.slug, AI_FRAMEWORK.slug),
    files=(
        DemoFile(
            name=SWITCH_ON,
            content=switch_png(on=True),
            title_en="The AI training switch, on",
            title_zh_hant="人工智能訓練開關（開啟）",
        ),
        DemoFile(
            name=SWITCH_OFF,
            content=switch_png(on=False),
            title_en="The AI training switch, off",
            title_zh_hant="人工智能訓練開關（關閉）",
        ),
    ),
    en=Wording(
        title="How to stop Linkwave using your posts to train its AI",
        summary="Linkwave now uses members' posts, photos and profile data to train its generative AI unless "
        "they switch it off. These steps show how to opt out, and what to do if your request is ignored.",
        body=english(
            f"""
            Linkwave switched AI training on for every member by default. Opting out takes a few minutes.
            The menus named here are those of Linkwave's app when we wrote this guide; the website has the
            same settings under your profile picture.

            ## Open your settings

            Sign in to the Linkwave app, tap your profile picture at the top right and choose **Settings**.
            On the website, click your profile picture and choose **Settings and privacy**.

            ## Find the privacy settings for AI

            Choose **Privacy**, then **AI training**. If you cannot find it, type "AI" in the search box at
            the top of the settings page.

            ## Switch off "Help improve Linkwave AI"

            The switch is blue while your data is used for training:

            ![A settings row with its switch on: the switch is blue, its round knob at the right]({SWITCH_ON})

            Tap it once. When it is off, it turns grey and the knob moves to the left:

            ![The same row with its switch off: the switch is grey, its round knob at the left]({SWITCH_OFF})

            Switching it off stops your posts being used from now on. It does not by itself remove data that
            has already been used; the next steps deal with that.

            ## Check the apps connected to your account

            Under **Settings**, open **Apps and websites**. Remove any app or game you no longer use: apps
            you signed in to with your Linkwave account may be able to read your posts and profile.

            ## Ask Linkwave to stop using, or delete, your data

            Write to Linkwave's privacy team through the privacy contact form in its help centre, or by
            e-mail to privacy@linkwave.example. Ask it to confirm that your opt-out is recorded, to tell you
            whether your posts and photos have already been used for training, and to stop using or delete
            them. You can also make a data access request for a copy of the personal data Linkwave holds
            about you. Keep a copy of everything you send.

            ## Complain to us if Linkwave ignores you

            If Linkwave does not reply within a reasonable time, or refuses without a good reason, you can
            complain to us. Send copies of your messages to Linkwave, screenshots of your settings and the
            dates of each step.
            """
        ),
    ),
    zh_hant=Wording(
        title="如何阻止連浪以你的帖文訓練其人工智能",
        summary="連浪現時會以會員的帖文、相片及個人檔案資料訓練其生成式人工智能，除非會員自行關閉有關設定。以下"
        "步驟教你如何選擇退出，以及要求不獲理會時怎樣做。",
        body=chinese(
            f"""
            連浪已為所有會員預設開啟人工智能訓練，選擇退出只需數分鐘。以下提及的選單，是本署撰寫本指南時連浪
            應用程式的選單；網頁版的相同設定可在你的個人頭像下找到。

            ## 打開設定

            登入連浪應用程式，按右上角的個人頭像，然後選擇「**設定**」。如使用網頁版，請按個人頭像，然後選擇
            「**設定及私隱**」。

            ## 找出與人工智能有關的私隱設定

            選擇「**私隱**」，然後選擇「**人工智能訓練**」。如找不到，可在設定頁頂部的搜尋欄輸入「AI」。

            ## 關閉「協助改善連浪AI」

            你的資料被用作訓練時，開關會顯示為藍色：

            ![設定列的開關已開啟：開關呈藍色，圓鈕在右邊]({SWITCH_ON})

            按一下開關。關閉後，開關會變成灰色，圓鈕移到左邊：

            ![同一設定列的開關已關閉：開關呈灰色，圓鈕在左邊]({SWITCH_OFF})

            關閉設定後，你的帖文便不會再被使用，但已被使用的資料不會因此自動刪除，下一步會說明如何處理。

            ## 檢查已連結帳戶的應用程式

            在「**設定**」中打開「**應用程式及網站**」，移除不再使用的應用程式或遊戲：你以連浪帳戶登入的應用程式
            可能可以讀取你的帖文及個人檔案。

            ## 要求連浪停止使用或刪除你的資料

            透過連浪幫助中心的私隱查詢表格，或電郵至 privacy@linkwave.example，聯絡連浪的私隱團隊。要求連浪確認
            已記錄你選擇退出，告訴你你的帖文及相片是否已被用作訓練，並停止使用或刪除有關資料。你亦可提出查閱資料
            要求，索取連浪持有關於你的個人資料複本。請保留所有寄出文件的副本。

            ## 如連浪不理會，可向本署投訴

            如連浪沒有在合理時間內回覆，或無合理理由拒絕你的要求，你可向本署投訴，並附上你與連浪的通訊副本、
            設定畫面的截圖，以及每個步驟的日期。
            """
        ),
    ),
)


EMPLOYEE_MONITORING = PlannedPublication(
    slug="monitoring-employees-at-work",
    kind=Kind.GUIDANCE_NOTE,
    days_ago=-14,
    topics=("workplace", "cctv-and-surveillance"),
    related=(CCTV_AT_WORK.slug,),
    en=Wording(
        title="Monitoring employees at work: e-mail, internet, devices and location",
        summary="When an employer may monitor staff's e-mail, internet use, work devices and location, and how "
        "to do it fairly: a written policy, a clear purpose and no more monitoring than needed.",
        body=english(
            """
            Employers have good reasons to protect their systems and information, but monitoring collects
            personal data about employees, often including their private lives. This note covers monitoring
            of e-mail, internet use, work phones and laptops, and location tracking. Our guidance on CCTV in
            the workplace covers cameras.

            ## Assess before you monitor

            Write down the risk you want to manage, consider whether a less intrusive measure would do, and
            choose the least intrusive form of monitoring that works. Monitoring everyone all the time is
            rarely justified.

            ## Write a monitoring policy

            Tell employees, before monitoring starts, what is monitored, when, why, who sees the records, how
            long they are kept and what happens if a problem is found. Ask employees to confirm they have
            read it.

            ## Location tracking

            Track the location of vehicles or devices only during working hours, and let employees switch
            tracking off outside them. Tracking a personal phone is rarely justified.

            ## Personal use and private messages

            If you allow personal use of work devices, respect it: avoid reading messages that are plainly
            private, and never ask employees for passwords to their personal accounts.

            ## Keeping records

            Keep monitoring records only as long as needed, restrict access, and let employees see records
            about them when they ask.
            """
        ),
    ),
    zh_hant=Wording(
        title="監察員工：電郵、互聯網、工作裝置及位置",
        summary="僱主在甚麼情況下可監察員工的電郵、互聯網使用、工作裝置及位置，以及如何公平地進行監察：制定書面"
        "政策、目的清晰，以及監察不超出所需。",
        body=chinese(
            """
            僱主有合理原因保護其系統及資料，但監察會收集員工的個人資料，當中往往涉及其私人生活。本指引涵蓋電郵、
            互聯網使用、工作手機及手提電腦的監察，以及位置追蹤。有關攝錄機的做法，請參閱本署的工作間閉路電視
            指引。

            ## 監察前先作評估

            寫下希望處理的風險，考慮較不侵犯私隱的措施是否可行，並選擇能達到目的而侵犯程度最低的監察方式。全面
            及不間斷地監察所有員工，甚少有充分理據。

            ## 制定監察政策

            在開始監察前告知員工：監察甚麼、何時監察、原因、誰可查看紀錄、紀錄的保留期限，以及發現問題時會
            如何處理，並請員工確認已閱讀政策。

            ## 位置追蹤

            只在工作時間追蹤車輛或裝置的位置，並讓員工在工作時間以外關閉追蹤功能。追蹤員工的私人手機甚少有
            充分理據。

            ## 私人用途及私人訊息

            如容許員工以工作裝置作私人用途，便應予以尊重：避免閱讀明顯屬私人的訊息，亦切勿要求員工提供其私人
            帳戶的密碼。

            ## 保存紀錄

            監察紀錄只應按需要保存，並限制可查閱紀錄的人員；員工要求時，應讓其查閱與其有關的紀錄。
            """
        ),
    ),
)


# In the order they were first written: a publication relates to, or supersedes, earlier ones only.
PUBLICATIONS = (
    OLD_BREACH_GUIDANCE,
    DATA_ACCESS_REQUESTS,
    CCTV_AT_WORK,
    AI_FRAMEWORK,
    DIRECT_MARKETING,
    CROSS_BORDER,
    CHILDRENS_PRIVACY,
    DOXXING,
    BREACH_GUIDANCE,
    BUILDING_NOTICES,
    MEDIA_STATEMENT,
    OPT_OUT_STEPS,
    EMPLOYEE_MONITORING,
)
