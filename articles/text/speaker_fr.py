"""French speaker rules: « … » and “…” quotations, "a déclaré M. Macron", "« … », a-t-il dit",
"selon l’Insee", "d’après le ministère", titles (M., Mme, Dr, Pr, Me, ministre...). Pure Python;
see :mod:`.speaker`."""

from __future__ import annotations

from .speaker import ENGLISH, language_rules


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

RULES = language_rules(
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
