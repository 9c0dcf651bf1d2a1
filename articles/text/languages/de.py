"""German (Deutsch) in the text pipeline: one ``LANGUAGE`` (see ``articles/text/languages/``).

**Speakers**: „…“ / »…« quotations, "sagte Allendorf", "so Allendorf", "laut dem Ministerium",
"fragte sie", titles (Herr, Frau, Dr., Bundeskanzler...). Pure Python; see :mod:`..speaker`.

**Segmentation** (``segment_data.SegmentRules``) and **check-worthiness cues**
(``base.Cues``) below.
"""

from __future__ import annotations

from ..segment_data import SegmentRules
from ..speaker import ENGLISH, language_rules
from .base import Cues, Language, pairs, words

# ------------------------------------------------------------------ speakers


def _w(s: str) -> frozenset[str]:
    return frozenset(s.split())


_VERBS = _w(
    """
    sagte sagt sagten sagen erklärte erklärt erklärten betonte betont betonten meinte meint
    ergänzte ergänzt fügte warnte warnt warnten kritisierte kritisiert forderte fordert
    versicherte versichert unterstrich unterstreicht räumte bekräftigte bekräftigt
    antwortete antwortet fragte fragt schrieb schreibt twitterte bestätigte bestätigt
    kündigte teilte berichtete berichtet behauptete behauptet argumentierte mahnte
    beklagte bilanzierte resümierte sagte.
    """
)
_WEAK = _w("schrieb schreibt bestätigte bestätigt kündigte teilte berichtete berichtet")

_SPEAKER = language_rules(
    "de",
    verbs=tuple(sorted(v for v in _VERBS if not v.endswith("."))),
    weak_verbs=_WEAK,
    object_verbs=frozenset(),
    # "laut Allendorf", "nach Angaben des Ministeriums", "…, so Allendorf."
    according_to=r"\b[Ll]aut\s+|\b[Nn]ach\s+Angaben\s+(?:von\s+)?|(?<=,\s)so\s+",
    saying="",
    pronouns={"er": "m", "sie": "f", "es": "org"},
    determiners=_w("der die das dem den des"),
    indefinites=_w("ein eine einer eines einem einen kein keine jeder jede"),
    possessives=_w("sein seine seiner ihr ihre ihrer unser unsere"),
    leading_skip=_w("und aber auch doch dann so zudem außerdem jedoch nun"),
    cut=_w("dass weil wenn als ob obwohl während nachdem bevor welcher welche welches wo"),
    aux=_w("hat habe hatte haben hatten auch bereits schon zudem noch"),
    time_words=_w(
        "am im in an um bei vor nach montag dienstag mittwoch donnerstag freitag samstag sonntag "
        "januar februar märz april mai juni juli august september oktober november dezember heute "
        "gestern morgen abend abends morgens mittag woche wochenende monat jahr"
    ),
    clause_words=_w(
        "ist war sind waren wird würde wurde kann könnte soll sollte muss nicht nie ich wir ihr man"
    ),
    not_names=_w(
        "Der Die Das Dem Den Des Ein Eine Einer Er Sie Es Wir Ich Ihr Man Auch Aber Und Doch Dann So "
        "Dies Diese Dieser Dieses Jeder Jede Alle Viele Einige Herr Frau Dr. Laut Nach Wie Was Wer Wo "
        "Wenn Als Ob Obwohl Heute Gestern Am Im In Zudem Außerdem Jedoch Nun Man Stand"
    ),
    connectors=_w("von van zu de la del"),
    roles=_w("sprecher sprecherin minister ministerin regierung polizei behörde ministerium experten"),
    groups=_w("experten behörden ermittler kritiker analysten forscher ärzte anwohner zeugen beamte"),
    org_words=_w(
        "ministerium regierung bundesregierung institut amt bundesamt behörde polizei partei bank "
        "gericht kommission verband unternehmen konzern universität stiftung rat kanzleramt "
        "bundestag landtag senat agentur gesellschaft gmbh ag"
    ),
    places=ENGLISH.places | _w("Deutschland Österreich Schweiz Frankreich Russland Berlin Wien Bern Europa"),
    titles=_w(
        "herr frau dr dr. prof prof. professor professorin bundeskanzler bundeskanzlerin kanzler "
        "kanzlerin minister ministerin bundesminister bundesministerin finanzminister "
        "finanzministerin außenminister außenministerin innenminister innenministerin präsident "
        "präsidentin bundespräsident ministerpräsident ministerpräsidentin bürgermeister "
        "bürgermeisterin sprecher sprecherin regierungssprecher chef chefin vorsitzender "
        "vorsitzende direktor direktorin richter richterin staatsanwalt staatsanwältin "
        "abgeordneter abgeordnete senator senatorin generalsekretär botschafter botschafterin "
        "parteichef parteichefin trainer"
    ),
    male_titles=_w(
        "herr bundeskanzler kanzler minister bundesminister finanzminister außenminister "
        "innenminister präsident bundespräsident ministerpräsident bürgermeister sprecher "
        "regierungssprecher vorsitzender direktor richter staatsanwalt abgeordneter botschafter"
    ),
    female_titles=_w(
        "frau bundeskanzlerin kanzlerin ministerin bundesministerin finanzministerin "
        "außenministerin innenministerin präsidentin ministerpräsidentin bürgermeisterin "
        "sprecherin direktorin richterin staatsanwältin botschafterin professorin"
    ),
    male_names=ENGLISH.male_names
    | _w("Jürgen Uwe Horst Dieter Günter Helmut Olaf Robert Markus Friedrich Lars"),
    female_names=ENGLISH.female_names
    | _w("Ursula Angela Annalena Nancy Svenja Saskia Ricarda Manuela Franziska"),
    after_verb_stop=_w(
        "dass er sie es man am im in an bei gegenüber auf vor nach zu zum zur laut mit über von der "
        "dem den des die das am"
    ),
    label_stop=ENGLISH.label_stop
    | _w("hinweis anmerkung foto video quelle lesen sie auch stand aktualisiert"),
    age_descriptor=r"\d{1,3}-[Jj]ährige",
    open_quotes="„»",
    close_quotes="“«",
    pronoun_after_verb=True,
    articles_mark_nouns=True,
)

