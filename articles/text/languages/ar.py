"""Arabic (العربية) in the text pipeline: one ``LANGUAGE`` (see ``articles/text/languages/``).

**Speakers**: Arabic has no capital letters, so it brings its own finder.

The reporting verb usually opens the clause and its subject follows ("قال د. محمد العلي، وزير
المالية، إن ..."); titles before the name are dropped; "وفقا للبنك المركزي" / "بحسب" / "نقلا عن"
name a source; a verb with no subject after it ("وأضاف: «...»") is a pronoun whose gender is the
verb's ("وأضافت" is she), resolved within the article like "he"/"she". Pure Python; see
:mod:`..speaker`.

**Segmentation** (``segment_data.SegmentRules``) and **check-worthiness cues**
(``base.Cues``) below.
"""

from __future__ import annotations

import re

from ..segment_data import SegmentRules
from ..speaker import ZERO, SpeakerRules, Who, _mask_quotes, language_rules
from .base import Cues, Language, words

# ------------------------------------------------------------------ speakers


def _w(s: str) -> frozenset[str]:
    return frozenset(s.split())


# masculine past / present forms; the feminine adds ت (past) or starts with ت (present)
_MASCULINE = _w(
    "قال أضاف صرح صرّح أكد أكّد أوضح أعلن ذكر أشار تابع كتب أفاد لفت شدد شدّد اعتبر رأى حذر حذّر "
    "أكمل استطرد نفى ردّ رد يقول يضيف يؤكد يرى"
)
_FEMININE = [v[1:] and "ت" + v[1:] if v.startswith("ي") else v + "ت" for v in _MASCULINE]
_VERB = re.compile(
    r"(?<!\w)[وف]?(" + "|".join(sorted({*_MASCULINE, *_FEMININE}, key=len, reverse=True)) + r")(?!\w)"
)
_FEMININE_SET = frozenset(_FEMININE)
_ACCORDING = re.compile(
    r"(?<!\w)(?:و?وفق(?:ا|اً|ًا)?\s+(?=ل)|و?بحسب\s+|و?حسب\s+|نقلا\s+عن\s+|نقلاً\s+عن\s+|على\s+لسان\s+)"
)
# where a subject after the verb ends
_END = re.compile(r"[،,:;!?؟«»“”\"()\[\]\x1f—–]|(?<!\bد)\.|\s-\s")
_STOP = _w("إن إنه إنها أن أنه أنها بأن في على إلى عن من خلال مع أمام اليوم أمس لـ ل يوم الذي التي")
_TITLES = _w(
    "الرئيس رئيس رئيسة الوزير وزير وزيرة الوزيرة د. د الدكتور الدكتورة السيد السيدة المتحدث المتحدثة "
    "متحدث الناطق الناطقة ناطق باسم الأمين العام الشيخ الأمير الملك الملكة اللواء العميد العقيد "
    "الجنرال النائب النائبة السفير السفيرة المستشار المستشارة مدير مديرة المدير المديرة الأستاذ "
    "الأستاذة البروفيسور رئيس الوزراء المالية الخارجية الداخلية الدفاع الصحة"
)
_FEMALE_TITLES = _w(
    "رئيسة وزيرة الوزيرة الدكتورة السيدة المتحدثة الناطقة الملكة النائبة السفيرة المستشارة مديرة المديرة الأستاذة"
)
_ORG = _w(
    "الحكومة الوزارة وزارة الجيش الشرطة البنك المركزي المصرف الأمم المتحدة البرلمان المجلس الرئاسة "
    "الشركة الهيئة المنظمة الجامعة الوكالة المحكمة النيابة الصندوق"
)
_MALE_NAMES = _w(
    "محمد أحمد علي خالد عمر حسن حسين محمود يوسف إبراهيم مصطفى سعيد عبد عبدالله سامي طارق كريم فيصل"
)
_FEMALE_NAMES = _w("فاطمة عائشة مريم سارة ليلى نور هدى زينب رانيا سلمى منى ريم دينا أمل")


def _source(words: list[str], after_according: bool) -> Who | None:
    if after_according and words:
        w = words[0]
        if w.startswith("لل"):
            words = ["ال" + w[2:], *words[1:]]  # "للبنك" -> "البنك"
        elif w.startswith("ل") and len(w) > 2:
            words = [w[1:], *words[1:]]
    female = False
    while words and words[0] in _TITLES:
        female = female or words[0] in _FEMALE_TITLES
        words = words[1:]
    if not words:
        return None  # "قال الرئيس": a title, no name
    words = words[:3]
    if words[0] in _ORG or words[0].startswith("ال") and words[0] in _ORG:
        return Who(" ".join(words), "org")
    if words[0].startswith("ال"):
        return None  # "وزير المالية": a portfolio, not a name
    first = words[0]
    gender = "f" if female or first in _FEMALE_NAMES else "m" if first in _MALE_NAMES else None
    return Who(" ".join(words), "person", gender)


