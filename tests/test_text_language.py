"""Language detection (articles/text/language.py) on realistic news text in seven languages."""

from __future__ import annotations

import pytest

from articles.text import language

# Hand-written news sentences in the style of wire copy (short) and paragraphs.
SHORT = {
    "en": [
        "The minister said the budget would rise by 4 percent next year.",
        "Unemployment fell to its lowest level since 1999.",
        "Police arrested three men on Tuesday night.",
        "The bridge will reopen in March, officials said.",
        "Inflation remains stubbornly high.",
        "Thousands marched through the capital on Saturday.",
    ],
    "es": [
        "El ministro dijo que el presupuesto subirá un 4 por ciento el próximo año.",
        "El paro cayó a su nivel más bajo desde 2008.",
        "La policía detuvo a tres hombres el martes por la noche.",
        "El puente reabrirá en marzo, según fuentes oficiales.",
        "La inflación sigue siendo muy alta.",
        "Miles de personas marcharon por la capital el sábado.",
    ],
    "fr": [
        "Le ministre a déclaré que le budget augmenterait de 4 pour cent l'an prochain.",
        "Le chômage est tombé à son plus bas niveau depuis 2008.",
        "La police a arrêté trois hommes mardi soir.",
        "Le pont rouvrira en mars, selon les autorités.",
        "L'inflation reste très élevée.",
        "Des milliers de personnes ont défilé samedi dans la capitale.",
    ],
    "de": [
        "Der Minister sagte, der Haushalt werde im nächsten Jahr um 4 Prozent steigen.",
        "Die Arbeitslosigkeit sank auf den tiefsten Stand seit 2008.",
        "Die Polizei nahm am Dienstagabend drei Männer fest.",
        "Die Brücke soll im März wieder öffnen, teilten die Behörden mit.",
        "Die Inflation bleibt hartnäckig hoch.",
        "Tausende Menschen zogen am Samstag durch die Hauptstadt.",
    ],
    "pt": [
        "O ministro disse que o orçamento vai subir 4 por cento no próximo ano.",
        "O desemprego caiu para o nível mais baixo desde 2008.",
        "A polícia prendeu três homens na terça-feira à noite.",
        "A ponte vai reabrir em março, segundo as autoridades.",
        "A inflação continua muito alta.",
        "Milhares de pessoas marcharam pela capital no sábado.",
    ],
    "it": [
        "Il ministro ha detto che il bilancio aumenterà del 4 per cento l'anno prossimo.",
        "La disoccupazione è scesa al livello più basso dal 2008.",
        "La polizia ha arrestato tre uomini martedì sera.",
        "Il ponte riaprirà a marzo, secondo le autorità.",
        "L'inflazione resta molto alta.",
        "Migliaia di persone hanno sfilato sabato nella capitale.",
    ],
    "ar": [
        "قال الوزير إن الميزانية سترتفع بنسبة 4 في المئة العام المقبل.",
        "انخفضت البطالة إلى أدنى مستوى لها منذ عام 2008.",
        "اعتقلت الشرطة ثلاثة رجال مساء الثلاثاء.",
        "سيعاد افتتاح الجسر في مارس بحسب السلطات.",
        "لا يزال التضخم مرتفعا جدا.",
        "تظاهر آلاف الأشخاص في العاصمة يوم السبت.",
    ],
}
PARAGRAPHS = {
    "en": "The government announced on Monday that it would spend 2 billion dollars on new hospitals over the next five years. Critics said the plan came too late and that waiting lists had doubled since 2019. The health minister rejected the claim, telling reporters that the number of doctors had grown by 12 percent.",
    "es": "El Gobierno anunció el lunes que invertirá 2.000 millones de euros en nuevos hospitales durante los próximos cinco años. Los críticos afirmaron que el plan llega demasiado tarde y que las listas de espera se han duplicado desde 2019. La ministra de Sanidad rechazó la acusación y aseguró a los periodistas que el número de médicos ha crecido un 12 por ciento.",
    "fr": "Le gouvernement a annoncé lundi qu'il consacrerait 2 milliards d'euros à de nouveaux hôpitaux au cours des cinq prochaines années. Les critiques ont estimé que le plan arrivait trop tard et que les listes d'attente avaient doublé depuis 2019. Le ministre de la Santé a rejeté ces accusations, affirmant aux journalistes que le nombre de médecins avait augmenté de 12 pour cent.",
    "de": "Die Regierung kündigte am Montag an, in den nächsten fünf Jahren 2 Milliarden Euro in neue Krankenhäuser zu investieren. Kritiker sagten, der Plan komme zu spät und die Wartelisten hätten sich seit 2019 verdoppelt. Der Gesundheitsminister wies den Vorwurf zurück und sagte Journalisten, die Zahl der Ärzte sei um 12 Prozent gestiegen.",
    "pt": "O governo anunciou na segunda-feira que vai investir 2 mil milhões de euros em novos hospitais nos próximos cinco anos. Os críticos disseram que o plano chega tarde demais e que as listas de espera duplicaram desde 2019. O ministro da Saúde rejeitou a acusação e afirmou aos jornalistas que o número de médicos cresceu 12 por cento.",
    "it": "Il governo ha annunciato lunedì che spenderà 2 miliardi di euro per nuovi ospedali nei prossimi cinque anni. I critici hanno affermato che il piano arriva troppo tardi e che le liste d'attesa sono raddoppiate dal 2019. Il ministro della Salute ha respinto l'accusa, dicendo ai giornalisti che il numero dei medici è cresciuto del 12 per cento.",
    "ar": "أعلنت الحكومة يوم الاثنين أنها ستنفق ملياري دولار على مستشفيات جديدة خلال السنوات الخمس المقبلة. وقال منتقدون إن الخطة جاءت متأخرة جدا وإن قوائم الانتظار تضاعفت منذ عام 2019. ورفض وزير الصحة هذا الاتهام، وقال للصحفيين إن عدد الأطباء ارتفع بنسبة 12 في المئة.",
}


