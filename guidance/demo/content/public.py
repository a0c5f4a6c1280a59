"""Advice to the public: direct marketing, children's privacy online, doxxing, building notices."""

from guidance.demo.content.plan import (
    PlannedPublication,
    Wording,
    chinese,
    english,
)
from guidance.models import Kind

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
