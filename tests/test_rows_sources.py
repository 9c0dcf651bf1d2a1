"""The verdict form's source rows, written out in Python (rows.source_form_html) for the save's
speed: the same markup, byte for byte, as the template partial they replace, in every state."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from articles import rows, services
from articles.forms import source_formset
from articles.models import Claim, Source

pytestmark = pytest.mark.django_db

# the partial the panel used before (templates/articles/claim_panel.html, "source_form")
PARTIAL = """{% load i18n %}<li class="source-form" data-source-form>
  <input type="hidden" name="{{ sf.id.html_name }}" value="{{ sf.id.value|default_if_none:'' }}" id="{{ sf.id.auto_id }}">
  {% if sf.non_field_errors %}<p class="errors">{{ sf.non_field_errors|join:" " }}</p>{% endif %}
  {% for field in sf.visible_fields %}{% if field.name != "DELETE" %}
  <p class="field field-{{ field.name }}"><label for="{{ field.auto_id }}">{{ field.label }}{% if n != "new" %} {{ n }}{% endif %}</label>{% if field.name == "quote" %}<textarea name="{{ field.html_name }}" id="{{ field.auto_id }}" rows="2">{{ field.value|default_if_none:"" }}</textarea>{% else %}<input type="{% if field.name == 'url' or field.name == 'archive_url' %}url{% elif field.name == 'published_on' or field.name == 'accessed_on' %}date{% else %}text{% endif %}" name="{{ field.html_name }}" id="{{ field.auto_id }}" value="{{ field.value|default_if_none:''|stringformat:'s' }}"{% if field.field.max_length %} maxlength="{{ field.field.max_length }}"{% endif %}{% if field.name == "url" %} placeholder="https://…"{% endif %}>{% endif %}{% if field.errors %}<span class="errors">{{ field.errors|join:" " }}</span>{% endif %}</p>
  {% endif %}{% endfor %}
  {% if sf.instance.pk %}<p class="field"><label><input type="checkbox" name="{{ sf.DELETE.html_name }}" id="{{ sf.DELETE.auto_id }}"{% if sf.DELETE.value %} checked{% endif %}> {% translate "Remove this source" %}</label></p>{% endif %}
