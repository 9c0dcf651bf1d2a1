"""Segmentation: exact offsets, line breaks end claims, no input crashes it, Golden Rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.text.segment import SUPPORTED, segment, segment_line

GOLDEN = json.loads((Path(__file__).parent / "data" / "golden_rules_en.json").read_text())
# The 48 English "Golden Rules" of the Pragmatic Segmenter (diasks2/pragmatic_segmenter), as kept
# in the pySBD repository (nipunsadvilkar/pySBD, MIT licence); see GOLDEN["source"].
# We pass 47: only rule 48 (a 4-dot ellipsis that opens the next sentence) fails.
GOLDEN_PASS_COUNT = 47
SEED = Path(__file__).resolve().parent.parent / "articles" / "demo" / "news_articles.txt"


def sentences(text: str, language: str = "en") -> list[str]:
    return [text[s:e] for s, e in segment(text, language)]


def assert_split(text: str, language: str, expected: list[str]) -> None:
    """``text`` splits into ``expected`` and every span's offsets point at its sentence exactly."""
    spans = segment(text, language)
    assert [text[s:e] for s, e in spans] == expected
    pos = 0
    for (start, end), sentence in zip(spans, expected, strict=True):
        assert start == text.index(sentence, pos) and end == start + len(sentence)
        pos = end


def test_golden_rules_attribution_is_kept():
    assert "pySBD" in GOLDEN["source"] and "pragmatic_segmenter" in GOLDEN["source"]
    assert len(GOLDEN["cases"]) == 48


def test_golden_rules_pass_count():
    passed = [c["id"] for c in GOLDEN["cases"] if [s.strip() for s in sentences(c["input"])] == c["expected"]]
    assert len(passed) == GOLDEN_PASS_COUNT, sorted(set(range(1, 49)) - set(passed))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hello World. My name is Jonas.", ["Hello World.", "My name is Jonas."]),
        ("I work for the U.S. Government in Virginia.", ["I work for the U.S. Government in Virginia."]),
        ("A new US national security strategy released Dec. 5 made it clear.", ["A new US national security strategy released Dec. 5 made it clear."]),
        ("1.) The first item 2.) The second item", ["1.) The first item", "2.) The second item"]),
        ("• 9. The first item • 10. The second item", ["• 9. The first item", "• 10. The second item"]),
        ("It cost $48.4 billion. Then it rose.", ["It cost $48.4 billion.", "Then it rose."]),
        ("You can find it at N°. 1026.253.553. That is where the treasure is.",
         ["You can find it at N°. 1026.253.553.", "That is where the treasure is."]),
    ],
)
def test_known_sentences(text, expected):
    assert sentences(text) == expected


def test_a_line_break_always_ends_a_claim():
    text = "Headline without a full stop\nSub-heading here\nBody sentence one. Body two."
    assert sentences(text) == ["Headline without a full stop", "Sub-heading here", "Body sentence one.", "Body two."]
    # every kind of line boundary str.splitlines() knows
    for brk in ["\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0c"]:
        assert sentences(f"First line{brk}second line") == ["First line", "second line"]


def test_spans_are_trimmed_and_offsets_exact_on_the_seed():
    text = SEED.read_text(encoding="utf-8")
    spans = segment(text)
    assert len(spans) > 60
    for s, e in spans:
        chunk = text[s:e]
        assert chunk == chunk.strip() and chunk and "\n" not in chunk
    # non-ASCII text (curly quotes, dashes) keeps code-point offsets; each sentence of a quotation
    # is a claim (the speaker module carries "he said" back to the first)
    quoted = [text[s:e] for s, e in spans if text[s:e].startswith("“Lithuania is a democratic")]
    assert quoted == ["“Lithuania is a democratic country and tolerates different views."]
    rest = [text[s:e] for s, e in spans if text[s:e].startswith("Even their propaganda was OK")]
    assert rest and rest[0].endswith("they must go,” he said.")


@pytest.mark.parametrize(
    "text",
    [
        "Plan B\u00a0.",  # sentencex panics on this (capital, no-break space, period)
        "Plan B\u2003. Next one.",
        "X\u3000.\u00a0Y\u2009.",
        "É\u00a0. Ü\u202f.",
        "\u00a0\u00a0.",
        "A\u0301\u00a0. b",
        "🙂 A\u00a0. 🙂",
    ],
)
def test_inputs_that_crash_sentencex_do_not_crash_us(text):
    spans = segment(text)
    for s, e in spans:
        assert text[s:e].strip() == text[s:e] and text[s:e]


def test_nothing_but_whitespace_gives_no_spans():
    assert segment("") == []
    assert segment("   \n\n\t \u00a0\n") == []


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_fuzz_offsets_are_exact(text):
    spans = segment(text)
    last_end = 0
    for s, e in spans:
        assert last_end <= s < e <= len(text)
        piece = text[s:e]
        assert piece == piece.strip()
        assert len(piece.splitlines()) == 1, "a claim never crosses a line break"
        last_end = e


