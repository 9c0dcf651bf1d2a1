"""Italian (Italiano) in the text pipeline: one ``LANGUAGE`` (see ``articles/text/languages/``).

**Speakers**: «…» and “…” quotations, "ha detto Rossi", "Lo ha detto il prof. Neri",
"secondo l’Istat", a left-out subject ("«…», ha detto.") taken from the quotation's speaker, titles
(Sig., Dott., Sen., On., prof....). Pure Python; see :mod:`..speaker`.

**Segmentation** (``segment_data.SegmentRules``) and **check-worthiness cues**
(``base.Cues``) below.
"""

from __future__ import annotations

from ..segment_data import SegmentRules
from ..speaker import ENGLISH, ZERO, language_rules
from .base import Cues, Language, words

# ------------------------------------------------------------------ speakers


def _w(s: str) -> frozenset[str]:
    return frozenset(s.split())


_PARTICIPLES = _w(
    "detto dichiarato affermato spiegato aggiunto sottolineato ribadito precisato osservato "
    "commentato risposto annunciato scritto gridato assicurato avvertito ammesso denunciato"
)
_VERBS = (
    _w(
        """
        dice dicono afferma dichiara spiega aggiunge sottolinea ribadisce precisa osserva commenta
        risponde disse dichiarò affermò spiegò aggiunse sottolineò ribadì precisò assicura avverte
        """
    )
    | {f"ha {p}" for p in _PARTICIPLES}
    | {f"hanno {p}" for p in _PARTICIPLES}
)
_WEAK = {"ha annunciato", "ha scritto", "ha ammesso", "ha denunciato", "hanno annunciato", "hanno scritto"}

_SPEAKER = language_rules(
    "it",
    verbs=tuple(sorted(_VERBS)),
    weak_verbs=frozenset(_WEAK),
    object_verbs=frozenset(),
    according_to=r"\b[Ss]econdo\s+|\b[Ss]tando\s+a\s+|\b[Aa]\s+detta\s+d[ie]\s+",
    saying=r",\s+(?:dicendo|aggiungendo|sottolineando|spiegando|affermando)\b",
    pronouns={"lui": "m", "lei": "f", "egli": "m", "ella": "f", "loro": "group", ZERO: "any"},
    determiners=_w("il lo la i gli le l’ l' del della dei degli delle"),
    indefinites=_w("un uno una un’ un' alcuni alcune ogni nessun nessuna"),
    possessives=_w("suo sua suoi sue mio mia nostro nostra"),
    leading_skip=_w("e ma anche inoltre poi già o"),
    cut=_w("che chi quando dove perché sebbene se mentre cui"),
    aux=_w("ha hanno aveva avevano anche già poi"),
    time_words=_w(
        "in nel nella questo questa scorso prossimo lunedì martedì mercoledì giovedì venerdì sabato "
        "domenica gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
        "dicembre oggi ieri mattina pomeriggio sera settimana mese anno"
    ),
    clause_words=_w("è era fu sono sarà sarebbe non mai si mi ti ci io noi"),
    not_names=_w(
        "Il Lo La I Gli Le Un Uno Una Questo Questa Quello Quella Lui Lei Egli Loro Io Noi Anche Ma E "
        "Secondo Quando Dove Se Mentre Oggi Ieri Nessuno Tutti Molti Alcuni Sig Sig. Dott Dott. Prof "
        "Prof. Sen Sen. On On. Di Del Della In Con Per Già"
    ),
    connectors=_w("di del della de da van von al bin"),
    roles=_w("portavoce ministro ministra governo ministero polizia autorità esperti fonti"),
    groups=_w("esperti analisti fonti autorità investigatori critici residenti testimoni medici"),
    org_words=_w(
        "ministero governo istituto istat banca partito università commissione consiglio azienda "
        "polizia esercito tribunale procura comune agenzia camera senato fondazione associazione sindacato"
    ),
    places=ENGLISH.places | _w("Italia Roma Milano Napoli Bruxelles Europa"),
    titles=_w(
        "sig sig. sig.ra sig.ra. signor signora dott dott. dott.ssa dott.ssa. prof prof. prof.ssa "
        "prof.ssa. sen sen. on on. avv avv. ing ing. presidente ministro ministra premier sindaco "
        "senatore senatrice deputato deputata portavoce segretario segretaria direttore direttrice "
        "generale giudice procuratore leader capo economista"
    ),
    male_titles=_w(
        "sig sig. signor dott dott. ministro sindaco senatore deputato segretario direttore procuratore"
    ),
    female_titles=_w(
        "sig.ra sig.ra. signora dott.ssa dott.ssa. prof.ssa prof.ssa. ministra senatrice deputata "
        "segretaria direttrice"
    ),
    male_names=ENGLISH.male_names | _w("Giuseppe Matteo Sergio Mario Silvio Enrico Giovanni Luigi Paolo"),
    female_names=ENGLISH.female_names | _w("Giorgia Elly Chiara Francesca Elena Laura Federica Anna"),
    after_verb_stop=_w("che in a con per oggi ieri al alla nel nella durante"),
    label_stop=ENGLISH.label_stop | _w("nota foto video fonte aggiornamento leggi anche"),
    age_descriptor=r"(?!)",
    open_quotes="«“‹",
    close_quotes="»”›",
    pronoun_after_verb=True,
    zero_subject=True,
    elisions=("l’", "l'", "dell’", "dell'", "all’", "all'"),
    clitics=_w("lo la l’ l' gli le"),
)