@pytest.mark.parametrize(("code", "text"), [(c, t) for c, ts in SHORT.items() for t in ts])
def test_short_news_sentences(code, text):
    got, confidence = language.detect(text)
    assert got == code, (text, got, confidence)
    assert language.MIN_CONFIDENCE <= confidence <= 1.0


@pytest.mark.parametrize("code", list(PARAGRAPHS))
def test_paragraphs_are_detected_with_high_confidence(code):
    got, confidence = language.detect(PARAGRAPHS[code])
    assert got == code
    assert confidence > 0.99


def test_tweets_with_links_handles_and_numbers():
    assert (
        language.detect(
            "@pablocasado_ El paro sube un 20% en Andalucía y el Gobierno no hace nada https://t.co/8peZy9Mnyg #empleo"
        )[0]
        == "es"
    )
    assert language.detect("@user الحكومة تعلن عن زيادة الرواتب بنسبة 15% https://t.co/xyz")[0] == "ar"


def test_dialectal_arabic_is_reported_as_arabic():
    # Egyptian Arabic: the model's own label is arz, folded into ar.
    got, _ = language.detect("نهايه ترامب ستكون العزل من منصبه ولن ينال شرف تسليم السلطه للرئيس الجديد")
    assert got == "ar"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "OK.", "Hi there", "12.05.2020 18:00", "https://example.com/a-long-path 2020", "@someone"],
)
def test_abstains_on_too_short_or_empty_text(text):
    assert language.detect(text) == (None, 0.0)


def test_abstains_when_unsure():
    # Half English, half Spanish, few words of each: no language wins clearly.
    code, confidence = language.detect("Taller de Comunicación Política")
    assert code is None or confidence >= language.MIN_CONFIDENCE
    mixed = "Breaking news. Última hora."
    code, confidence = language.detect(mixed)
    assert (code is None) == (confidence < language.MIN_CONFIDENCE)


def test_mixed_text_takes_the_main_language():
    # A German article quoting an English sentence is German; a Spanish one quoting French is Spanish.
    de = PARAGRAPHS["de"] + " „We will not give up“, sagte der Minister."
    assert language.detect(de)[0] == "de"
    es = PARAGRAPHS["es"] + " «Nous ne céderons pas», dijo el ministro."
    assert language.detect(es)[0] == "es"


def test_other_languages_are_not_forced_into_the_seven():
    assert language.detect("Правительство объявило в понедельник о новых расходах на больницы.")[0] == "ru"
    assert (
        language.detect("De regering kondigde maandag aan dat zij miljarden in ziekenhuizen investeert.")[0]
        == "nl"
    )


def test_long_text_is_cut_and_still_right():
    text = PARAGRAPHS["fr"] * 200
    assert len(text) > language.MAX_CHARS
    assert language.detect(text)[0] == "fr"


def test_bad_input_type_and_code_check():
    with pytest.raises(TypeError):
        language.detect(None)  # type: ignore[arg-type]
    assert language.is_valid_code("es") and language.is_valid_code("ary")
    assert (
        not language.is_valid_code("ES")
        and not language.is_valid_code("e")
        and not language.is_valid_code(None)
    )


def test_a_long_text_is_judged_on_its_start_when_that_is_sure_else_on_more(monkeypatch):
    seen = []
    real = language._detect
    monkeypatch.setattr(language, "_detect", lambda text: seen.append(len(text)) or real(text))
    assert language.detect(PARAGRAPHS["de"] * 50)[0] == "de"
    assert seen == [language.FIRST_LOOK]  # sure at once: nothing more read
    seen.clear()
    # a start of numbers (a table, timestamps): nothing to judge at first look, so more is read
    table = "2024-01-01 12:00 | 1,234 | 56.7% | " * 40 + PARAGRAPHS["fr"] * 50
    assert language.detect(table)[0] == "fr"
    assert seen == [language.FIRST_LOOK, language.MAX_CHARS]