_SENTENCEY = st.lists(
    st.sampled_from(
        ["Mr.", "U.S.", "B", "\u00a0", " ", ".", "!", "?", "“", "”", "’", "•", "1.", "a.", "\n", "Dec.", "5", "é", "…", "—", "Hello", "world"]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(_SENTENCEY)
def test_fuzz_punctuation_heavy_text(text):
    for s, e in segment(text):
        assert text[s:e] and text[s:e] == text[s:e].strip() and "\n" not in text[s:e]


# --- news English: attribution after quoted questions, abbreviations of news copy (issue 13) ---

EN_NEWS = [
    ["“Will it cost $1.5 billion?” Wallace asked.", "Then he moved on."],
    ['"Will it cost $1.5 billion?" Wallace asked.', "Then he moved on."],
    ["'Get out of my office!' she shouted.", "Nobody moved."],
    ["“Is that right?” he asked.", "Yes, the governor said."],
    ["“Is that right?” Chris Wallace asked on Fox News Sunday.", "Pence paused."],
    ["'We will win!' Trump declared.", "The crowd cheered."],
    ["“It is over.” Biden said.", "Then he left the room."],
    ["“How much will it cost?” Rep. Heath Shuler asked.", "The answer was $2 billion."],
    ["“Why would we do that?” she asked.", "“It makes no sense.”"],
    ['"This is great."', "She held the book out to show him."],
    ["Is it true?", "Wallace asked the question twice."],
    ["The bill was backed by then-Rep. Heath Shuler of North Carolina.", "It failed in the Senate."],
    ["It was signed by then-Gov. Jerry Brown in 2018.", "Critics objected."],
    ["The quake struck at 10:41 a.m. Tuesday, officials said.", "No damage was reported."],
    ["The shooting happened about 11:30 p.m. Saturday near Main St. in Dallas.", "Two people died."],
    ["The meeting is at 10 a.m. EST on Monday.", "It will be streamed."],
    ["We met at 9 a.m.", "The meeting lasted an hour."],
    ["The vote came at 2:15 p.m. ET.", "Lawmakers then left."],
    ["Rep. John Smith and Sen. Jane Doe spoke.", "Gov. Bill Lee and Lt. Gov. Randy McNally agreed."],
    ["“We’re not going to do that,” Sen. Chuck Schumer, D-N.Y., said Tuesday.", "The vote failed."],
    ["Sen. Joe Manchin, D-W.Va., voted yes.", "The bill passed 51-50."],
    ["“Are you serious?” asked Rep. Jim Jordan, R-Ohio.", "Nobody answered."],
    ["Gov. Gavin Newsom (D-Calif.) signed the bill on Sept. 30.", "It takes effect Jan. 1."],
    ["He is ranked No. 2 in the world.", "Jan. 5 was cold.", "Sept. 11 changed it.", "Aug. 3 too."],
    ["The law, signed in Aug. 2019, expires in Dec. 2024.", "Lawmakers want to extend it."],
    ["He moved to the U.S.", "The move was hard."],
    ["The U.S. Supreme Court ruled 6-3 on Thursday.", "The decision was narrow."],
    ["Gen. Mark A. Milley, chairman of the Joint Chiefs of Staff, testified.", "Col. Jane Smith and Lt. Col. Alexander Vindman also spoke."],
    ["He works with Dr. Who in St. Louis and with Gen. Patton in Washington.", "Both declined to comment."],
    ["The deal was struck by Acme Inc. Chief Executive Jane Roe.", "It closed Friday."],
    ["Sales rose 5%, according to Acme Corp.", "The company declined to comment."],
    ["Martin Luther King Jr. was assassinated in 1968.", "His legacy endures."],
    ["Smith vs. Jones was decided in 1999.", "It was overturned."],
    ["Prices of apples, pears, etc. rose sharply.", "Done."],
    ["He said the answer was no.", "Then he walked out."],
    ["The plan was unveiled Feb. 12 in Washington by Sen. Elizabeth Warren, D-Mass.", "It failed."],
    ["See p. 5 of the report, released Sept. 30 by the Gov. Kathy Hochul administration.", "It is short."],
    ["Officials in the U.S. Treasury Department declined to comment.", "Markets fell."],
    # each sentence of a quotation is a claim (tests/data/realpages expectations), the attribution
    # stays with the last one
    [
        "“My wife Kimberly and I went through every expecting parent’s worst nightmare.",
        "We lost the baby,” Van Der Beek said.",
    ],
    ["“Can I give it to James?” Brooke tearfully asked before apologizing to the actor.", "He said yes."],
    ['"Meth. We\'re on it."', "The campaign cost $449,000."],
    ["“I come in humbly.", "... I want to be a listener.”"],
    ["“I spoke to Sen. Warren.", "She agreed,” he said."],
    ["“They said, ‘The farmers can’t handle it.’", "I said, ‘Buy larger tractors.’”", "The cabinet members laughed."],
    ["She turned to him, 'This is great.' she said.", "He nodded."],
]


@pytest.mark.parametrize("expected", EN_NEWS, ids=lambda e: e[0][:40])
def test_news_english(expected):
    assert_split(" ".join(expected), "en", expected)


# --- other languages (issue 14): each with its own abbreviations, ordinals, quotes, punctuation ---

LANGUAGE_CASES = {
    "de": [
        ["Das Spiel findet am 31. Oktober statt.", "Danach ist Winterpause."],
        ["Hansa Rostock spielt seit 2019 in der 3. Liga.", "Der Trainer bleibt."],
        ["Zum 2. Mal in Folge gewann Dr. Müller die Wahl.", "Prof. Dr. Meier gratulierte."],
        ["Bis zum 3. März bleibt es so.", "Am 4. April ändert sich das."],
        ["Das ist z. B. in Bayern der Fall.", "Andere Länder folgen."],
        ["Das Gesetz Nr. 5 gilt bzw. galt bis 2020.", "Nun ist es weg."],
        ["Das kostet ca. 5 Euro.", "Die Preise steigen, d. h. die Inflation bleibt hoch."],
        ["Er wurde 1990 geboren.", "Danach zog er nach Berlin."],
        ["„Die Liste der Künstler wird aber immer länger“, sagte Allendorf.", "Sie lächelte."],
        ["„Stimmt das?“ fragte er.", "Niemand antwortete."],
        ["»Wir schaffen das«, sagte die Kanzlerin.", "Die Kritik wuchs."],
        ["Die Inflation lag im März bei 2,2 Prozent.", "Das teilte das Statistische Bundesamt am Dienstag mit."],
    ],
    "es": [
        ["El Sr. García llegó tarde.", "La Sra. Pérez no."],
        ["¿Qué pasará ahora?", "Nadie lo sabe.", "¡Es increíble!", "El Gobierno calla."],
        ["Lo dijo el presidente de EE. UU. en la cumbre.", "Luego se fue."],
        ["Las tropas de EE. UU.", "El presidente lo confirmó el martes."],
        ["Está muy bien.", "Vamos a casa."],
        ["La Dra. Ruiz dijo que no.", "Luego se fue."],
        ["El tren sale a las 10 a. m. del lunes.", "Llega con retraso."],
        ["“¿Cuánto cuesta?”, preguntó el ministro.", "Nadie respondió."],
        ["El paro bajó un 3,2 % en marzo, según el INE.", "La oposición lo niega."],
    ],
    "fr": [
        ["M. Macron a parlé mardi.", "Mme Borne aussi."],
        ["« C’est faux ! » a-t-il lancé.", "La salle a applaudi."],
        ["« Nous ne céderons pas. »", "Le ministre a quitté la salle."],
        ["Selon M. Dupont, le chômage a baissé de 2 %.", "Le gouvernement s’en félicite."],
        ["Le Dr Martin est arrivé.", "Il a soigné 30 patients."],
        ["La dette atteint 110 % du PIB, c.-à-d. plus de 3 000 milliards d’euros.", "Bruxelles s’inquiète."],
    ],
    "pt": [
        ["Segundo o IBGE, o PIB cresceu 2,9% em 2023.", "A oposição contestou os números."],
        ["“Não vamos recuar”, disse o presidente Lula nesta terça-feira.", "O Congresso reagiu."],
        ["O Sr. Silva e a Dra. Souza chegaram.", "A reunião começou."],
        ["A Profa. Lima disse que a inflação subiu 5%.", "O governo negou."],
        ["“Isso é mentira!”, disse o ministro.", "A oposição reagiu."],
        ["O Sr. Costa foi eleito em 2022.", "Ele tomou posse em janeiro."],
    ],
    "it": [
        ["Il Sig. Rossi e il Dott. Bianchi sono arrivati.", "La riunione è iniziata."],
        ["Lo ha detto il prof. Neri ieri.", "Poi è uscito."],
        ["La Sig.ra Verdi ha votato.", "Il Sen. Monti no."],
        ["«Non è vero!» ha gridato il deputato.", "L’aula ha rumoreggiato."],
    ],
    "ar": [
        ["قال د. محمد إن الوضع خطير.", "هل هذا صحيح؟", "نعم!", "وأضاف: «لا»."],
        ["ارتفع التضخم إلى 5٫3 في المئة، وفقا للبنك المركزي.", "وقال الوزير إن الأسعار ستنخفض؛ لكن الخبراء يشككون."],
        ["هل ستنخفض الأسعار؟", "قال الوزير نعم۔", "ثم غادر."],
    ],
}


@pytest.mark.parametrize(
    "language, expected",
    [(lang, case) for lang, cases in LANGUAGE_CASES.items() for case in cases],
    ids=lambda v: v if isinstance(v, str) else v[0][:30],
)
def test_languages(language, expected):
    assert_split(" ".join(expected), language, expected)


def test_supported_languages():
    assert {"en", "es", "fr", "de", "pt", "it", "ar"} <= SUPPORTED
    assert set(LANGUAGE_CASES) | {"en"} == SUPPORTED


def test_region_subtags_use_the_base_language():
    text = "Das Spiel findet am 31. Oktober statt. Danach ist Winterpause."
    for code in ("de-AT", "de_CH", "DE"):
        assert len(segment(text, code)) == 2
    assert sentences("O Sr. Silva chegou. A reunião começou.", "pt-BR") == ["O Sr. Silva chegou.", "A reunião começou."]


def test_the_language_changes_the_split():
    # German ordinals and English "no." differ by language
    assert len(segment("Er spielt in der 3. Liga. Das ist gut.", "de")) == 2
    assert len(segment("Er spielt in der 3. Liga. Das ist gut.", "en")) == 3


@pytest.mark.parametrize("code", ["nl", "sv", "zz", "xx-YY", "", "not a code!", "../../etc"])
def test_unknown_languages_still_split(code):
    text = "De minister zei dat het klopt. De oppositie was het niet eens. Is dat zo?"
    assert_split(text, code, ["De minister zei dat het klopt.", "De oppositie was het niet eens.", "Is dat zo?"])


def test_arabic_offsets_are_exact_code_points():
    text = "قال الوزير: الأسعار ارتفعت؛ هل هذا صحيح؟ نعم، بنسبة 5٫3 في المئة۔ انتهى."
    spans = segment(text, "ar")
    assert [text[s:e] for s, e in spans] == [
        "قال الوزير: الأسعار ارتفعت؛ هل هذا صحيح؟",
        "نعم، بنسبة 5٫3 في المئة۔",
        "انتهى.",
    ]
    first = text.index("؟") + 1
    assert spans[0] == (0, first) and spans[1][0] == first + 1 and spans[-1][1] == len(text)


def test_segment_line_takes_a_language_and_an_offset():
    line = "Das Spiel ist am 31. Oktober. Danach nicht."
    assert segment_line(line, 100, language="de") == [(100, 129), (130, 143)]
    assert [line[s - 100 : e - 100] for s, e in segment_line(line, 100, language="de")] == [
        "Das Spiel ist am 31. Oktober.",
        "Danach nicht.",
    ]


_LANGUAGES = st.sampled_from(sorted(SUPPORTED) + ["nl", "zz"])
_MULTI = st.lists(
    st.sampled_from(
        ["Sr.", "EE.", "UU.", "z.", "B.", "3.", "Liga", "Oktober", "a.", "m.", "«", "»", "„", "“", "¿", "¡", "?", "!",
         "؟", "،", "؛", "۔", "قال", "د.", "M.", "Mme", "Rep.", "then-Rep.", "D-N.", "Y.,", "asked", "Wallace", " ",
         "\u00a0", ".", "no.", "Tuesday", "p.m.", "\n", "”", "'", '"']
    ),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_MULTI, _LANGUAGES)
def test_fuzz_every_language_keeps_offsets_exact(text, language):
    last_end = 0
    for s, e in segment(text, language):
        piece = text[s:e]
        assert last_end <= s < e <= len(text)
        assert piece and piece == piece.strip() and "\n" not in piece
        last_end = e


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200), _LANGUAGES)
def test_fuzz_random_unicode_in_every_language(text, language):
    last_end = 0
    for s, e in segment(text, language):
        assert last_end <= s < e <= len(text) and text[s:e] == text[s:e].strip()
        last_end = e


