"""POST /api/v1/score: the same scoring as score_claims, token auth, clear 422s."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from articles.text import checkworthiness as cw


def _auth(user) -> dict:
    from articles.api.tokens import token_create

    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user, name='t', actor=user).secret}"}


def post(client, data, **headers):
    return client.post(reverse("api:score"), json.dumps(data), content_type="application/json", **headers)


TEXTS = [
    "Unemployment fell to 3.5 percent in 2019, the lowest level in 50 years.",
    "El paro subió un 20 por ciento en 2020, según el Instituto Nacional de Estadística.",
    "Stand: 28.04.2020 18:00 Uhr",
]


def test_scores_in_detected_languages(client, reviewer):
    r = post(client, {"texts": TEXTS}, **_auth(reviewer))
    assert r.status_code == 200, r.content
    results = r.json()["results"]
    assert [x["language"] for x in results[:2]] == ["en", "es"]
    assert [x["model"] for x in results[:2]] == ["en", "es"]
    for text, x in zip(TEXTS, results, strict=True):
        expected = cw.score_text(text)
        assert x["score"] == round(expected.value, 4)
        assert x["checkworthy"] == expected.checkworthy
        assert x["threshold"] == cw.threshold(expected.language)
        assert x["cues"] == list(expected.cues)
        assert x["detected"] is True
    assert results[0]["checkworthy"] is True
    assert results[2]["checkworthy"] is False and results[2]["score"] <= cw.STAMP_CAP


def test_given_language_and_fallback_model(client, outsider):
    # any signed-in API user may score (nothing is read or stored)
    r = post(
        client, {"texts": ["Die Arbeitslosigkeit stieg um 5 Prozent."], "language": "DE"}, **_auth(outsider)
    )
    assert r.status_code == 200, r.content
    (x,) = r.json()["results"]
    assert (x["language"], x["model"], x["detected"]) == ("de", "multi", False)
    assert x["threshold"] == cw.threshold("de") and "percentage" in x["cues"]


def test_needs_authentication(client):
    assert post(client, {"texts": ["x"]}).status_code == 401


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"texts": []}, "texts"),
        ({"texts": ["x"] * 1001}, "texts"),
        ({"texts": ["x"], "language": "english"}, "language"),
        ({"texts": ["x" * 100_001]}, "texts.0"),
    ],
)
def test_bad_input_is_422_naming_the_field(client, reviewer, data, field):
    r = post(client, data, **_auth(reviewer))
    assert r.status_code == 422, r.content
    assert r.json()["errors"][0]["field"] == field


def test_malformed_body(client, reviewer):
    r = post(client, {"texts": "not a list"}, **_auth(reviewer))
    assert r.status_code in (400, 422)