# ------------------------------------------------------------------ segmentation

_MONTHS = _w(
    "Januar Jänner Februar März April Mai Juni Juli August September Oktober November Dezember "
    "Jan Feb Febr Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez"
)

_SEGMENT = SegmentRules(
    language="de",
    engine="de",
    titles=_w(
        "nr bzw bzgl ca dr prof hr fr dipl ing mag st abs art abb ggf evtl inkl exkl zzgl usw vgl "
        "sog gem lt vs geb gest jh jhd mio mrd tsd min max co str"
    ),
    soft=_w("usw etc ag gmbh kg e.v mio mrd"),
    pairs=pairs("z._B. d._h. u._a. o._ä. u._U. s._o. s._u. v._a. z._T. z._Zt. m._E."),
    pairs_open=pairs("z._B. d._h. u._a. s._o. s._u. v._a. z._T. u._U. m._E."),
    starters=_w(
        "Der Die Das Ein Eine Er Sie Es Wir Ich Man Dies Diese Dieser Im In Am Auf Nach Vor Bei Mit "
        "Aber Und Doch Denn Auch Als Wenn Seit Zudem Außerdem Dabei Damit Dann So Nun"
    ),
    ordinals=True,
    months=_MONTHS,
    ordinal_before=_w(
        "am im vom zum zur beim der die das dem den des ab bis seit um vor nach jeden jede jedes "
        "einer einem eines ihr ihrem ihrer sein seinem seiner unser mein bis zum ersten am dem"
    ),
    reporting_verbs=_w("sagte sagt fragte fragt erklärte rief schrieb betonte"),
    before_number=_w("nr s abs art bd ca jan feb febr mär apr jun jul aug sep sept okt nov dez"),
)

# ------------------------------------------------------------------ the language

LANGUAGE = Language(
    code="de",
    name="German",
    native_name="Deutsch",
    direction="ltr",
    segment=_SEGMENT,
    speaker=_SPEAKER,
    cues=Cues(
        numbers=words(
            "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig vierzig "
            "fünfzig hundert hunderte tausend tausende million millionen milliarde milliarden billion "
            "billionen dutzend dutzende"
        ),
        percent=("prozent", "prozentpunkte", "prozentpunkten", "prozentpunkt", "prozentsatz"),
        money=words("euro dollar franken cent rubel pfund yuan"),
        comparison=words(
            "höher niedriger größer kleiner mehr weniger höchste niedrigste größte meisten wenigsten "
            "rekord gestiegen gesunken verdoppelt verdreifacht zugenommen abgenommen anstieg rückgang "
            "stieg sank"
        )
        + ("mehr als", "weniger als", "im vergleich"),
        attribution=words(
            "sagte sagt sagten erklärte erklärt betonte betont berichtete teilte mitgeteilt kündigte "
            "behauptete bestätigte laut zufolge"
        )
        + ("nach angaben",),
        dates=words(
            "januar februar märz april mai juni juli august september oktober november dezember "
            "jänner montag dienstag mittwoch donnerstag freitag samstag sonntag gestern heute morgen "
            "jahrzehnt jahrhundert"
        )
        + ("vergangenen jahr", "letzten jahr", "nächsten jahr", "vergangene woche", "letzte woche"),
        stamp_words=words("stand aktualisiert veröffentlicht zuletzt erstellt uhr mez mesz am um den vom"),
        not_stamp_dates=words("heute gestern morgen"),
        named_entities="acronyms",
    ),
    model="multi",
    search_config="german",
    order=3,
)