# --- Golden Rules of other languages -------------------------------------------------------------
# The German, Spanish, French, Italian and Arabic "Golden Rules" of the Pragmatic Segmenter as kept
# in pySBD's tests (nipunsadvilkar/pySBD, MIT licence, commit 5905f13be4fc95f407b98392e0ec303617a33d86,
# tests/lang/test_{deutsch,spanish,french,italian,arabic}.py; the cases of the "clean" lists that
# need no cleaning are included). Used to tune the rules (not a held-out set). Known failures, by
# design: Italian 「"Ei fu. Siccome ...」 (each sentence of a quotation is a claim here), "lo psicol.
# Serenti" (an abbreviation known to no list); German ",,Wann kommst zu mir?”" (",," as a quote);
# Arabic splits at ":" and "،", which pySBD's Arabic rules make and we do not (a claim is a sentence).
GOLDEN_OTHER = {
    "de": [
        ('„Ich habe heute keine Zeit“, sagte die Frau und flüsterte leise: „Und auch keine Lust.“ Wir haben 1.000.000 Euro.', ['„Ich habe heute keine Zeit“, sagte die Frau und flüsterte leise: „Und auch keine Lust.“', 'Wir haben 1.000.000 Euro.']),
        ('Es gibt jedoch einige Vorsichtsmaßnahmen, die Du ergreifen kannst, z. B. ist es sehr empfehlenswert, dass Du Dein Zuhause von allem Junkfood befreist.', ['Es gibt jedoch einige Vorsichtsmaßnahmen, die Du ergreifen kannst, z. B. ist es sehr empfehlenswert, dass Du Dein Zuhause von allem Junkfood befreist.']),
        ('Was sind die Konsequenzen der Abstimmung vom 12. Juni?', ['Was sind die Konsequenzen der Abstimmung vom 12. Juni?']),
        ('„Ich habe heute keine Zeit“, sagte die Frau und flüsterte leise: „Und auch keine Lust.“ Wir haben 1.000.000 Euro.', ['„Ich habe heute keine Zeit“, sagte die Frau und flüsterte leise: „Und auch keine Lust.“', 'Wir haben 1.000.000 Euro.']),
        ('Thomas sagte: ,,Wann kommst zu mir?” ,,Das weiß ich noch nicht“, antwortete Susi, ,,wahrscheinlich am Sonntag.“ Wir haben 1.000.000 Euro.', ['Thomas sagte: ,,Wann kommst zu mir?” ,,Das weiß ich noch nicht“, antwortete Susi, ,,wahrscheinlich am Sonntag.“', 'Wir haben 1.000.000 Euro.']),
        ('„Lass uns jetzt essen gehen!“, sagte die Mutter zu ihrer Freundin, „am besten zum Italiener.“', ['„Lass uns jetzt essen gehen!“, sagte die Mutter zu ihrer Freundin, „am besten zum Italiener.“']),
        ('Wir haben 1.000.000 Euro.', ['Wir haben 1.000.000 Euro.']),
        ('Sie bekommen 3,50 Euro zurück.', ['Sie bekommen 3,50 Euro zurück.']),
        ('Dafür brauchen wir 5,5 Stunden.', ['Dafür brauchen wir 5,5 Stunden.']),
        ('Bitte überweisen Sie 5.300,25 Euro.', ['Bitte überweisen Sie 5.300,25 Euro.']),
        ('1. Dies ist eine Punkteliste.', ['1. Dies ist eine Punkteliste.']),
        ('Wir trafen Dr. med. Meyer in der Stadt.', ['Wir trafen Dr. med. Meyer in der Stadt.']),
        ('Wir brauchen Getränke, z. B. Wasser, Saft, Bier usw.', ['Wir brauchen Getränke, z. B. Wasser, Saft, Bier usw.']),
        ('Ich kann u.a. Spanisch sprechen.', ['Ich kann u.a. Spanisch sprechen.']),
        ('Frau Prof. Schulze ist z. Z. nicht da.', ['Frau Prof. Schulze ist z. Z. nicht da.']),
        ('Sie erhalten ein neues Bank-Statement bzw. ein neues Schreiben.', ['Sie erhalten ein neues Bank-Statement bzw. ein neues Schreiben.']),
        ('Z. T. ist die Lieferung unvollständig.', ['Z. T. ist die Lieferung unvollständig.']),
        ('Das finden Sie auf S. 225.', ['Das finden Sie auf S. 225.']),
        ('Sie besucht eine kath. Schule.', ['Sie besucht eine kath. Schule.']),
        ('Wir benötigen Zeitungen, Zeitschriften u. Ä. für unser Projekt.', ['Wir benötigen Zeitungen, Zeitschriften u. Ä. für unser Projekt.']),
        ('Das steht auf S. 23, s. vorherige Anmerkung.', ['Das steht auf S. 23, s. vorherige Anmerkung.']),
        ('Dies ist meine Adresse: Dr. Meier, Berliner Str. 5, 21234 Bremen.', ['Dies ist meine Adresse: Dr. Meier, Berliner Str. 5, 21234 Bremen.']),
        ('Er sagte: „Hallo, wie geht´s Ihnen, Frau Prof. Müller?“', ['Er sagte: „Hallo, wie geht´s Ihnen, Frau Prof. Müller?“']),
        ('Es gibt jedoch einige Vorsichtsmaßnahmen, die Du ergreifen kannst, z. B. ist es sehr empfehlenswert, dass Du Dein Zuhause von allem Junkfood befreist. Ich persönlich kaufe kein Junkfood oder etwas, das nicht rein ist (ich traue mir da selbst nicht!). Ich finde jeden Vorwand, um das Junkfood zu essen, vor allem die Vorstellung, dass ich nicht mehr in Versuchung kommen werde, wenn ich es jetzt aufesse und es weg ist. Es ist schon komisch, was unser Verstand mitunter anstellt!', ['Es gibt jedoch einige Vorsichtsmaßnahmen, die Du ergreifen kannst, z. B. ist es sehr empfehlenswert, dass Du Dein Zuhause von allem Junkfood befreist.', 'Ich persönlich kaufe kein Junkfood oder etwas, das nicht rein ist (ich traue mir da selbst nicht!).', 'Ich finde jeden Vorwand, um das Junkfood zu essen, vor allem die Vorstellung, dass ich nicht mehr in Versuchung kommen werde, wenn ich es jetzt aufesse und es weg ist.', 'Es ist schon komisch, was unser Verstand mitunter anstellt!']),
        ('Was sind die Konsequenzen der Abstimmung vom 12. Juni?', ['Was sind die Konsequenzen der Abstimmung vom 12. Juni?']),
        ('Was pro Jahr10. Zudem pro Jahr um 0.3 %11. Der gängigen Theorie nach erfolgt der Anstieg.', ['Was pro Jahr10.', 'Zudem pro Jahr um 0.3 %11.', 'Der gängigen Theorie nach erfolgt der Anstieg.']),
        ('s. vorherige Anmerkung.', ['s. vorherige Anmerkung.']),
        ('Mit Inkrafttreten des Mindestlohngesetzes (MiLoG) zum 01. Januar 2015 werden in Bezug auf den Einsatz von Leistungs.', ['Mit Inkrafttreten des Mindestlohngesetzes (MiLoG) zum 01. Januar 2015 werden in Bezug auf den Einsatz von Leistungs.']),
    ],
    "es": [
        ('¿Cómo está hoy? Espero que muy bien.', ['¿Cómo está hoy?', 'Espero que muy bien.']),
        ('¡Hola señorita! Espero que muy bien.', ['¡Hola señorita!', 'Espero que muy bien.']),
        ('Hola Srta. Ledesma. Buenos días, soy el Lic. Naser Pastoriza, y él es mi padre, el Dr. Naser.', ['Hola Srta. Ledesma.', 'Buenos días, soy el Lic. Naser Pastoriza, y él es mi padre, el Dr. Naser.']),
        ('¡La casa cuesta $170.500.000,00! ¡Muy costosa! Se prevé una disminución del 12.5% para el próximo año.', ['¡La casa cuesta $170.500.000,00!', '¡Muy costosa!', 'Se prevé una disminución del 12.5% para el próximo año.']),
        ('«Ninguna mente extraordinaria está exenta de un toque de demencia.», dijo Aristóteles.', ['«Ninguna mente extraordinaria está exenta de un toque de demencia.», dijo Aristóteles.']),
        ('«Ninguna mente extraordinaria está exenta de un toque de demencia», dijo Aristóteles. Pablo, ¿adónde vas? ¡¿Qué viste?!', ['«Ninguna mente extraordinaria está exenta de un toque de demencia», dijo Aristóteles.', 'Pablo, ¿adónde vas?', '¡¿Qué viste?!']),
        ('Admón. es administración o me equivoco.', ['Admón. es administración o me equivoco.']),
        ('¡Hola Srta. Ledesma! ¿Cómo está hoy? Espero que muy bien.', ['¡Hola Srta. Ledesma!', '¿Cómo está hoy?', 'Espero que muy bien.']),
        ('Buenos días, soy el Lic. Naser Pastoriza, y él es mi padre, el Dr. Naser.', ['Buenos días, soy el Lic. Naser Pastoriza, y él es mi padre, el Dr. Naser.']),
        ('He apuntado una cita para la siguiente fecha: Mar. 23 de Nov. de 2014. Gracias.', ['He apuntado una cita para la siguiente fecha: Mar. 23 de Nov. de 2014.', 'Gracias.']),
        ('Núm. de tel: 351.123.465.4. Envíe mis saludos a la Sra. Rescia.', ['Núm. de tel: 351.123.465.4.', 'Envíe mis saludos a la Sra. Rescia.']),
        ('Cero en la escala Celsius o de grados centígrados (0 °C) se define como el equivalente a 273.15 K, con una diferencia de temperatura de 1 °C equivalente a una diferencia de 1 Kelvin. Esto significa que 100 °C, definido como el punto de ebullición del agua, se define como el equivalente a 373.15 K.', ['Cero en la escala Celsius o de grados centígrados (0 °C) se define como el equivalente a 273.15 K, con una diferencia de temperatura de 1 °C equivalente a una diferencia de 1 Kelvin.', 'Esto significa que 100 °C, definido como el punto de ebullición del agua, se define como el equivalente a 373.15 K.']),
        ('Durante la primera misión del Discovery (30 Ago. 1984 15:08.10) tuvo lugar el lanzamiento de dos satélites de comunicación, el nombre de esta misión fue STS-41-D.', ['Durante la primera misión del Discovery (30 Ago. 1984 15:08.10) tuvo lugar el lanzamiento de dos satélites de comunicación, el nombre de esta misión fue STS-41-D.']),
        ('Frase del gran José Hernández: "Aquí me pongo a cantar / al compás de la vigüela, / que el hombre que lo desvela / una pena estrordinaria, / como la ave solitaria / con el cantar se consuela. / [...] ".', ['Frase del gran José Hernández: "Aquí me pongo a cantar / al compás de la vigüela, / que el hombre que lo desvela / una pena estrordinaria, / como la ave solitaria / con el cantar se consuela. / [...] ".']),
        ('Citando a Criss Jami «Prefiero ser un artista a ser un líder, irónicamente, un líder tiene que seguir las reglas.», lo cual parece muy acertado.', ['Citando a Criss Jami «Prefiero ser un artista a ser un líder, irónicamente, un líder tiene que seguir las reglas.», lo cual parece muy acertado.']),
        ('Cuando llegué, le estaba dando ejercicios a los niños, uno de los cuales era "3 + (14/7).x = 5". ¿Qué te parece?', ['Cuando llegué, le estaba dando ejercicios a los niños, uno de los cuales era "3 + (14/7).x = 5".', '¿Qué te parece?']),
        ('Se le pidió a los niños que leyeran los párrf. 5 y 6 del art. 4 de la constitución de los EE. UU..', ['Se le pidió a los niños que leyeran los párrf. 5 y 6 del art. 4 de la constitución de los EE. UU..']),
        ('Una de las preguntas realizadas en la evaluación del día Lun. 15 de Mar. fue la siguiente: "Alumnos, ¿cuál es el resultado de la operación 1.1 + 4/5?". Disponían de 1 min. para responder esa pregunta.', ['Una de las preguntas realizadas en la evaluación del día Lun. 15 de Mar. fue la siguiente: "Alumnos, ¿cuál es el resultado de la operación 1.1 + 4/5?".', 'Disponían de 1 min. para responder esa pregunta.']),
        ('La temperatura del motor alcanzó los 120.5°C. Afortunadamente, pudo llegar al final de carrera.', ['La temperatura del motor alcanzó los 120.5°C.', 'Afortunadamente, pudo llegar al final de carrera.']),
        ('El volumen del cuerpo es 3m³. ¿Cuál es la superficie de cada cara del prisma?', ['El volumen del cuerpo es 3m³.', '¿Cuál es la superficie de cada cara del prisma?']),
        ('La habitación tiene 20.55m². El living tiene 50.0m².', ['La habitación tiene 20.55m².', 'El living tiene 50.0m².']),
        ('1°C corresponde a 33.8°F. ¿A cuánto corresponde 35°C?', ['1°C corresponde a 33.8°F.', '¿A cuánto corresponde 35°C?']),
        ('Hamilton ganó el último gran premio de Fórmula 1, luego de 1:39:02.619 Hs. de carrera, segundo resultó Massa, a una diferencia de 2.5 segundos. De esta manera se consagró ¡Campeón mundial!', ['Hamilton ganó el último gran premio de Fórmula 1, luego de 1:39:02.619 Hs. de carrera, segundo resultó Massa, a una diferencia de 2.5 segundos.', 'De esta manera se consagró ¡Campeón mundial!']),
        ('¡La casa cuesta $170.500.000,00! ¡Muy costosa! Se prevé una disminución del 12.5% para el próximo año.', ['¡La casa cuesta $170.500.000,00!', '¡Muy costosa!', 'Se prevé una disminución del 12.5% para el próximo año.']),
        ('El corredor No. 103 arrivó 4°.', ['El corredor No. 103 arrivó 4°.']),
        ('Hoy es 27/04/2014, y es mi cumpleaños. ¿Cuándo es el tuyo?', ['Hoy es 27/04/2014, y es mi cumpleaños.', '¿Cuándo es el tuyo?']),
        ('Aquí está la lista de compras para el almuerzo: 1.Helado, 2.Carne, 3.Arroz. ¿Cuánto costará? Quizás $12.5.', ['Aquí está la lista de compras para el almuerzo: 1.Helado, 2.Carne, 3.Arroz.', '¿Cuánto costará?', 'Quizás $12.5.']),
        ('1 + 1 es 2. 2 + 2 es 4. El auto es de color rojo.', ['1 + 1 es 2.', '2 + 2 es 4.', 'El auto es de color rojo.']),
        ('La máquina viajaba a 100 km/h. ¿En cuánto tiempo recorrió los 153 Km.?', ['La máquina viajaba a 100 km/h.', '¿En cuánto tiempo recorrió los 153 Km.?']),
        ('Explora oportunidades de carrera en el área de Salud en el Hospital de Northern en Mt. Kisco.', ['Explora oportunidades de carrera en el área de Salud en el Hospital de Northern en Mt. Kisco.']),
        ('N°. 1026.253.553', ['N°. 1026.253.553']),
    ],
    "fr": [
        ("Après avoir été l'un des acteurs du projet génome humain, le Genoscope met aujourd'hui le cap vers la génomique environnementale. L'exploitation des données de séquences, prolongée par l'identification expérimentale des fonctions biologiques, notamment dans le domaine de la biocatalyse, ouvrent des perspectives de développements en biotechnologie industrielle.", ["Après avoir été l'un des acteurs du projet génome humain, le Genoscope met aujourd'hui le cap vers la génomique environnementale.", "L'exploitation des données de séquences, prolongée par l'identification expérimentale des fonctions biologiques, notamment dans le domaine de la biocatalyse, ouvrent des perspectives de développements en biotechnologie industrielle."]),
        ('"Airbus livrera comme prévu 30 appareils 380 cette année avec en ligne de mire l\'objectif d\'équilibre financier du programme en 2015", a-t-il ajouté.', ['"Airbus livrera comme prévu 30 appareils 380 cette année avec en ligne de mire l\'objectif d\'équilibre financier du programme en 2015", a-t-il ajouté.']),
        ('À 11 heures ce matin, la direction ne décomptait que douze grévistes en tout sur la France : ce sont ceux du site de Saran (Loiret), dont l’effectif est de 809 salariés, dont la moitié d’intérimaires. Elle assure que ce mouvement « n’aura aucun impact sur les livraisons ».', ['À 11 heures ce matin, la direction ne décomptait que douze grévistes en tout sur la France : ce sont ceux du site de Saran (Loiret), dont l’effectif est de 809 salariés, dont la moitié d’intérimaires.', 'Elle assure que ce mouvement « n’aura aucun impact sur les livraisons ».']),
        ('Ce modèle permet d’afficher le texte « LL.AA.II.RR. » pour l’abréviation de « Leurs Altesses impériales et royales » avec son infobulle.', ['Ce modèle permet d’afficher le texte « LL.AA.II.RR. » pour l’abréviation de « Leurs Altesses impériales et royales » avec son infobulle.']),
        ('Les derniers ouvrages de Intercept Ltd. sont ici.', ['Les derniers ouvrages de Intercept Ltd. sont ici.']),
    ],
    "it": [
        ('Salve Sig.ra Mengoni! Come sta oggi?', ['Salve Sig.ra Mengoni!', 'Come sta oggi?']),
        ('Una lettera si può iniziare in questo modo «Il/la sottoscritto/a.».', ['Una lettera si può iniziare in questo modo «Il/la sottoscritto/a.».']),
        ('La casa costa 170.500.000,00€!', ['La casa costa 170.500.000,00€!']),
        ('Salve Sig.ra Mengoni! Come sta oggi?', ['Salve Sig.ra Mengoni!', 'Come sta oggi?']),
        ("Buongiorno! Sono l'Ing. Mengozzi. È presente l'Avv. Cassioni?", ['Buongiorno!', "Sono l'Ing. Mengozzi.", "È presente l'Avv. Cassioni?"]),
        ('Mi fissi un appuntamento per mar. 23 Nov.. Grazie.', ['Mi fissi un appuntamento per mar. 23 Nov..', 'Grazie.']),
        ('Ecco il mio tel.:01234567. Mi saluti la Sig.na Manelli. Arrivederci.', ['Ecco il mio tel.:01234567.', 'Mi saluti la Sig.na Manelli.', 'Arrivederci.']),
        ('La centrale meteor. si è guastata. Gli idraul. son dovuti andare a sistemarla.', ['La centrale meteor. si è guastata.', 'Gli idraul. son dovuti andare a sistemarla.']),
        ('Hanno creato un algoritmo allo st. d. arte. Si ringrazia lo psicol. Serenti.', ['Hanno creato un algoritmo allo st. d. arte.', 'Si ringrazia lo psicol. Serenti.']),
        ('Chiamate il V.Cte. delle F.P., adesso!', ['Chiamate il V.Cte. delle F.P., adesso!']),
        ("Giancarlo ha sostenuto l'esame di econ. az..", ["Giancarlo ha sostenuto l'esame di econ. az.."]),
        ('Stava viaggiando a 90 km/h verso la provincia di TR quando il Dott. Mesini ha sentito un rumore e si fermò!', ['Stava viaggiando a 90 km/h verso la provincia di TR quando il Dott. Mesini ha sentito un rumore e si fermò!']),
        ("Egregio Dir. Amm., le faccio sapere che l'ascensore non funziona.", ["Egregio Dir. Amm., le faccio sapere che l'ascensore non funziona."]),
        ('Stava mangiando e/o dormendo.', ['Stava mangiando e/o dormendo.']),
        ('Ricordatevi che dom 25 Set. sarà il compleanno di Maria; dovremo darle un regalo.', ['Ricordatevi che dom 25 Set. sarà il compleanno di Maria; dovremo darle un regalo.']),
        ('La politica è quella della austerità; quindi verranno fatti tagli agli sprechi.', ['La politica è quella della austerità; quindi verranno fatti tagli agli sprechi.']),
        ('Nel tribunale, l\'Avv. Fabrizi ha urlato "Io, l\'illustrissimo Fabrizi, vi si oppone!".', ['Nel tribunale, l\'Avv. Fabrizi ha urlato "Io, l\'illustrissimo Fabrizi, vi si oppone!".']),
        ('Le parti fisiche di un computer (ad es. RAM, CPU, tastiera, mouse, etc.) sono definiti HW.', ['Le parti fisiche di un computer (ad es. RAM, CPU, tastiera, mouse, etc.) sono definiti HW.']),
        ("La parola 'casa' è sinonimo di abitazione.", ["La parola 'casa' è sinonimo di abitazione."]),
        ('La "Mulino Bianco" fa alimentari pre-confezionati.', ['La "Mulino Bianco" fa alimentari pre-confezionati.']),
        ('"Ei fu. Siccome immobile / dato il mortal sospiro / stette la spoglia immemore / orba di tanto spiro / [...]" (Manzoni).', ['"Ei fu. Siccome immobile / dato il mortal sospiro / stette la spoglia immemore / orba di tanto spiro / [...]" (Manzoni).']),
        ('Una lettera si può iniziare in questo modo «Il/la sottoscritto/a ... nato/a a ...».', ['Una lettera si può iniziare in questo modo «Il/la sottoscritto/a ... nato/a a ...».']),
        ('Per casa, in uno degli esercizi per i bambini c\'era "3 + (14/7) = 5"', ['Per casa, in uno degli esercizi per i bambini c\'era "3 + (14/7) = 5"']),
        ('Ai bambini è stato chiesto di fare "4:2*2"', ['Ai bambini è stato chiesto di fare "4:2*2"']),
        ('La maestra esclamò: "Bambini, quanto fa \'2/3 + 4/3?\'".', ['La maestra esclamò: "Bambini, quanto fa \'2/3 + 4/3?\'".']),
        ('Il motore misurava 120°C.', ['Il motore misurava 120°C.']),
        ('Il volume era di 3m³.', ['Il volume era di 3m³.']),
        ('La stanza misurava 20m².', ['La stanza misurava 20m².']),
        ('1°C corrisponde a 33.8°F.', ['1°C corrisponde a 33.8°F.']),
        ('Oggi è il 27-10-14.', ['Oggi è il 27-10-14.']),
        ('La casa costa 170.500.000,00€!', ['La casa costa 170.500.000,00€!']),
        ('Il corridore 103 è arrivato 4°.', ['Il corridore 103 è arrivato 4°.']),
        ('Oggi è il 27/10/2014.', ['Oggi è il 27/10/2014.']),
        ("Ecco l'elenco: 1.gelato, 2.carne, 3.riso.", ["Ecco l'elenco: 1.gelato, 2.carne, 3.riso."]),
        ('Devi comprare : 1)pesce 2)sale.', ['Devi comprare : 1)pesce 2)sale.']),
        ('La macchina viaggiava a 100 km/h.', ['La macchina viaggiava a 100 km/h.']),
    ],
    "ar": [
        ('سؤال وجواب: ماذا حدث بعد الانتخابات الايرانية؟ طرح الكثير من التساؤلات غداة ظهور نتائج الانتخابات الرئاسية الايرانية التي أججت مظاهرات واسعة واعمال عنف بين المحتجين على النتائج ورجال الامن. يقول معارضو الرئيس الإيراني إن الطريقة التي اعلنت بها النتائج كانت مثيرة للاستغراب.', ['سؤال وجواب:', 'ماذا حدث بعد الانتخابات الايرانية؟', 'طرح الكثير من التساؤلات غداة ظهور نتائج الانتخابات الرئاسية الايرانية التي أججت مظاهرات واسعة واعمال عنف بين المحتجين على النتائج ورجال الامن.', 'يقول معارضو الرئيس الإيراني إن الطريقة التي اعلنت بها النتائج كانت مثيرة للاستغراب.']),
        ('وقال د\u202a.\u202c ديفيد ريدي و الأطباء الذين كانوا يعالجونها في مستشفى برمنجهام إنها كانت تعاني من أمراض أخرى. وليس معروفا ما اذا كانت قد توفيت بسبب اصابتها بأنفلونزا الخنازير.', ['وقال د\u202a.\u202c ديفيد ريدي و الأطباء الذين كانوا يعالجونها في مستشفى برمنجهام إنها كانت تعاني من أمراض أخرى.', 'وليس معروفا ما اذا كانت قد توفيت بسبب اصابتها بأنفلونزا الخنازير.']),
        ('ومن المنتظر أن يكتمل مشروع خط أنابيب نابوكو البالغ طوله 3300 كليومترا في 12\u202a/\u202c08\u202a/\u202c2014 بتكلفة تُقدر بـ 7.9 مليارات يورو أي نحو 10.9 مليارات دولار. ومن المقرر أن تصل طاقة ضخ الغاز في المشروع 31 مليار متر مكعب انطلاقا من بحر قزوين مرورا بالنمسا وتركيا ودول البلقان دون المرور على الأراضي الروسية.', ['ومن المنتظر أن يكتمل مشروع خط أنابيب نابوكو البالغ طوله 3300 كليومترا في 12\u202a/\u202c08\u202a/\u202c2014 بتكلفة تُقدر بـ 7.9 مليارات يورو أي نحو 10.9 مليارات دولار.', 'ومن المقرر أن تصل طاقة ضخ الغاز في المشروع 31 مليار متر مكعب انطلاقا من بحر قزوين مرورا بالنمسا وتركيا ودول البلقان دون المرور على الأراضي الروسية.']),
        ('الاحد, 21 فبراير/ شباط, 2010, 05:01 GMT الصنداي تايمز: رئيس الموساد قد يصبح ضحية الحرب السرية التي شتنها بنفسه. العقل المنظم هو مئير داجان رئيس الموساد الإسرائيلي الذي يشتبه بقيامه باغتيال القائد الفلسطيني في حركة حماس محمود المبحوح في دبي.', ['الاحد, 21 فبراير/ شباط, 2010, 05:01 GMT الصنداي تايمز:', 'رئيس الموساد قد يصبح ضحية الحرب السرية التي شتنها بنفسه.', 'العقل المنظم هو مئير داجان رئيس الموساد الإسرائيلي الذي يشتبه بقيامه باغتيال القائد الفلسطيني في حركة حماس محمود المبحوح في دبي.']),
        ('عثر في الغرفة على بعض أدوية علاج ارتفاع ضغط الدم، والقلب، زرعها عملاء الموساد كما تقول مصادر إسرائيلية، وقرر الطبيب أن الفلسطيني قد توفي وفاة طبيعية ربما إثر نوبة قلبية، وبدأت مراسم الحداد عليه', ['عثر في الغرفة على بعض أدوية علاج ارتفاع ضغط الدم، والقلب،', 'زرعها عملاء الموساد كما تقول مصادر إسرائيلية،', 'وقرر الطبيب أن الفلسطيني قد توفي وفاة طبيعية ربما إثر نوبة قلبية،', 'وبدأت مراسم الحداد عليه']),
    ],
}
GOLDEN_OTHER_FAILING = {'de': [4], 'it': [8, 20], 'ar': [0, 3, 4]}


