"""Guidance on data breaches and on answering data access requests."""

from guidance.demo.content.plan import (
    Note,
    PlannedPublication,
    Revision,
    Wording,
    chinese,
    english,
)
from guidance.models import Kind

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
