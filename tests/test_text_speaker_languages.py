"""Speaker attribution in Spanish, French, German, Portuguese, Italian and Arabic (issue 14): each
language's reporting verbs, quotation marks, titles and word order, on news-style sentences written
for these tests; rules_for() and the generic fallback."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.text.speaker import ENGLISH, GENERIC, attribute_speakers, find_speaker, rules_for


def test_rules_for_languages_regions_and_unknown():
    assert rules_for("en") is ENGLISH
    assert rules_for(None) is GENERIC
    assert rules_for("") is GENERIC
    assert rules_for("sw") is GENERIC  # no rules of its own
    for code in ("es", "fr", "de", "pt", "it", "ar"):
        assert rules_for(code).language == code
        assert rules_for(code.upper()) is rules_for(code)
    assert rules_for("pt-BR") is rules_for("pt")
    assert rules_for("fr_CA") is rules_for("fr")
    assert rules_for("de-AT").language == "de"


def test_generic_rules_attribute_nothing_by_themselves():
    assert find_speaker("Smith said the plan failed.", GENERIC) is None
    assert find_speaker("„Das stimmt nicht“, sagte Allendorf.", GENERIC) is None
    assert attribute_speakers(["“It is over,” Smith said.", "“We lost.”"], rules=GENERIC) == [None, None]


# ----------------------------------------------------------------------------------------- German

DE = [
    (
        "„Die Liste der Künstler, die nicht mehr auftreten wollen, wird aber immer länger“, sagte Allendorf.",
        "Allendorf",
    ),
    (
        "„Wir werden das Haushaltsloch schließen“, sagte Finanzminister Dr. Klaus Weber am Dienstag in Berlin.",
        "Klaus Weber",
    ),
    ("»Das ist nicht hinnehmbar«, sagte Müller der Zeitung.", "Müller"),
    ("Die Lücke sei kleiner als gedacht, so Allendorf.", "Allendorf"),
    ("Laut Bundesregierung sind die Zahlen im März gestiegen.", "Bundesregierung"),
    ("Scholz sagte, die Regierung werde handeln.", "Scholz"),
    ("Am Dienstag sagte Bundeskanzler Olaf Scholz, er werde nicht zurücktreten.", "Olaf Scholz"),
    ("„Stimmt das?“ fragte sie.", "sie"),
]


@pytest.mark.parametrize(("sentence", "expected"), DE)
def test_german(sentence, expected):
    assert find_speaker(sentence, rules_for("de")) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Das Gesetz sagt, dass niemand haftet.",  # an article before one noun: not a name
        "Der Minister sagte am Dienstag, das sei falsch.",  # a title, no name
        "„Das ist falsch“, sagte ein Sprecher des Ministeriums.",
        "Die Inflation lag im März bei 2,2 Prozent.",
    ],
)
def test_german_non_attributions(sentence):
    assert find_speaker(sentence, rules_for("de")) is None


def test_german_article_level():
    sentences = [
        "Prof. Dr. Anna Meier vom Institut für Wirtschaftsforschung hält die Pläne für zu vage.",
        "„Stimmt das?“ fragte sie.",
        "„Die Liste wird immer länger“, sagte Allendorf.",
        "„Und sie wird nicht kürzer.",
        "Das ist sicher.“",
    ]
    assert attribute_speakers(sentences, rules=rules_for("de")) == [
        None,
        "Anna Meier",
        "Allendorf",
        "Allendorf",
        "Allendorf",
    ]


# ---------------------------------------------------------------------------------------- Spanish

ES = [
    ("El Sr. García, ministro de Economía, aseguró el martes que el paro bajó un 3,2 % en marzo.", "García"),
    (
        "Según el Instituto Nacional de Estadística, la cifra real fue del 2,9 %.",
        "Instituto Nacional de Estadística",
    ),
    ("«Es falso», afirmó la Sra. Pérez, portavoz de la oposición.", "Pérez"),
    ("«No vamos a ceder», dijo Sánchez a los periodistas.", "Sánchez"),
    ("Pedro Sánchez dijo que el Gobierno no cederá.", "Pedro Sánchez"),
    ("“No hay dinero”, ha dicho la Dra. Ruiz.", "Ruiz"),
]


@pytest.mark.parametrize(("sentence", "expected"), ES)
def test_spanish(sentence, expected):
    assert find_speaker(sentence, rules_for("es")) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "La ministra de Hacienda dijo que no habrá recortes.",  # the portfolio is not the speaker
        "El Gobierno prometió 1.200 millones de euros.",
        "«Los datos no cuadran», dijo.",  # a left-out subject: only the article can tell
    ],
)
def test_spanish_non_attributions(sentence):
    assert find_speaker(sentence, rules_for("es")) is None


def test_spanish_left_out_subject_is_the_speaker_before():
    es = rules_for("es")
    sentences = ["La Sra. Pérez, portavoz de la oposición, lo negó.", "«Los datos no cuadran», dijo."]
    assert attribute_speakers(sentences, rules=es) == ["Pérez", "Pérez"]
    sentences = ["«Es falso», afirmó Pérez.", "«Los datos no cuadran», dijo ella."]
    assert attribute_speakers(sentences, rules=es) == ["Pérez", "Pérez"]
    # two people in reach: the left-out subject stays empty
    sentences = ["García y Pérez discutieron durante horas.", "«No es así», dijo."]
    assert attribute_speakers(sentences, rules=es)[1] is None



@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Por otro lado, Siches adelantó que también priorizarán la reforma policial.", "Siches"),
        ("El diputado Diego Ibáñez planteó que no se puede seguir haciendo lo mismo.", "Diego Ibáñez"),
        ("«No descartaría esa posibilidad», alertó Muratov en Ginebra.", "Muratov"),
        ("Muratov opinó que la guerra no terminará pronto.", "Muratov"),
        ("Ibáñez puntualizó que hay temas prioritarios que atender.", "Ibáñez"),
    ],
)
def test_spanish_reporting_verbs_found_on_the_sixth_real_page_set(sentence, expected):
    assert find_speaker(sentence, rules_for("es")) == expected


def test_spanish_a_head_of_state_named_by_role_is_the_one_named_before_or_no_one():
    es = rules_for("es")
    # "el Mandatario" is a role, never a name: with the president named just before, it is him
    sentences = ["Por ahora, Boric deslizó que es poco factible reeditar el proyecto.", "«La ley era mala», aseveró."]
    assert attribute_speakers(sentences, rules=es) == ["Boric", "Boric"]
    assert find_speaker("«Estamos trabajando en una salida», adelantó el Mandatario.", es) in (None, "")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "informó" reports words; a sentence adverb before the verb or the subject is no name
        ("Los jueces confirmaron el fallo, informó Raúl Gómez, periodista del diario.", "Raúl Gómez"),
        ("La Compañía de Jesús informó el martes del inicio de una investigación.", "Compañía de Jesús"),
        ("Ante consultas de este diario, la Contraloría informó de que el plan se cumplió.", "Contraloría"),
        ("Así lo señaló la CGR luego de una revisión de sus sistemas.", "CGR"),
        ("Posteriormente, Berríos afirmó que colaborará con la investigación.", "Berríos"),
    ],
)
def test_spanish_informo_and_sentence_adverbs(sentence, expected):
    assert find_speaker(sentence, rules_for("es")) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a title with its complement before the name; "propuso"
        ("El diputado de Convergencia Social Diego Ibáñez planteó que hay que avanzar.", "Diego Ibáñez"),
        ("Por su parte, Luis Pérez Gutiérrez, candidato de Colombia Unida, propuso la construcción de un tren.", "Luis Pérez Gutiérrez"),
    ],
)
def test_spanish_title_complements_and_propuso(sentence, expected):
    assert find_speaker(sentence, rules_for("es")) == expected


def test_spanish_a_title_with_its_complement_and_no_name_is_no_speaker():
    assert find_speaker("La ministra de Hacienda dijo que no habrá alza.", rules_for("es")) in (None, "")


def test_spanish_el_funcionario_is_the_one_person_who_spoke_just_before_or_no_one():
    es = rules_for("es")
    sentences = [
        "El inspector general de la Policía, Álvaro Ruiz, anunció este martes una coordinación con Chile.",
        "De hecho, el ministro de Gobierno, Eduardo del Campo, ha ordenado la intervención.",
        "«La misión del nuevo director es investigar», señaló el funcionario en una entrevista.",
    ]
    assert attribute_speakers(sentences, rules=es)[2] == "Álvaro Ruiz"
    # an unnamed official just before: not the one who spoke
    sentences[1] = "Un alto cargo de defensa aclaró que no hay amenaza."
    assert attribute_speakers(sentences, rules=es)[2] is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Según un comunicado de Acmecon, la controversia tiene su origen en el puerto.", "Acmecon"),
        ("Según el informe de la OMS, hay riesgo.", "OMS"),
        ("La afectación era grande, según el vicepresidente de la ANP, Daniel Souto.", "Daniel Souto"),
        ("Según la ministra de Salud, María Pérez, el plan sigue.", None),  # (the name not at the end: not read)
    ],
)
def test_spanish_segun_a_documents_author_and_a_role_named_at_the_end(sentence, expected):
    assert find_speaker(sentence, rules_for("es")) == expected


def test_spanish_a_quotation_after_an_interview_sentence_is_the_one_person_named_there():
    es = rules_for("es")
    sentences = [
        "El asunto también fue abordado ayer por el Presidente Ruiz en entrevista con Radio Centro.",
        "«Necesitamos recuperar la legitimidad de las policías», dijo en relación a la renuncia del director.",
    ]
    assert attribute_speakers(sentences, rules=es) == [None, "Ruiz"]


def test_english_a_reported_interview_names_its_speaker_by_the_verb_not_the_person_named():
    sentences = [
        "In an interview with the Times, the president-elect said Gen. James Mattis changed his view.",
        "“I asked him that question.",
        "I said, what do you think of waterboarding?” Trump told the paper.",
    ]
    assert attribute_speakers(sentences)[1:] == ["Trump", "Trump"]


def test_spanish_a_sentence_adverb_is_never_the_speaker():
    es = rules_for("es")
    assert find_speaker("Finalmente, indicaron que «la investigación seguirá».", es) is None
    assert find_speaker("Asimismo, añadió que «no será correcto».", es) in (None, "")


def test_spanish_a_singular_verb_with_its_subject_left_out_before_que_is_the_one_person_in_reach():
    es = rules_for("es")
    sentences = ["La ministra Ana Ruiz visitó la zona afectada el lunes.", "Al respecto, explicó que «hay que escuchar a las víctimas»."]
    assert attribute_speakers(sentences, rules=es) == [None, "Ana Ruiz"]
    # a plural verb: a group, not the person named before
    sentences[1] = "Al respecto, explicaron que «hay que escuchar a las víctimas»."
    assert attribute_speakers(sentences, rules=es)[1] is None


# ----------------------------------------------------------------------------------------- French

FR = [
    ("« C’est faux ! » a lancé Mme Le Pen devant l’Assemblée.", "Le Pen"),
    ("Selon l’Insee, le chômage a reculé à 7,3 % au premier trimestre.", "Insee"),
    ("2 209 Français ont été localisés, selon le Quai d’Orsay.", "Quai d’Orsay"),
    ("« Nous ne céderons pas », a-t-il dit.", "il"),
    ("« Il faut agir », estime-t-elle.", "elle"),
    ("M. Macron a déclaré mardi que les impôts baisseraient.", "Macron"),
    ("« C’est une erreur », a déclaré Emmanuel Macron à la presse.", "Emmanuel Macron"),
    ("«Pour certains d’entre eux on est très interrogatif», a ajouté Laurent Fabius.", "Laurent Fabius"),
]


@pytest.mark.parametrize(("sentence", "expected"), FR)
def test_french(sentence, expected):
    assert find_speaker(sentence, rules_for("fr")) == expected


def test_french_article_level_and_no_attribution():
    fr = rules_for("fr")
    sentences = ["Marine Le Pen a critiqué le budget.", "« C’est une honte », a-t-elle dit."]
    assert attribute_speakers(sentences, rules=fr) == [None, "Marine Le Pen"]
    assert find_speaker("Pourquoi a-t-il menti ?", fr) is None  # not after a quotation
    assert find_speaker("Le gouvernement s’en félicite, mais la dette atteint 110 % du PIB.", fr) is None


# ------------------------------------------------------------------------------------- Portuguese

PT = [
    ("O Sr. Silva, ministro da Fazenda, afirmou que a inflação caiu para 4,5% em março.", "Silva"),
    ("“Isso é mentira!”, disse Lula.", "Lula"),
    ("Segundo o IBGE, o desemprego caiu no trimestre.", "IBGE"),
    ("A Dra. Souza, economista da FGV, discordou.", "Souza"),
    (
        "Após rechaçar um encontro, o técnico Tite declarou que errou ao levar a taça ao presidente.",
        "Tite",
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), PT)
def test_portuguese(sentence, expected):
    assert find_speaker(sentence, rules_for("pt")) == expected


def test_portuguese_non_attributions_and_left_out_subject():
    pt = rules_for("pt")
    assert find_speaker("“Isso é mentira!”, disse o deputado.", pt) is None
    assert find_speaker("O governo prometeu investir R$ 3 bilhões em saúde até 2026.", pt) is None
    sentences = ["“A meta não foi cumprida”, afirmou a Profa. Lima.", "“Foi um erro”, disse."]
    assert attribute_speakers(sentences, rules=pt) == ["Lima", "Lima"]


# ---------------------------------------------------------------------------------------- Italian

IT = [
    ("Secondo l’Istat la disoccupazione è scesa al 7,2% a marzo.", "Istat"),
    ("«Non è vero!» ha gridato il Sen. Monti in aula.", "Monti"),
    ("Lo ha detto il prof. Neri in un’intervista.", "Neri"),
    ("«Non ci sono soldi», ha detto Giorgia Meloni.", "Giorgia Meloni"),
    ("Il Sig. Rossi ha dichiarato che il bilancio è in ordine.", "Rossi"),
]


@pytest.mark.parametrize(("sentence", "expected"), IT)
def test_italian(sentence, expected):
    assert find_speaker(sentence, rules_for("it")) == expected


def test_italian_non_attributions_and_left_out_subject():
    it = rules_for("it")
    assert find_speaker("Il ministro ha detto che la manovra è pronta.", it) is None
    assert find_speaker("Il governo ha stanziato 2 miliardi di euro per la sanità.", it) is None
    sentences = ["«Non è vero!» ha gridato il Sen. Monti.", "«Lo ripeto», ha aggiunto."]
    assert attribute_speakers(sentences, rules=it) == ["Monti", "Monti"]


# ----------------------------------------------------------------------------------------- Arabic

AR = [
    ("قال د. محمد العلي، وزير المالية، إن التضخم تراجع إلى 5٫3 في المئة في مارس.", "محمد العلي"),
    ("وفقا للبنك المركزي، بلغ المعدل 6٫1 في المئة.", "البنك المركزي"),
    ("وقالت وزيرة الصحة سارة أحمد إن المستشفيات جاهزة.", "سارة أحمد"),
    ("وأعلنت الحكومة عن استثمار 3 مليارات دولار في قطاع الصحة.", "الحكومة"),
]


@pytest.mark.parametrize(("sentence", "expected"), AR)
def test_arabic(sentence, expected):
    assert find_speaker(sentence, rules_for("ar")) == expected


def test_arabic_titles_alone_and_verbs_without_subject():
    ar = rules_for("ar")
    assert find_speaker("قال الرئيس إن الوضع مستقر.", ar) is None  # a title, no name
    assert find_speaker("هل هذا صحيح؟", ar) is None
    # the verb's own gender: "وأضاف" is he, "وأضافت" is she
    assert find_speaker("وأضاف: «سنخفض الأسعار».", ar) == "هو"
    assert find_speaker("وأضافت أن العمل مستمر.", ar) == "هي"
    sentences = [
        "قال د. محمد العلي، وزير المالية، إن التضخم تراجع.",
        "وفقا للبنك المركزي، بلغ المعدل 6٫1 في المئة.",
        "وأضاف: «سنخفض الأسعار».",
        "وقالت وزيرة الصحة سارة أحمد إن المستشفيات جاهزة.",
        "وأضافت أن العمل مستمر.",
    ]
    assert attribute_speakers(sentences, rules=ar) == [
        "محمد العلي",
        "البنك المركزي",
        "محمد العلي",
        "سارة أحمد",
        "سارة أحمد",
    ]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["es", "fr", "de", "pt", "it", "ar", "xx"]), st.lists(st.text(max_size=80), max_size=6)
)
def test_never_raises_in_any_language(language, sentences):
    rules = rules_for(language)
    out = attribute_speakers(sentences, rules=rules)
    assert len(out) == len(sentences)
    for s in sentences:
        find_speaker(s, rules)


def test_spanish_a_role_noun_is_the_one_person_named_with_that_role_or_no_one():
    es = rules_for("es")
    # realpages6 (La Tercera, Infobae): "la ministra aseguró", "Según el periodista"
    sentences = [
        "Llegó este martes la ministra del Interior, Marta Ruiz.",
        "El plan tiene tres partes.",
        "Además, la ministra aseguró que el gobierno impulsará el proyecto.",
    ]
    assert attribute_speakers(sentences, rules=es)[2] == "Marta Ruiz"
    sentences = [
        "El periodista ruso premiado con el Nobel de la Paz, Iván Petrov, denunció la propaganda.",
        "Según el periodista, el despliegue de tales armas sería el fin.",
    ]
    assert attribute_speakers(sentences, rules=es) == ["Iván Petrov", "Iván Petrov"]
    # two people given the role, or a role that describes someone else: no one
    sentences = [
        "La ministra Ana Pérez habló con la ministra Rosa Díaz.",
        "La ministra aseguró que no.",
    ]
    assert attribute_speakers(sentences, rules=es)[1] is None
    sentences = [
        "Tres días después, el investigador Carlos Sáez aseguró que el récord era real.",
        "«Es un pico», explica Marcelo Leppe, director del instituto y veterano investigador antártico.",
        "El investigador asegura que no hubo error.",
    ]
    assert attribute_speakers(sentences, rules=es)[2] is None
