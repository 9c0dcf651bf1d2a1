"""Transcript speaker labels: found only in transcripts, dropped from claims, offsets exact."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.text.pipeline import build_claims
from articles.text.transcript import apply_labels, find_labels, label_speaker

# The shape of a White House press briefing transcript as published (labels in capitals, "Q" with
# no colon, a label-only line).
BRIEFING = """Press Briefing by Press Secretary Jen Psaki

MS. PSAKI: Hi, everyone. The economy added 943,000 jobs in July.
Q Thanks, Jen. Is the eviction moratorium legal?
MS. PSAKI: Well, the CDC made that decision. It runs until October 3rd.
SEN. WARREN:
We have to keep people in their homes.
That is what the data shows.
Q: One more on Afghanistan.
MR. SMITH: Go ahead."""

# A podcast transcript pasted as text (names as labels, mixed case).
PODCAST = """Korinna Hennig: Welcome back. How fast is the variant spreading?
Christian Drosten: It doubles roughly every three days in England.
Korinna Hennig: And in Germany?
Christian Drosten: We see the same trend, about a week later."""


def test_briefing_labels_become_speakers_and_leave_the_claims():
    drafts = build_claims(BRIEFING)
    got = [(d.speaker, d.text) for d in drafts]
    for d in drafts:
        assert BRIEFING[d.start : d.end] == d.text
    assert got == [
        ("", "Press Briefing by Press Secretary Jen Psaki"),
        ("Psaki", "Hi, everyone."),
        ("Psaki", "The economy added 943,000 jobs in July."),
        ("Q", "Thanks, Jen."),
        ("Q", "Is the eviction moratorium legal?"),
        ("Psaki", "Well, the CDC made that decision."),
        ("Psaki", "It runs until October 3rd."),
        ("Warren", "We have to keep people in their homes."),  # the label-only line gives no claim
        ("Warren", "That is what the data shows."),
        ("Q", "One more on Afghanistan."),
        ("Smith", "Go ahead."),
    ]


def test_podcast_labels():
    drafts = build_claims(PODCAST)
    assert [(d.speaker, d.text) for d in drafts][:3] == [
        ("Korinna Hennig", "Welcome back."),
        ("Korinna Hennig", "How fast is the variant spreading?"),
        ("Christian Drosten", "It doubles roughly every three days in England."),
    ]


def test_labels_in_an_ordinary_article_are_not_speakers():
    text = (
        "Mayor resigns\n\nNote: This story was updated.\n\nUpdate: The mayor resigned on Friday.\n\n"
        "Correction: An earlier version misspelled her name.\n\nSmith said the city would recover."
    )
    assert find_labels(text) == []
    drafts = build_claims(text)
    assert drafts[1].text == "Note: This story was updated."
    assert [d.speaker for d in drafts] == ["", "", "", "", "Smith"]
    # two different labels once each: not yet a transcript
    assert find_labels("WASHINGTON: The Senate voted.\nKYIV: Ukraine answered.\nMore text.") == []


def test_headline_is_never_a_label():
    text = "Trump: We will win\n" + PODCAST
    spans = [(0, 18)]
    assert apply_labels(text, spans, skip=[(0, 18)]) == ([(0, 18)], [None])


def test_label_speaker():
    assert label_speaker("THE PRESIDENT") == "The President"
    assert label_speaker("MR. SMITH") == "Smith"
    assert label_speaker("SEN. WARREN") == "Warren"
    assert label_speaker("MCCONNELL") == "McConnell"
    assert label_speaker("Korinna Hennig") == "Korinna Hennig"
    assert label_speaker("Q") == "Q"


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Q", "Q:", "MR. SMITH:", "Jane Doe:", "Note:", "", "THE PRESIDENT:"]),
            st.text(max_size=60),
        ),
        max_size=8,
    )
)
def test_fuzz_offsets_stay_exact(lines):
    text = "\n".join(f"{label} {body}" for label, body in lines)
    for d in build_claims(text):
        assert text[d.start : d.end] == d.text and d.text.strip() == d.text and d.text


# A French radio interview as published (a space before the colon, upper-case labels with a title).
DEBAT_FR = """LE PRÉSIDENT : Bonsoir à tous. La séance est ouverte.
M. DUPONT : Le budget baisse de 2 milliards d’euros.
LE PRÉSIDENT : Merci. Madame Martin ?
MME MARTIN : C’est faux, il augmente de 3 %."""

# A German podcast transcript (names as labels).
PODCAST_DE = """Korinna Hennig: Wie schnell verbreitet sich die Variante?
Christian Drosten: Sie verdoppelt sich etwa alle drei Tage.
Korinna Hennig: Und in Deutschland?
Christian Drosten: Wir sehen denselben Trend, etwa eine Woche später."""


def test_french_labels_with_a_space_before_the_colon():
    drafts = build_claims(DEBAT_FR, language="fr")
    for d in drafts:
        assert DEBAT_FR[d.start : d.end] == d.text
    got = [(d.speaker, d.text) for d in drafts]
    assert got == [
        ("Le Président", "Bonsoir à tous."),
        ("Le Président", "La séance est ouverte."),
        ("Dupont", "Le budget baisse de 2 milliards d’euros."),
        ("Le Président", "Merci."),
        ("Le Président", "Madame Martin ?"),
        ("Martin", "C’est faux, il augmente de 3 %."),
    ]


def test_german_name_labels():
    drafts = build_claims(PODCAST_DE, language="de")
    assert [(d.speaker, d.text) for d in drafts] == [
        ("Korinna Hennig", "Wie schnell verbreitet sich die Variante?"),
        ("Christian Drosten", "Sie verdoppelt sich etwa alle drei Tage."),
        ("Korinna Hennig", "Und in Deutschland?"),
        ("Christian Drosten", "Wir sehen denselben Trend, etwa eine Woche später."),
    ]


def test_labels_work_for_a_language_without_speaker_rules():
    text = PODCAST.replace("Welcome back.", "Karibu tena.")
    drafts = build_claims(text, language="sw")
    assert drafts[0].speaker == "Korinna Hennig" and drafts[0].text == "Karibu tena."


def test_a_live_blog_of_headlines_quoting_their_sources_is_no_transcript():
    text = (
        "Israele: “Colpita cellula che tentava lancio missili dal Libano”\n\nL'esercito israeliano ha colpito una cellula.\n\n"
        "Oms: “A Gaza fermi 14 ospedali su 36”\n\nContinuiamo a chiedere la protezione degli ospedali.\n\n"
        "Israele: “Scoperta rete di profili fake di Hamas”\n\nLo riferisce la radio militare.\n\n"
        "Lavrov: “Inaccettabili violenze su civili a Gaza”\n\nIl ministro ha parlato a Mosca."
    )
    assert find_labels(text) == []
    # a transcript's turns are not quotations
    text = "SMITH: We will win.\nJONES: We will not.\nSMITH: We will see.\nJONES: Fine."
    assert [lab.speaker for lab in find_labels(text)] == ["Smith", "Jones", "Smith", "Jones"]


def test_a_round_up_headed_by_places_and_sections_is_no_transcript():
    text = (
        "Federal: Health care, of course.\n\nThe biggest change comes at the federal level.\n\n"
        "Connecticut: Connecticut is implementing a final round of gun laws.\n\n"
        "California: Homeless youth are eligible to receive food stamps.\n\n"
        "Oregon: Family leave has been expanded.\n\nCalifornia: Students can use bathrooms of their gender."
    )
    assert find_labels(text) == []