def _phrase(masked: str, pos: int) -> list[str]:
    m = _END.search(masked, pos)
    words = masked[pos : m.start() if m else len(masked)].split()
    out = []
    for w in words:
        if w in _STOP:
            break
        out.append(w)
    return out


def find(sentence: str, rules: SpeakerRules) -> Who | None:
    """The speaker of one Arabic sentence (see the module docstring)."""
    masked = _mask_quotes(sentence, rules) if any(c in sentence for c in '«»“”"') else sentence
    m = _ACCORDING.search(masked)
    if m is not None:
        who = _source(_phrase(masked, m.end()), True)
        if who is not None:
            return who
    for m in _VERB.finditer(masked):
        rest = masked[m.end() :].lstrip()
        words = _phrase(masked, m.end())
        if words:
            who = _source(words, False)
            if who is not None:
                return who
            continue
        if not rest or rest[0] in ':«“\x1f"' or rest.split(None, 1)[0] in _STOP:
            return Who("هي" if m.group(1) in _FEMININE_SET else "هو")  # "وأضاف: «...»"
    return None


_SPEAKER = language_rules(
    "ar",
    verbs=(),
    weak_verbs=frozenset(),
    object_verbs=frozenset(),
    according_to="",
    saying="",
    pronouns={"هو": "m", "هي": "f", "هم": "group", ZERO: "any"},
    male_names=_MALE_NAMES,
    female_names=_FEMALE_NAMES,
    titles=_TITLES,
    female_titles=_FEMALE_TITLES,
    org_words=_ORG,
    label_stop=_w("ملاحظة تحديث صورة فيديو المصدر اقرأ"),
    open_quotes="«“",
    close_quotes="»”",
    finder=find,
)

# ------------------------------------------------------------------ segmentation

_SEGMENT = SegmentRules(
    language="ar",
    # Arabic letters are caseless: segment.py folds them to a capital so that a period or "؟"
    # before an Arabic word is a boundary; titles such as "د." (doctor), "أ.د." (professor),
    # "م." (engineer) must then be joined back.
    titles=_w("د أ.د أ م ص.ب ت إلخ"),
    starters=frozenset(),
    reporting_verbs=_w("قال قالت وقال وقالت أضاف وأضاف أضافت وأضافت سأل وسأل صرح وصرح"),
)

# ------------------------------------------------------------------ the language

LANGUAGE = Language(
    code="ar",
    name="Arabic",
    native_name="العربية",
    direction="rtl",
    segment=_SEGMENT,
    speaker=_SPEAKER,
    cues=Cues(
        numbers=words(
            "اثنان اثنين اثنتين ثلاث ثلاثة أربع أربعة خمس خمسة ست ستة سبع سبعة ثماني ثمانية تسع تسعة "
            "عشر عشرة عشرين ثلاثين أربعين خمسين مئة مائة مئات ألف آلاف ألفا مليون ملايين مليار "
            "مليارات بمليون بمليار وملايين عشرات"
        ),
        percent=("بالمئة", "بالمائة", "المئة", "المائة", "بالمية", "في المئة", "في المائة", "نسبة", "بنسبة"),
        money=words(
            "دولار دولارات بالدولار يورو ريال ريالات درهم دراهم دينار دنانير جنيه جنيهات ليرة ليرات روبل"
        ),
        comparison=words(
            "أكثر أقل أعلى أدنى أكبر أصغر أفضل أسوأ ارتفع ارتفعت ارتفاع انخفض انخفضت انخفاض تضاعف "
            "تضاعفت زيادة تراجع تراجعت مقارنة قياسي"
        )
        + ("أكثر من", "أقل من", "مقارنة ب"),
        attribution=words(
            "قال قالت وقال وقالت يقول أكد وأكد أكدت وأكدت أعلن وأعلن أعلنت أضاف وأضاف أضافت صرح وصرح "
            "أفاد وأفاد أوضح وأوضح بحسب وبحسب حسب وفقا وفق نقلا"
        )
        + ("وفقا ل", "نقلا عن"),
        dates=words(
            "يناير فبراير مارس أبريل إبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر كانون "
            "شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين الاثنين الثلاثاء الأربعاء الخميس الجمعة "
            "السبت الأحد أمس اليوم غدا عام العام"
        )
        + ("العام الماضي", "الشهر الماضي", "الأسبوع الماضي"),
        stamp_words=words("آخر تحديث نشر تاريخ النشر بتاريخ الساعة في"),
        named_entities="none",
    ),
    model="ar",
    search_config="arabic",
    order=6,
)
