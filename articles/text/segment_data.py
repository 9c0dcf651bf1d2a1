"""Per-language sentence-boundary settings for ``segment.py`` (pure Python, data only).

``segment.py`` asks sentencex for boundary candidates (on an ASCII-folded copy of each line),
then applies the rules below at every boundary it was given: a boundary is undone ("joined")
when the text before it ends with an abbreviation that cannot end a sentence, and a few
boundaries sentencex misses are added ("split"). Each language is one ``SegmentRules``;
``RULES`` holds those with their own settings, ``rules_for(code)`` finds one for any code
("pt-BR" -> pt; unknown codes get a generic rule set that still splits).

Abbreviations are written without their final period. An entry in lower case matches the
word in any case; an entry with a capital matches only that spelling (French "M" is
"Monsieur" but "m." is a metre).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .language import base_code

__all__ = ["GENERIC", "RULES", "SUPPORTED", "SegmentRules", "rules_for"]


@dataclass(frozen=True, slots=True)
class SegmentRules:
    language: str
    # sentencex language code used for the candidate boundaries (chosen by measurement on the
    # tests' sentences: sentencex's own Spanish/Italian/Portuguese lists hold words such as
    # "bien", "en", "de" that often end a sentence, so those languages use its English base).
    engine: str = "en"
    # never end a sentence: titles before a name ("Rep.", "Sr.", "Dott."), "z.B.", "vs."...
    titles: frozenset[str] = frozenset()
    # end a sentence only when the next word is a usual sentence opener ("Acme Corp. The ...")
    soft: frozenset[str] = frozenset()
    # two-token abbreviations that never end a sentence ("z. B.") or may ("EE. UU.")
    pairs: frozenset[str] = frozenset()
    pairs_open: frozenset[str] = frozenset()  # of ``pairs``, those that never end a sentence
    # a time abbreviation ("a.m.") ends a sentence unless a weekday, month or time zone follows
    times: frozenset[str] = frozenset()
    time_followers: frozenset[str] = frozenset()
    # words that open sentences: after a soft abbreviation they mean a new sentence
    starters: frozenset[str] = frozenset()
    # ordinal numbers written "31." (German): no boundary before a month, or after one of these words
    ordinals: bool = False
    months: frozenset[str] = frozenset()
    ordinal_before: frozenset[str] = frozenset()
    # never end a sentence before a number ("No. 2", "Mar. 23", "párrf. 5", "S. 225")
    before_number: frozenset[str] = frozenset()
    # a sentence always opens with these marks after a terminator ("km/h. ¿En cuánto ...")
    openers: str = ""
    # a quoted question or exclamation stays with a following "Name verb." attribution
    reporting_verbs: frozenset[str] = frozenset()
    # a period sentencex does not split at, but should (e.g. "no." followed by a capital word)
    split_after: frozenset[str] = field(default_factory=frozenset)
    # derived: every word before a period that needs a closer look (titles, soft, times)
    dot_keys: frozenset[str] = field(init=False, default=frozenset())
    # derived: the tokens that make up ``pairs`` and two-token ``times`` ("EE.", "UU.", "z.", "B.")
    pair_tokens: frozenset[str] = field(init=False, default=frozenset())
    split_needles: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        keys = self.titles | self.soft | self.before_number | {t for t in self.times if " " not in t}
        object.__setattr__(self, "dot_keys", frozenset(keys))
        tokens = {tok for pair in self.pairs | self.times for tok in pair.split() if " " in pair}
        object.__setattr__(self, "pair_tokens", frozenset(tokens))
        object.__setattr__(self, "split_needles", tuple(f"{w}. " for w in sorted(self.split_after)))


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _pairs(text: str) -> frozenset[str]:
    """Two-token abbreviations, written with "_" for the space between them: "z._B." is "z. B."."""
    return frozenset(w.replace("_", " ") for w in text.split())


_EN_MONTHS = _words(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
)
_EN_DAYS = _words(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thurs Fri Sat Sun"
)
_TIME_ZONES = _words(
    "ET EST EDT CT CST CDT MT MST MDT PT PST PDT GMT UTC BST CET CEST AEST AEDT IST JST local Eastern Pacific "
    "Central Mountain"
)

_EN = SegmentRules(
    language="en",
    titles=_words(
        "mr mrs ms messrs mmes dr prof rep reps sen sens gov govs lt gen col capt cmdr cpl sgt maj adm "
        "brig pvt supt det insp atty rev hon fr msgr st mt ft gens cols pres vs v amb sec supt cmdr "
        "asst assoc dept e.g i.e cf approx"
    ),
    soft=_words("inc corp co ltd jr sr llc plc bros etc u.s u.k u.n e.u"),
    times=_words("a.m p.m"),
    time_followers=_EN_DAYS | _EN_MONTHS | _TIME_ZONES | _words("today tomorrow yesterday tonight"),
    starters=_words(
        "The A An He She It They We I You This That These Those There His Her Its Their Our My But And "
        "So Yet Or In On At For After Before When While As If Although Though Since Because However "
        "Meanwhile Still Then Now Some Many Most All No Not One Two Three Last Next Today Yesterday "
        "Earlier Later Officials Police How What Why Who Where Which"
    ),
    reporting_verbs=_words(
        "said says asked asks shouted shouts added adds wrote writes replied replies told tells yelled "
        "exclaimed wondered declared declares insisted insists cried tweeted posted continued explained "
        "demanded noted quipped responded countered answered retorted snapped recalled warned argued "
        "pressed interjected laughed screamed whispered"
    ),
    split_after=_words("no"),
    before_number=_words(
        "no nos p pp vol ch chap art sec fig ex jan feb mar apr jun jul aug sep sept oct nov dec"
    ),
)

_DE_MONTHS = _words(
    "Januar Jänner Februar März April Mai Juni Juli August September Oktober November Dezember "
    "Jan Feb Febr Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez"
)
_DE = SegmentRules(
    language="de",
    engine="de",
    titles=_words(
        "nr bzw bzgl ca dr prof hr fr dipl ing mag st abs art abb ggf evtl inkl exkl zzgl usw vgl "
        "sog gem lt vs geb gest jh jhd mio mrd tsd min max co str"
    ),
    soft=_words("usw etc ag gmbh kg e.v mio mrd"),
    pairs=_pairs("z._B. d._h. u._a. o._ä. u._U. s._o. s._u. v._a. z._T. z._Zt. m._E."),
    pairs_open=_pairs("z._B. d._h. u._a. s._o. s._u. v._a. z._T. u._U. m._E."),
    starters=_words(
        "Der Die Das Ein Eine Er Sie Es Wir Ich Man Dies Diese Dieser Im In Am Auf Nach Vor Bei Mit "
        "Aber Und Doch Denn Auch Als Wenn Seit Zudem Außerdem Dabei Damit Dann So Nun"
    ),
    ordinals=True,
    months=_DE_MONTHS,
    ordinal_before=_words(
        "am im vom zum zur beim der die das dem den des ab bis seit um vor nach jeden jede jedes "
        "einer einem eines ihr ihrem ihrer sein seinem seiner unser mein bis zum ersten am dem"
    ),
    reporting_verbs=_words("sagte sagt fragte fragt erklärte rief schrieb betonte"),
    before_number=_words("nr s abs art bd ca jan feb febr mär apr jun jul aug sep sept okt nov dez"),
)

_ES = SegmentRules(
    language="es",
    titles=_words(
        "sr sra srta sres sras dr dra dres lic lcda lcdo ing arq prof profa gral gen cnel tte cap "
        "pdte pte excmo excma ilmo sto sta mons núm nº art pág págs tel av avda c/ cía dpto vol "
        "aprox ej etc vs"
    ),
    soft=_words("s.a cía etc"),
    pairs=_pairs("EE._UU. a._m. p._m. p._ej. S._A. FF._AA. CC._OO. RR._HH."),
    pairs_open=_pairs("p._ej."),
    times=_pairs("a._m. p._m. a.m p.m"),
    time_followers=_words(
        "lunes martes miércoles jueves viernes sábado domingo enero febrero marzo abril mayo junio "
        "julio agosto septiembre setiembre octubre noviembre diciembre hora horas local GMT UTC CET"
    ),
    starters=_words(
        "El La Los Las Un Una Unos Unas Él Ella Ellos Ellas Esto Este Esta Estos Estas Eso Ese Esa "
        "En Con Por Para Pero Y Sin Sin Según Además También Sin Tras Desde Hasta Cuando Mientras Así "
        "Se No Ya Hoy Ayer Su Sus Nos Lo Le Les Al Del"
    ),
    reporting_verbs=_words("dijo dice preguntó pregunta afirmó añadió gritó exclamó declaró señaló aseguró"),
    split_after=_words("no"),
    before_number=_words(
        "núm párr párrf pág págs art cap vol tel ene feb mar abr may jun jul ago sep sept set oct nov dic "
        "lun mié jue vie sáb dom"
    ),
    openers="¿¡",
)

_FR = SegmentRules(
    language="fr",
    titles=frozenset({"M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Me", "Mgr", "Dr", "Pr", "St", "Ste"})
    | _words("dr pr av bd boul apr env cf etc vol art chap fig p pp ex hab no nº c.-à-d"),
    soft=_words("etc cie"),
    pairs=_pairs("p._ex."),
    pairs_open=_pairs("p._ex."),
    starters=_words(
        "Le La Les Un Une Des Il Elle Ils Elles On Nous Je Ce Cette Ces Cet Mais Et En Dans Pour Selon "
        "Depuis Après Avant Pourtant Ainsi Alors Puis Aujourd'hui Aujourd’hui"
    ),
    reporting_verbs=_words("dit demande demandé déclaré lance lancé affirme affirmé ajoute ajouté s'exclame"),
    before_number=_words("no n° nº p art vol chap janv févr avr juil sept oct nov déc"),
)

_PT = SegmentRules(
    language="pt",
    titles=_words(
        "sr sra srta srs sras dr dra drs dras prof profa profª eng engª gen cel ten cap pres dep sen "
        "gov min av pág art núm nº vol ex exmo exma ilmo ilma sto sta etc vs"
    ),
    soft=_words("s.a ltda cia etc"),
    pairs=_pairs("EE._UU."),
    starters=_words(
        "O A Os As Um Uma Ele Ela Eles Elas Isso Isto Este Esta Esse Essa No Na Nos Nas Em Com Por Para "
        "Mas E Segundo Além Também Depois Antes Quando Enquanto Hoje Ontem Não Já"
    ),
    reporting_verbs=_words("disse diz perguntou pergunta afirmou acrescentou gritou declarou"),
    before_number=_words("nº núm pág art cap vol jan fev mar abr mai jun jul ago set out nov dez"),
)

_IT = SegmentRules(
    language="it",
    titles=_words(
        "sig sigg sig.ra sig.na dott dott.ssa dr prof prof.ssa avv ing arch geom rag on sen gen col dir amm "
        "mons sen cav comm egr gent spett art pag pagg n nr tel vol ecc ca vs"
    ),
    soft=_words("s.p.a spa s.r.l srl ecc"),
    starters=_words(
        "Il Lo La I Gli Le Un Uno Una Lui Lei Loro Questo Questa Quello Quella In Con Per Ma E Secondo "
        "Inoltre Anche Dopo Prima Quando Mentre Oggi Ieri Non Già Nel Nella Nei Nelle Al Alla"
    ),
    reporting_verbs=_words("disse dice ha chiese chiede affermò aggiunse gridò dichiarò"),
    before_number=_words("n nr pag art cap vol tel gen feb mar apr mag giu lug ago set sett ott nov dic"),
)

_AR = SegmentRules(
    language="ar",
    # Arabic letters are caseless: segment.py folds them to a capital so that a period or "؟"
    # before an Arabic word is a boundary; titles such as "د." (doctor), "أ.د." (professor),
    # "م." (engineer) must then be joined back.
    titles=_words("د أ.د أ م ص.ب ت إلخ"),
    starters=frozenset(),
    reporting_verbs=_words("قال قالت وقال وقالت أضاف وأضاف أضافت وأضافت سأل وسأل صرح وصرح"),
)

RULES: dict[str, SegmentRules] = {r.language: r for r in (_EN, _DE, _ES, _FR, _PT, _IT, _AR)}
# Languages with their own rules (the others fall back to ``GENERIC``).
SUPPORTED = frozenset(RULES)

GENERIC = SegmentRules(
    language="und",
    titles=_words("dr prof mr mrs ms st"),
    starters=frozenset(),
)

_CODE = re.compile(r"[a-z]{2,3}")
_generic_cache: dict[str, SegmentRules] = {}


def rules_for(code: str | None) -> SegmentRules:
    """The rules for a language code ("en", "pt-BR", "de_AT"...); unknown codes get ``GENERIC``.

    For an unknown but well-formed code the generic rules still pass the code on to sentencex,
    which has abbreviation lists (and fallbacks) for many more languages.
    """
    if not code:
        return _EN
    rules = RULES.get(code)
    if rules is not None:
        return rules
    base = base_code(code)
    rules = RULES.get(base)
    if rules is not None:
        return rules
    cached = _generic_cache.get(base)
    if cached is None:
        engine = base if _CODE.fullmatch(base) else "en"
        cached = SegmentRules(
            language=base or "und", engine=engine, titles=GENERIC.titles, starters=GENERIC.starters
        )
        if len(_generic_cache) < 512:
            _generic_cache[base] = cached
    return cached