# ------------------------------------------------------------------ segmentation

_SEGMENT = SegmentRules(
    language="it",
    titles=_w(
        "sig sigg sig.ra sig.na dott dott.ssa dr prof prof.ssa avv ing arch geom rag on sen gen col dir amm "
        "mons sen cav comm egr gent spett art pag pagg n nr tel vol ecc ca vs"
    ),
    soft=_w("s.p.a spa s.r.l srl ecc"),
    starters=_w(
        "Il Lo La I Gli Le Un Uno Una Lui Lei Loro Questo Questa Quello Quella In Con Per Ma E Secondo "
        "Inoltre Anche Dopo Prima Quando Mentre Oggi Ieri Non Già Nel Nella Nei Nelle Al Alla"
    ),
    reporting_verbs=_w("disse dice ha chiese chiede affermò aggiunse gridò dichiarò"),
    before_number=_w("n nr pag art cap vol tel gen feb mar apr mag giu lug ago set sett ott nov dic"),
)

# ------------------------------------------------------------------ the language

LANGUAGE = Language(
    code="it",
    name="Italian",
    native_name="Italiano",
    direction="ltr",
    segment=_SEGMENT,
    speaker=_SPEAKER,
    cues=Cues(
        numbers=words(
            "due tre quattro cinque sei sette otto nove dieci undici dodici quindici venti trenta "
            "quaranta cinquanta cento mille mila migliaia milione milioni miliardo miliardi decina "
            "decine centinaia dozzina"
        ),
        percent=("percentuale", "per cento", "percento"),
        money=words("euro dollaro dollari centesimi sterline franchi rubli"),
        comparison=words(
            "maggiore minore migliore peggiore massimo minimo record aumentato aumento cresciuto "
            "diminuito calo raddoppiato triplicato salito sceso superiore inferiore"
        )
        + ("più di", "più che", "meno di", "meno che", "rispetto al", "rispetto alla"),
        attribution=words(
            "detto dichiarato affermato annunciato spiegato sottolineato riferito ribadito dice secondo"
        )
        + ("ha detto", "hanno detto", "ha dichiarato", "secondo il", "secondo la"),
        dates=words(
            "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
            "dicembre lunedì martedì mercoledì giovedì venerdì sabato domenica ieri oggi domani "
            "decennio secolo"
        )
        + ("anno scorso", "prossimo anno", "la settimana", "il mese"),
        stamp_words=words("aggiornato aggiornamento pubblicato alle ore il del"),
        not_stamp_dates=words("oggi ieri"),
    ),
    model="multi",
    search_config="fc_italian",
    order=5,
)
