"""French (Français) in the text pipeline: one ``LANGUAGE`` (see ``articles/text/languages/``).

**Speakers**: « … » and “…” quotations, "a déclaré M. Macron", "« … », a-t-il dit",
"selon l’Insee", "d’après le ministère", titles (M., Mme, Dr, Pr, Me, ministre...). Pure Python;
see :mod:`..speaker`.

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


_PARTICIPLES = _w(
    "déclaré dit affirmé assuré expliqué ajouté souligné indiqué précisé estimé lancé martelé rappelé "
    "averti reconnu admis annoncé confié insisté répondu demandé jugé dénoncé tweeté écrit prévenu "
    "résumé regretté promis"
)
# present tense, also inverted ("dit-il", "ajoute-t-elle")
_PRESENT = _w(
    "dit déclare affirme assure explique ajoute souligne indique précise estime lance martèle rappelle "
    "avertit reconnaît admet confie insiste répond demande juge dénonce écrit poursuit conclut résume "
    "raconte observe note regrette"
)
_VERBS = (
    {f"a {p}" for p in _PARTICIPLES}
    | {f"ont {p}" for p in _PARTICIPLES}
    | _PRESENT
    | {f"{v}-il" for v in _PRESENT}
    | {f"{v}-elle" for v in _PRESENT}
    | {f"{v}-t-il" for v in _PRESENT if v[-1] in "ae"}
    | {f"{v}-t-elle" for v in _PRESENT if v[-1] in "ae"}
    | {"a-t-il", "a-t-elle", "ont-ils", "ont-elles"}
)
_WEAK = {f"a {p}" for p in ("annoncé", "écrit", "reconnu", "admis", "promis", "regretté", "dénoncé")} | _w(
    "écrit note juge demande reconnaît admet observe regrette dénonce"
)

_SPEAKER = language_rules(
    "fr",
    verbs=tuple(sorted(_VERBS)),
    weak_verbs=frozenset(_WEAK),
    object_verbs=frozenset(),
    according_to=r"\b[Ss]elon\s+|\b[Dd][’']après\s+",
    saying=r",\s+(?:affirmant|assurant|ajoutant|estimant|expliquant|soulignant)\b",
    pronouns={"il": "m", "elle": "f", "ils": "group", "elles": "group"},
    determiners=_w("le la les l’ l' du des au aux"),
    indefinites=_w("un une des d’autres plusieurs chaque aucun aucune certains certaines"),
    possessives=_w("son sa ses leur leurs mon ma mes notre nos"),
    leading_skip=_w("et mais aussi puis ensuite déjà ou donc"),
    cut=_w("que qu’ qu' qui quand où parce lorsque si alors dont"),
    aux=_w("a ont avait avaient aussi déjà encore"),
    time_words=_w(
        "le en ce cette dernier prochain lundi mardi mercredi jeudi vendredi samedi dimanche janvier "
        "février mars avril mai juin juillet août septembre octobre novembre décembre aujourd’hui hier "
        "matin soir semaine mois année"
    ),
    clause_words=_w("est était fut sont sera serait ne pas jamais se je nous vous on"),
    not_names=_w(
        "Le La Les L’ Un Une Des Ce Cette Ces Il Elle Ils Elles On Je Nous Vous Aussi Mais Et Selon "
        "Quand Où Si Alors Pourquoi Comment Combien Que Qui Aujourd’hui Hier Personne Tous Beaucoup Certains M. Mme Mlle Dr Pr Me De Du "
        "En Avec Pour Par Déjà"
    ),
    connectors=_w("de du des la le van von al bin d’ d'"),
    roles=_w("porte-parole ministre gouvernement ministère police autorités experts sources"),
    groups=_w("experts analystes sources autorités enquêteurs critiques habitants témoins médecins"),
    org_words=_w(
        "ministère gouvernement institut insee banque parti université commission conseil entreprise "
        "police armée tribunal parquet mairie agence assemblée sénat fondation association syndicat élysée"
    ),
    places=ENGLISH.places
    | _w("France Paris Lyon Marseille Bruxelles Europe Allemagne Belgique Suisse Québec"),
    titles=_w(
        "m m. mme mme. mlle dr pr me président présidente ministre premier première porte-parole "
        "secrétaire sénateur sénatrice député députée maire général directeur directrice professeur "
        "chef cheffe juge procureur procureure ambassadeur ambassadrice patron patronne économiste"
    ),
    male_titles=_w("m m. président sénateur député directeur procureur ambassadeur patron"),
    female_titles=_w(
        "mme mme. mlle présidente sénatrice députée directrice procureure ambassadrice patronne"
    ),
    male_names=ENGLISH.male_names | _w("Jean Jacques François Emmanuel Édouard Gérald Bruno Olivier Gabriel"),
    female_names=ENGLISH.female_names | _w("Marine Ségolène Élisabeth Anne Valérie Rachida Agnès Aurore"),
    after_verb_stop=_w("que qu’ qu' à au aux en dans avec pour par lors devant ce cette mardi"),
    label_stop=ENGLISH.label_stop | _w("note photo vidéo source lire aussi mise à jour"),
    age_descriptor=r"(?!)",
    open_quotes="«“‹",
    close_quotes="»”›",
    pronoun_after_verb=True,
    elisions=("l’", "l'", "d’", "d'"),
    fused_pronouns={
        "-ils": "ils",
        "-elles": "elles",
        "-il": "il",
        "-elle": "elle",
    },
)

# ------------------------------------------------------------------ segmentation

_SEGMENT = SegmentRules(
    language="fr",
    titles=frozenset({"M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Me", "Mgr", "Dr", "Pr", "St", "Ste"})
    | _w("dr pr av bd boul apr env cf etc vol art chap fig p pp ex hab no nº c.-à-d"),
    soft=_w("etc cie"),
    pairs=pairs("p._ex."),
    pairs_open=pairs("p._ex."),
    starters=_w(
        "Le La Les Un Une Des Il Elle Ils Elles On Nous Je Ce Cette Ces Cet Mais Et En Dans Pour Selon "
        "Depuis Après Avant Pourtant Ainsi Alors Puis Aujourd'hui Aujourd’hui"
    ),
    reporting_verbs=_w("dit demande demandé déclaré lance lancé affirme affirmé ajoute ajouté s'exclame"),
    before_number=_w("no n° nº p art vol chap janv févr avr juil sept oct nov déc"),
)

# ------------------------------------------------------------------ the language

LANGUAGE = Language(
    code="fr",
    name="French",
    native_name="Français",
    direction="ltr",
    segment=_SEGMENT,
    speaker=_SPEAKER,
    cues=Cues(
        numbers=words(
            "deux trois quatre cinq six sept huit neuf dix onze douze quinze vingt trente quarante "
            "cinquante soixante cent cents mille milliers million millions milliard milliards "
            "douzaine douzaines dizaine dizaines centaine centaines"
        ),
        percent=("pourcentage", "pour cent", "pourcent"),
        money=words("euro euros dollar dollars franc francs centimes livres yuans roubles"),
        comparison=words(
            "supérieur supérieure inférieur inférieure meilleur pire record hausse baisse augmenté "
            "augmentation diminué diminution doublé triplé progressé reculé chuté recul"
        )
        + ("plus de", "plus que", "moins de", "moins que", "par rapport"),
        attribution=words(
            "déclaré affirmé annoncé expliqué indiqué estimé assuré souligné précisé ajouté affirme "
            "déclare selon"
        )
        + ("a dit", "ont dit", "après le"),
        dates=words(
            "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
            "lundi mardi mercredi jeudi vendredi samedi dimanche hier aujourd demain décennie siècle"
        )
        + ("l'an", "année dernière", "an dernier", "la semaine", "le mois"),
        stamp_words=words("mis jour publié modifié le la les à heure heures"),
        not_stamp_dates=words("hier"),
    ),
    model="multi",
    search_config="fc_french",
    order=2,
)
