"""The texts families read on the public pages (sign-up, consent), in the parents' guide's languages.

The languages are the guide's (models.GuideLanguage, right-to-left from RIGHT_TO_LEFT_LANGUAGES);
a text missing in a language is shown in Danish. Adding a language: add it to GuideLanguage and
its texts here (have a translator check them, as with the guide). The consent texts carry a
version: each digital consent stores the version and language it was shown in, so a changed
text gets a new CONSENT_TEXT_VERSION.
"""

from .models import RIGHT_TO_LEFT_LANGUAGES, ConsentKind, GuideLanguage

CONSENT_TEXT_VERSION = "2026-12-v1"
# The languages a family can choose on the public pages (the others fall back to Danish).
PUBLIC_LANGUAGES = [
    GuideLanguage.DANISH,
    GuideLanguage.ENGLISH,
    GuideLanguage.ARABIC,
    GuideLanguage.SOMALI,
    GuideLanguage.UKRAINIAN,
]
LANGUAGE_NAMES = {
    GuideLanguage.DANISH: "Dansk",
    GuideLanguage.ENGLISH: "English",
    GuideLanguage.ARABIC: "العربية",
    GuideLanguage.SOMALI: "Soomaali",
    GuideLanguage.UKRAINIAN: "Українська",
}

_DA = {
    "consent_title": "Samtykke til Talentværkstedet",
    "consent_intro": "Her giver du samtykke for %(name)s. Du kan sige ja eller nej til hver ting for sig, "
    "og du kan altid trække et samtykke tilbage.",
    "code_intro": "Vi sender en engangskode til %(where)s, så vi ved, at det er dig.",
    "send_code": "Send kode",
    "code_label": "Engangskode",
    "confirm_code": "Bekræft",
    "yes": "Ja",
    "no": "Nej",
    "typed_name": "Skriv dit fulde navn",
    "submit": "Giv mit svar",
    "your_consents": "Det har du svaret",
    "receipt": "Hent kvittering (PDF)",
    "withdraw": "Træk tilbage",
    "contact": "Spørgsmål? Ring til Talentværkstedet på %(phone)s.",
    "expired": "Linket er udløbet eller virker ikke længere. Ring til os, så sender vi et nyt.",
    "locked": "Linket er låst efter for mange forkerte koder. Ring til os, så sender vi et nyt.",
    ConsentKind.PARTICIPATION: "Deltagelse: at %(name)s må være med i Talentværkstedet og få hjælp til et fritidsjob.",
    ConsentKind.PROCESSING: "Oplysninger: at vi må gemme og bruge de oplysninger, der skal til for at hjælpe "
    "(navn, skole, kontakt, ønsker).",
    ConsentKind.SHARE_WITH_COMPANY: "Virksomhed: at vi må sende navn, alder og ønsker til en virksomhed, der "
    "måske kan tilbyde et job.",
    ConsentKind.SHARE_WITH_MENTOR: "Mentor: at en frivillig mentor må få navn og telefonnummer og hjælpe %(name)s.",
    ConsentKind.PHOTO_VIDEO: "Foto og video: at vi må tage billeder eller video, hvor %(name)s er med, til "
    "Talentværkstedets egne materialer.",
}
_EN = {
    "consent_title": "Consent for the Talentværksted",
    "consent_intro": "Here you give consent for %(name)s. You can say yes or no to each item, "
    "and you can always withdraw a consent.",
    "code_intro": "We send a one-time code to %(where)s so we know it is you.",
    "send_code": "Send code",
    "code_label": "One-time code",
    "confirm_code": "Confirm",
    "yes": "Yes",
    "no": "No",
    "typed_name": "Type your full name",
    "submit": "Give my answer",
    "your_consents": "Your answers",
    "receipt": "Download receipt (PDF)",
    "withdraw": "Withdraw",
    "contact": "Questions? Call the Talentværksted on %(phone)s.",
    "expired": "The link has expired or no longer works. Call us and we will send a new one.",
    "locked": "The link is locked after too many wrong codes. Call us and we will send a new one.",
    ConsentKind.PARTICIPATION: "Taking part: %(name)s may join the Talentværksted and get help finding a leisure job.",
    ConsentKind.PROCESSING: "Information: we may keep and use the information needed to help "
    "(name, school, contact details, wishes).",
    ConsentKind.SHARE_WITH_COMPANY: "Company: we may send name, age and wishes to a company that may offer a job.",
    ConsentKind.SHARE_WITH_MENTOR: "Mentor: a volunteer mentor may get name and phone number and help %(name)s.",
    ConsentKind.PHOTO_VIDEO: "Photo and video: we may take photos or video with %(name)s for the "
    "Talentværksted's own materials.",
}
_AR = {
    "consent_title": "الموافقة على المشاركة في Talentværkstedet",
    "consent_intro": "هنا تعطي موافقتك بخصوص %(name)s. يمكنك أن تقول نعم أو لا لكل بند على حدة، "
    "ويمكنك دائماً سحب موافقتك.",
    "code_intro": "سنرسل رمزاً لمرة واحدة إلى %(where)s لنتأكد أنك أنت.",
    "send_code": "أرسل الرمز",
    "code_label": "رمز لمرة واحدة",
    "confirm_code": "تأكيد",
    "yes": "نعم",
    "no": "لا",
    "typed_name": "اكتب اسمك الكامل",
    "submit": "أرسل إجابتي",
    "your_consents": "إجاباتك",
    "receipt": "تنزيل الإيصال (PDF)",
    "withdraw": "سحب الموافقة",
    "contact": "أسئلة؟ اتصل بـ Talentværkstedet على الرقم %(phone)s.",
    "expired": "انتهت صلاحية الرابط. اتصل بنا وسنرسل رابطاً جديداً.",
    "locked": "تم قفل الرابط بعد عدة رموز خاطئة. اتصل بنا وسنرسل رابطاً جديداً.",
    ConsentKind.PARTICIPATION: "المشاركة: أن يشارك %(name)s في Talentværkstedet ويحصل على مساعدة لإيجاد عمل.",
    ConsentKind.PROCESSING: "المعلومات: أن نحفظ ونستخدم المعلومات اللازمة للمساعدة (الاسم، المدرسة، التواصل، الرغبات).",
    ConsentKind.SHARE_WITH_COMPANY: "الشركة: أن نرسل الاسم والعمر والرغبات إلى شركة قد تعرض عملاً.",
    ConsentKind.SHARE_WITH_MENTOR: "المرشد: أن يحصل مرشد متطوع على الاسم ورقم الهاتف ليساعد %(name)s.",
    ConsentKind.PHOTO_VIDEO: "الصور والفيديو: أن نلتقط صوراً أو فيديو يظهر فيه %(name)s لمواد Talentværkstedet.",
}
_SO = {
    "consent_title": "Oggolaansho Talentværkstedet",
    "consent_intro": "Halkan waxaad ku bixinaysaa oggolaansho %(name)s. Mid kasta haa ama maya ayaad u dhihi kartaa, "
    "waxaadna had iyo jeer dib u qaadan kartaa oggolaanshaha.",
    "send_code": "Dir koodhka",
    "code_label": "Koodh hal mar ah",
    "confirm_code": "Xaqiiji",
    "yes": "Haa",
    "no": "Maya",
    "typed_name": "Qor magacaaga oo dhan",
    "submit": "Dir jawaabtayda",
    "receipt": "Soo deji rasiidka (PDF)",
    "withdraw": "Dib u qaado",
}
_UK = {
    "consent_title": "Згода для Talentværkstedet",
    "consent_intro": "Тут ви даєте згоду щодо %(name)s. Ви можете сказати так чи ні кожному пункту окремо "
    "і завжди можете відкликати згоду.",
    "code_intro": "Ми надішлемо одноразовий код на %(where)s, щоб переконатися, що це ви.",
    "send_code": "Надіслати код",
    "code_label": "Одноразовий код",
    "confirm_code": "Підтвердити",
    "yes": "Так",
    "no": "Ні",
    "typed_name": "Введіть ваше повне ім'я",
    "submit": "Надіслати відповідь",
    "your_consents": "Ваші відповіді",
    "receipt": "Завантажити квитанцію (PDF)",
    "withdraw": "Відкликати",
}
TEXTS = {
    GuideLanguage.DANISH: _DA,
    GuideLanguage.ENGLISH: _EN,
    GuideLanguage.ARABIC: _AR,
    GuideLanguage.SOMALI: _SO,
    GuideLanguage.UKRAINIAN: _UK,
}


