"""Claim matching in every supported language finds the same claim in the same language (issue 14)."""

import pytest

from articles import matching
from articles.models import FactCheck

SAME = {
    "es": ("El gobierno gastó 3.000 millones de euros en la compra de mascarillas durante la pandemia.",
           "El gobierno gastó 3.000 millones de euros en mascarillas durante la pandemia, según el ministro."),
    "fr": ("Le gouvernement a dépensé 3 milliards d'euros pour acheter des masques pendant la pandémie.",
           "Le gouvernement a dépensé 3 milliards d'euros en masques pendant la pandémie, selon le ministre."),
    "de": ("Die Regierung hat während der Pandemie 3 Milliarden Euro für Masken ausgegeben.",
           "Die Regierung gab während der Pandemie 3 Milliarden Euro für Masken aus, sagte der Minister."),
    "pt": ("O governo gastou 3 mil milhões de euros na compra de máscaras durante a pandemia.",
           "O governo gastou 3 mil milhões de euros em máscaras durante a pandemia, disse o ministro."),
    "it": ("Il governo ha speso 3 miliardi di euro per acquistare mascherine durante la pandemia.",
           "Il governo ha speso 3 miliardi di euro in mascherine durante la pandemia, secondo il ministro."),
    "ar": ("أنفقت الحكومة 3 مليارات يورو على شراء الكمامات خلال الجائحة.",
           "أنفقت الحكومة 3 مليارات يورو على الكمامات خلال الجائحة بحسب الوزير."),
}  # fmt: skip
OTHER = [
    "Wombats herded animals into their burrows to save them from the Australian bushfires.",
    "The CBC deleted Donald Trump's cameo from its broadcast of Home Alone 2.",
    "El alcalde inauguró un nuevo puente sobre el río en el centro de la ciudad.",
    "Le maire a inauguré un nouveau pont sur la rivière au centre de la ville.",
    "Der Bürgermeister eröffnete eine neue Brücke über den Fluss in der Innenstadt.",
    "Il sindaco ha inaugurato un nuovo ponte sul fiume nel centro della città.",
    "افتتح رئيس البلدية جسرا جديدا فوق النهر في وسط المدينة.",
]


@pytest.fixture
def collection(db):
    made = [
        FactCheck.objects.create(claim_reviewed=target, headline="", url=f"https://fc.example/{lang}", language=lang)
        for lang, (target, _query) in SAME.items()
    ] + [
        FactCheck.objects.create(claim_reviewed=text, headline="", url=f"https://fc.example/other-{i}")
        for i, text in enumerate(OTHER)
    ]  # fmt: skip
    matching.index_targets(factcheck_ids=[f.pk for f in made])


@pytest.mark.parametrize("lang", sorted(SAME))
def test_the_same_claim_is_found_first_in_its_language(collection, lang):
    found = matching.match_text(SAME[lang][1], top=3)
    assert found and found[0].url == f"https://fc.example/{lang}", [(s.url, s.score) for s in found]
    assert found[0].tier == "likely"


def test_the_panel_says_the_semantic_model_is_english(collection, client, reviewer):
    from django.urls import reverse

    from articles import services
    from articles.models import Article
    from articles.policy import SYSTEM
    from articles.text import readers

    text = "Gasto en mascarillas\n\n" + SAME["es"][1]
    article = next(iter(services.articles_import(items=readers.read_paste(text), created_by=SYSTEM))).article
    assert Article.objects.get(pk=article.pk).language == "es"
    claim = article.claims.get(text=SAME["es"][1])
    matching.claims_match([claim.pk])
    client.force_login(reviewer)
    html = client.get(reverse("matches:claim", args=[claim.pk])).content.decode()
    assert "https://fc.example/es" in html
    assert "the semantic model (wordllama) was trained on English text" in html and "Similarity for Spanish" in html
