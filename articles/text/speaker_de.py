"""German speaker rules: „…“ / »…« quotations, "sagte Allendorf", "so Allendorf", "laut dem Ministerium",
"fragte sie", titles (Herr, Frau, Dr., Bundeskanzler...). Pure Python; see :mod:`.speaker`."""

from __future__ import annotations

from .speaker import ENGLISH, language_rules


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

RULES = language_rules(
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
