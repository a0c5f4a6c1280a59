"""The story's publications: the AI framework, the media statement about Linkwave and the steps to
opt out of its AI training."""

from guidance.demo.content.plan import (
    DemoFile,
    PlannedPublication,
    Wording,
    chinese,
    english,
)
from guidance.demo.files import one_page_pdf, switch_png
from guidance.models import Kind

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