@pytest.mark.parametrize("language", sorted(GOLDEN_OTHER))
def test_golden_rules_of_other_languages(language):
    failing = []
    for i, (text, expected) in enumerate(GOLDEN_OTHER[language]):
        spans = segment(text, language)
        if [text[s:e].strip() for s, e in spans] != [x.strip() for x in expected]:
            failing.append(i)
        for s, e in spans:
            assert text[s:e] == text[s:e].strip() and text[s:e]
    assert failing == GOLDEN_OTHER_FAILING.get(language, []), [GOLDEN_OTHER[language][i][0][:60] for i in failing]


@pytest.mark.parametrize(
    "text",
    [
        "قال د. محمد العلي، وزير المالية، إن التضخم تراجع إلى 5٫3 في المئة في مارس. هل هذا صحيح؟",
        "Президент заявил: «Мы снизим налоги на 3 %». Это правда?",
        "東京で3日、新しい法律が成立した。本当か？",
        "Mixed: قال الوزير “yes” — 5٫3 ok… Ⅻ ½ 🙂",
    ],
)
def test_a_text_of_another_script_folds_whole_as_it_folds_run_by_run(text):
    from articles.text import segment as seg

    assert len(text.encode("utf-8")) - len(text) > len(text) // 4  # takes the whole-text path
    whole = seg._ascii(text)
    by_runs = seg._NON_ASCII_RUN.sub(seg._fold_run, text)
    assert whole == by_runs and whole.isascii() and len(whole) == len(text)


