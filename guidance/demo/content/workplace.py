"""Guidance for employers and firms: CCTV and monitoring at work, cross-border transfers."""

from guidance.demo.content.plan import (
    PlannedPublication,
    Wording,
    chinese,
    english,
)
from guidance.models import Kind

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
