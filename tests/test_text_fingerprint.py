from articles.text.fingerprint import fingerprint, fingerprint_and_linkable, normalise


def test_normalise_ignores_case_accents_punctuation_and_quote_style():
    a = "Ukraine’s allies — dubbed the “Coalition of the Willing” — will meet."
    b = "UKRAINE'S allies, dubbed the \"coalition of the willing\", will meet"
    assert normalise(a) == normalise(b) == "ukraines allies dubbed the coalition of the willing will meet"
    assert fingerprint(a) == fingerprint(b)
    assert normalise("Café crème") == "cafe creme"


def test_numbers_and_words_matter():
    assert fingerprint("About 30 countries will attend.") != fingerprint("About 31 countries will attend.")
    assert fingerprint("Lithuania is a democracy.") != fingerprint("Lithuania is not a democracy.")


def test_short_claims_are_not_linkable():
    assert fingerprint_and_linkable("He said.")[1] is False
    assert fingerprint_and_linkable("“Why?”")[1] is False
    fp, linkable = fingerprint_and_linkable("Lithuania is a democracy that belongs to NATO.")
    assert linkable and len(fp) == 32