@pytest.mark.parametrize(
    "text,expected",
    [
        (  # a quotation that runs on into the next paragraph is not closed in this one
            "“For a while,” explains team leader Jennifer Ngo-Anh. “If we were able, we could.\n\n“And more,” she said.",
            ["“For a while,” explains team leader Jennifer Ngo-Anh.", "“If we were able, we could.", "“And more,” she said."],
        ),
        (
            '"It works," said Robin Biesbroek. "We looked at it. Finally we made a sketch.',
            ['"It works," said Robin Biesbroek.', '"We looked at it.', "Finally we made a sketch."],
        ),
        ("„Das ist gut“, sagte Müller. „Wir machen weiter.", ["„Das ist gut“, sagte Müller.", "„Wir machen weiter."]),
        ("He said it. 'Yes, we will.", ["He said it.", "'Yes, we will."]),
        # a closing mark stays where it is: after its sentence, and French » after a space
        ('He said "no." "Yes," she said.', ['He said "no."', '"Yes," she said.']),
        ("« C’est bien », a dit Dupont. « Nous continuons. »", ["« C’est bien », a dit Dupont.", "« Nous continuons. »"]),
    ],
)
def test_the_mark_that_opens_a_sentence_stays_with_it(text, expected):
    language = "de" if "„" in text else "fr" if "«" in text else "en"
    assert [text[s:e] for s, e in segment(text, language)] == expected