def texts_for(language: str) -> dict[str, str]:
    """Every text in `language`, each missing one in Danish."""
    return {**_DA, **TEXTS.get(language, {})}


def text_direction(language: str) -> str:
    return "rtl" if language in RIGHT_TO_LEFT_LANGUAGES else "ltr"


def consent_explanations(language: str, name: str) -> list[tuple[str, str, str]]:
    """(kind, Danish label, plain-language explanation in `language`) for every kind of consent."""
    texts = texts_for(language)
    return [(kind.value, kind.label, texts[kind] % {"name": name}) for kind in ConsentKind]


# --- the public sign-up page ---------------------------------------------------------------------

_SIGNUP_DA = {
    "title": "Tilmeld dig Talentværkstedet",
    "intro": "Er du mellem 13 og 17 år og vil gerne have et fritidsjob? Eller er du forælder til en ung, der vil? "
    "Skriv jer op her. Vi spørger ikke om andet, end vi skal bruge for at kontakte jer.",
    "contact": "Spørgsmål? Ring på",
    "submit": "Send tilmelding",
    "youth": "Den unge",
    "parent": "Forælderen",
    "thanks_title": "Tak for tilmeldingen",
    "thanks_received": "Vi har modtaget tilmeldingen.",
    "thanks_next": "Hvad sker der nu?",
    "thanks_steps": [
        "En medarbejder i Talentværkstedet læser tilmeldingen inden for en uge.",
        "I får en SMS eller en e-mail om, at vi har taget imod den.",
        "En konsulent ringer til jer og aftaler et møde. Bagefter beder vi forælderen om samtykke.",
    ],
    "labels": {},  # Danish: the form's own labels
}
_SIGNUP_EN = {
    "title": "Sign up for the Talentværksted",
    "intro": "Are you 13 to 17 and would like a leisure job? Or are you the parent of a young person who would? "
    "Sign up here. We only ask for what we need to contact you.",
    "contact": "Questions? Call",
    "submit": "Send sign-up",
    "youth": "The young person",
    "parent": "The parent",
    "thanks_title": "Thank you for signing up",
    "thanks_received": "We have received the sign-up.",
    "thanks_next": "What happens now?",
    "thanks_steps": [
        "Someone at the Talentværksted reads the sign-up within a week.",
        "You get a text message or an e-mail when we have accepted it.",
        "A consultant calls you to arrange a meeting. Then we ask the parent for consent.",
    ],
    "labels": {
        "submitted_by": "Who is filling in the form?",
        "youth_first_name": "First name of the young person",
        "youth_last_name": "Last name of the young person",
        "youth_birth_date": "Date of birth of the young person",
        "school": "School",
        "youth_phone": "Phone of the young person",
        "wishes": "Would like to work with",
        "availability": "Can work (days and times)",
        "parent_first_name": "Parent's first name",
        "parent_last_name": "Parent's last name",
        "parent_phone": "Parent's phone",
        "parent_email": "Parent's e-mail",
        "language": "Which language does the parent read best?",
    },
}
_SIGNUP_AR = {
    "title": "سجّل في Talentværkstedet",
    "intro": "هل عمرك بين 13 و17 سنة وتريد عملاً في وقت الفراغ؟ أو هل أنت والد/والدة شاب يريد ذلك؟ "
    "سجّلوا هنا. لا نسأل إلا عما نحتاجه للتواصل معكم.",
    "contact": "أسئلة؟ اتصل على",
    "submit": "أرسل التسجيل",
    "youth": "الشاب/الشابة",
    "parent": "الوالد/الوالدة",
    "thanks_title": "شكراً على التسجيل",
    "thanks_received": "لقد استلمنا التسجيل.",
    "thanks_next": "ماذا سيحدث الآن؟",
    "thanks_steps": [
        "يقرأ موظف في Talentværkstedet التسجيل خلال أسبوع.",
        "ستصلكم رسالة نصية أو بريد إلكتروني عندما نقبله.",
        "سيتصل بكم مستشار لتحديد موعد. بعد ذلك نطلب موافقة الوالدين.",
    ],
    "labels": {
        "submitted_by": "من يملأ التسجيل؟",
        "youth_first_name": "الاسم الأول للشاب/الشابة",
        "youth_last_name": "اسم العائلة للشاب/الشابة",
        "youth_birth_date": "تاريخ ميلاد الشاب/الشابة",
        "school": "المدرسة",
        "youth_phone": "هاتف الشاب/الشابة",
        "wishes": "يرغب في العمل في",
        "availability": "متى يستطيع العمل",
        "parent_first_name": "الاسم الأول للوالد/الوالدة",
        "parent_last_name": "اسم العائلة للوالد/الوالدة",
        "parent_phone": "هاتف الوالد/الوالدة",
        "parent_email": "البريد الإلكتروني للوالد/الوالدة",
        "language": "ما اللغة التي يقرؤها الوالد/الوالدة بشكل أفضل؟",
    },
}
_SIGNUP_SO = {
    "title": "Isdiiwaangeli Talentværkstedet",
    "intro": "Ma tahay 13 ilaa 17 sano oo ma rabtaa shaqo waqtiga firaaqada ah? Mise waxaad waalid u tahay qof "
    "dhallinyaro ah oo raba? Halkan isku qora.",
    "contact": "Su'aalo? Wac",
    "submit": "Dir diiwaangelinta",
    "youth": "Qofka dhallinyarada ah",
    "parent": "Waalidka",
    "thanks_title": "Waad ku mahadsan tahay diiwaangelinta",
    "thanks_received": "Waan helnay diiwaangelinta.",
    "thanks_next": "Maxaa hadda dhacaya?",
}
_SIGNUP_UK = {
    "title": "Зареєструйтеся в Talentværkstedet",
    "intro": "Тобі від 13 до 17 років і ти хочеш підробіток? Або ви батьки молодої людини, яка хоче? "
    "Зареєструйтеся тут. Ми питаємо лише те, що потрібно, щоб зв'язатися з вами.",
    "contact": "Питання? Телефонуйте",
    "submit": "Надіслати реєстрацію",
    "youth": "Молода людина",
    "parent": "Батьки",
    "thanks_title": "Дякуємо за реєстрацію",
    "thanks_received": "Ми отримали реєстрацію.",
    "thanks_next": "Що буде далі?",
}
SIGNUP_TEXTS = {
    GuideLanguage.DANISH: _SIGNUP_DA,
    GuideLanguage.ENGLISH: _SIGNUP_EN,
    GuideLanguage.ARABIC: _SIGNUP_AR,
    GuideLanguage.SOMALI: _SIGNUP_SO,
    GuideLanguage.UKRAINIAN: _SIGNUP_UK,
}


def signup_texts_for(language: str) -> dict:
    """The sign-up page's texts in `language`, each missing one in Danish (labels: the form's Danish ones)."""
    return {**_SIGNUP_DA, **SIGNUP_TEXTS.get(language, {})}