</li>"""


BUTTONS = """{% for r in panel.ratings %}<button type="submit" name="rating" value="{{ r.slug }}" class="rating-button rating-{{ r.slug }}" aria-pressed="{% if r.slug == ui.current_rating %}true{% else %}false{% endif %}"{% if forloop.counter < 10 %} aria-keyshortcuts="{{ forloop.counter }}" data-key="{{ forloop.counter }}"{% endif %} title="{{ r.description }}" data-rating="{{ r.slug }}">{{ r.label }}{% if forloop.counter < 10 %} <kbd aria-hidden="true">{{ forloop.counter }}</kbd>{% endif %}</button>{% endfor %}"""


def _partial(sf, n) -> str:
    return Template(PARTIAL).render(Context({"sf": sf, "n": n}))


def _verdict(seeded, reviewer, ratings):
    claim = Claim.objects.filter(article=seeded[0]).order_by("position")[1]
    verdict = services.verdict_save(claim=claim, reviewer=reviewer, rating=ratings["true"], rationale="x")
    Source.objects.create(
        verdict=verdict,
        url="https://example.org/a?b=1&c=<2>",
        title='The "title" & <b>',
        position=0,
        published_on=datetime.date(2024, 2, 29),
        quote="It's <q> & more",
    )
    return verdict


def _forms(verdict):
    blank = source_formset(verdict=None)
    saved = source_formset(verdict=verdict)
    data = {
        "sources-TOTAL_FORMS": "3", "sources-INITIAL_FORMS": "1", "sources-MIN_NUM_FORMS": "0", "sources-MAX_NUM_FORMS": "1000",
        "sources-0-id": str(verdict.sources.get().pk), "sources-0-url": "javascript:alert(1)", "sources-0-DELETE": "on",
        "sources-0-title": "<script>x</script>", "sources-0-published_on": "not a date",
        "sources-1-url": "https://example.org/'quoted'", "sources-1-accessed_on": "2024-01-05", "sources-1-quote": "a\nb & c",
        "sources-2-url": "", "sources-2-title": "no url",
    }  # fmt: skip
    bound = source_formset(data=data, verdict=verdict)
    assert not bound.is_valid()  # errors to show: a bad URL, a bad date, a title without a URL
    return [*blank.forms, blank.empty_form, *saved.forms, *bound.forms, bound.empty_form]


@pytest.mark.parametrize("language", ["en", "es"])
def test_source_rows_are_the_partials_markup(seeded, reviewer, ratings, language):
    verdict = _verdict(seeded, reviewer, ratings)
    with translation.override(language):
        forms = _forms(verdict)
        assert any(f.errors for f in forms) and any(f.instance.pk for f in forms)
        for i, sf in enumerate(forms, start=1):
            for n in (i, "new"):
                assert str(rows.source_form_html(sf, n)) == _partial(sf, n), (i, n)


def test_source_rows_escape_what_was_typed(seeded, reviewer, ratings):
    verdict = _verdict(seeded, reviewer, ratings)
    html = "".join(rows.source_form_html(sf, 1) for sf in _forms(verdict))
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert 'value="https://example.org/a?b=1&amp;c=&lt;2&gt;"' in html
    assert "It&#x27;s &lt;q&gt; &amp; more</textarea>" in html
    assert 'value="2024-02-29"' in html and " checked>" in html


def test_management_form_is_djangos(seeded, reviewer, ratings):
    verdict = _verdict(seeded, reviewer, ratings)
    good = {
        "sources-TOTAL_FORMS": "2",
        "sources-INITIAL_FORMS": "1",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
    }
    for formset in (
        source_formset(verdict=None),
        source_formset(verdict=verdict),
        source_formset(data=good, verdict=verdict),
        source_formset(
            data={**good, "sources-TOTAL_FORMS": "<x>"}, verdict=verdict
        ),  # errors: Django lists them
        source_formset(data={}, verdict=verdict),
    ):
        formset.is_valid()
        assert str(rows.management_form_html(formset)) == str(formset.management_form)


def test_rating_buttons_are_the_templates_markup():
    from types import SimpleNamespace

    scale = [
        SimpleNamespace(slug=f"r{i}", label=f"Label <{i}> & co", description=f'Says "{i}" & <b>')
        for i in range(12)
    ]
    for current in ("", "r0", "r3", "r11", "nope"):
        expected = Template(BUTTONS).render(
            Context({"panel": {"ratings": scale}, "ui": {"current_rating": current}})
        )
        assert str(rows.rating_buttons_html(scale, current)) == expected


# the fieldset's inside the panel had before rows.sources_html (templates/articles/claim_panel.html)
BLOCK = """{% load factcheck_test_rows %}{% management_form_html sources %}
      {% if sources.non_form_errors %}<p class="errors">{{ sources.non_form_errors|join:" " }}</p>{% endif %}
      <ol class="source-forms" data-source-forms>
        {% for sf in sources %}{% source_form_html sf forloop.counter %}{% endfor %}
      </ol>
      <template data-source-template>{% source_form_html sources.empty_form "new" %}</template>"""


def _block(formset) -> str:
    """BLOCK rendered with the two row tags the panel used (rows' functions, as they were registered)."""
    from django.template import Library, engines
    from django.template.base import Lexer, Parser

    lib = Library()
    lib.simple_tag(rows.source_form_html, name="source_form_html")
    lib.simple_tag(rows.management_form_html, name="management_form_html")
    engine = engines["django"].engine
    parser = Parser(Lexer(BLOCK).tokenize(), libraries={"factcheck_test_rows": lib}, builtins=engine.template_builtins)
    return parser.parse().render(Context({"sources": formset}))


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_sources_block_is_the_templates_markup_and_a_blank_one_is_written_once(seeded, reviewer, ratings, language):
    verdict = _verdict(seeded, reviewer, ratings)
    rows._PRISTINE_SOURCES.clear()
    with translation.override(language):
        data = {
            "sources-TOTAL_FORMS": "2", "sources-INITIAL_FORMS": "1", "sources-MIN_NUM_FORMS": "0",
            "sources-MAX_NUM_FORMS": "1000", "sources-0-id": str(verdict.sources.get().pk),
            "sources-0-url": "javascript:alert(1)", "sources-1-title": "no url",
        }  # fmt: skip
        too_many = {**data, "sources-TOTAL_FORMS": "60"}  # over max_num: an error of the formset itself
        states = [
            source_formset(verdict=None),
            source_formset(verdict=verdict),
            source_formset(verdict=verdict, loaded=[]),
            source_formset(data=data, verdict=verdict),
            source_formset(data=too_many, verdict=verdict),
        ]
        states[3].is_valid(), states[4].is_valid()
        assert states[4].non_form_errors()
        for i, formset in enumerate(states):
            assert str(rows.sources_html(formset)) == _block(formset), i
        # a blank formset is written once per language: the next one builds no form at all
        assert len(rows._PRISTINE_SOURCES) == 1
        fresh = source_formset(verdict=None)
        html = rows.sources_html(fresh)
        assert "forms" not in fresh.__dict__ and "management_form" not in fresh.__dict__
        assert str(html) == _block(source_formset(verdict=None))
        # a saved source or sent data is never served from the blank copy
        assert 'value="https://example.org/a?b=1&amp;c=&lt;2&gt;"' in str(rows.sources_html(source_formset(verdict=verdict)))
    rows._PRISTINE_SOURCES.clear()
