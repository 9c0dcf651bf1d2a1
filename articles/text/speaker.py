"""Who a sentence is attributed to: rule-based speaker attribution, pure Python.

``find_speaker(sentence)`` looks at one sentence:

* ``..., X said.`` / ``..., X said late Tuesday.`` / ``X said (that) ...`` /
  ``X told reporters ...`` / ``Trump, Lavrov said, is ...`` / ``“Is it?” he asked.``:
  the subject to the left of a reporting verb, from the last clause boundary
  (start, comma, colon, dash, closing quote) up to the verb;
* ``..., said X.`` / ``said lead author Josh Leipheimer``: the name after the verb
  (an appositive after a comma is dropped);
* ``according to X`` (``according to a statement from X``);
* ``X, a businessman who ..., said he ...`` and ``X ... and said ...`` /
  ``X praised ..., saying ...``: the name that opens the sentence.

A speaker is a person or organisation name as written, without its title
("CNN meteorologist Chad Myers" -> "Chad Myers", "Senate Majority Leader Chuck
Schumer" -> "Chuck Schumer", "the Kiel Institute" -> "Kiel Institute"); a phrase
with no proper noun ("the ministry's spokeswoman", "officials"), an indefinite or
relative-clause phrase ("a German body that tracks ..."), a bare title ("Mr",
"the President") or a function word is never a speaker. Text inside quotation
marks is never searched. Pronoun subjects come back as the lower-case pronoun.

``attribute_speakers(sentences, paragraphs)`` takes the sentences of one article
in order (and, optionally, the paragraph each is in) and

* resolves "he"/"she" (and a subject left out in a pro-drop language) to the quotation's
  own speaker when the pronoun closes it; else to the previous sentence's speaker when the
  gender fits; else to the one person named in that sentence or the two before it (outside
  quotations) whose gender fits, gender of unknown people then learnt from the pronoun; of
  several, the one who spoke there; else to a person of that gender who spoke in the last
  four sentences; otherwise it is left empty rather than guessed. "it" goes to the latest
  organisation, "they" to the latest group (or, closing a quotation, to an organisation that
  spoke just before);
* resolves descriptors: "the 56-year-old" to the one person in reach, "the senator" only to a
  person named with that title in reach ("the president" is never resolved: news use it for
  the head of state), "the company" to an organisation that spoke in the last three sentences;
* carries a quotation's speaker over its continuation sentences, over a paragraph
  that continues an open quotation (a paragraph that ends inside a quotation and a
  next one that opens with a quotation mark), and over a fully quoted sentence or
  paragraph that follows an attributed quotation ("“...,” Begala said. “...”", also
  "“...” | Holmes testified. | “...”");
* gives a quotation that ends without attribution the speaker of a short
  attribution sentence right after it ("“Is that right?” | Wallace asked.").

The word lists and quotation marks are grouped in a :class:`SpeakerRules`; ``rules_for(code)``
gives English (``ENGLISH``), Spanish, French, German, Portuguese, Italian or Arabic (their modules
in ``articles/text/languages/``; Arabic brings its own finder, its names having no capitals), and
:data:`GENERIC` for any other language: no reporting verbs, so only transcript labels give
speakers there. Neither function raises on any string.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from .language import base_code

__all__ = [
    "ENGLISH",
    "GENERIC",
    "SpeakerRules",
    "attribute_speakers",
    "find_speaker",
    "language_rules",
    "rules_for",
]


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


# ------------------------------------------------------------ English word lists

# First names whose bearers are, in news text, nearly always of one gender (names used
# for both, such as Jordan, Taylor, Alex, Kim, Jean or Andrea, are left out on purpose).
_MALE_NAMES_EN = _words(
    """
    Aaron Abdullah Adam Adrian Ahmed Alan Albert Aleksandr Alexander Alexandre Alexei Alfred Ali
    Alistair Anders Andre Andreas Andrei Andrew Andriy Andy Angus Anthony Antonio Antony Anwar Arnold
    Arthur Ashraf Barack Barry Ben Benedikt Benjamin Benny Bernard Bernie Bill Billy Bob Bobby Boris
    Brad Bradley Brandon Brendan Brett Brian Bruce Bruno Bryan Byron Calvin Carl Carlos Cesar Chad
    Charles Charlie Chris Christian Christoph Christopher Chuck Clarence Claude Colin Connor Craig
    Cyril Dale Dan Daniel Danny Darren Dave David Dean Dennis Derek Diego Dmitry Dmitri Dominic Don
    Donald Doug Douglas Duncan Dwight Earl Ed Eddie Edgar Edmund Eduardo Edward Elon Emmanuel Enrique
    Eric Erik Ernest Ethan Eugene Evan Fabian Felix Fernando Francesco Francis Francisco Frank Franz
    Fred Frederick Friedrich Gabriel Gareth Gary Gavin Geoffrey George Gerald Gerard Gerhard Gordon
    Graham Greg Gregory Guillaume Gustavo Hakeem Hans Harold Harry Hassan Hector Heinrich Henry Herbert
    Howard Hugh Hugo Hunter Hussein Ian Igor Ilya Isaac Ivan Jack Jacob Jaime Jake James Jamal Jan
    Jared Jason Javier Jay Jeff Jeffrey Jens Jeremy Jerome Jerry Jesse Jim Jimmy Joachim Joe Joel
    Johann Johannes John Johnny Jon Jonathan Jorge Jose Joseph Josh Joshua Juan Julian Justin Karl
    Keir Keith Ken Kenneth Kevin Kirill Klaus Kurt Kyle Lars Larry Lawrence Lee Leo Leon Leonard
    Liam Lloyd Louis Luca Lucas Luis Luiz Luke Manuel Marc Marco Marcus Mario Mark
    Markus Martin Marvin Mateo Matt Matthew Matthias Max Maxim Michael Miguel Mike Mikhail Mitch
    Mohammed Mohammad Muhammad Narendra Nathan Neil Nicholas Nick Nicolas Nigel Noah Norman Olaf Oleg
    Oleksandr Oliver Omar Oscar Owen Pablo Patrick Paul Pedro Peter Petr Phil Philip Philipp Pierre
    Rafael Ralph Ramon Randy Raphael Ray Raymond Recep Reza Ricardo Richard Rick Rishi Rob Robert
    Roberto Rod Rodrigo Roger Roman Ron Ronald Ross Roy Rudy Rupert Russell Ryan Salman Sam Samuel
    Scott Sean Sebastian Sergei Sergey Sergio Seth Shane Simon Stanley Stefan Stephen Steve Steven
    Stuart Ted Terry Thomas Tim Timothy Todd Tom Tommy Tony Travis Trevor Tyler Victor Viktor Vincent
    Vladimir Volodymyr Walter Warren Wayne Wes Wesley Will William Wolfgang Xavier Yair Yevgeny Yuri
    Zachary
    """
)
_FEMALE_NAMES_EN = _words(
    """
    Abigail Adriana Agnes Aisha Alexandra Alexandria Alice Alicia Alison Amanda Amber Amy Ana Anastasia
    Angela Angelina Anita Ann Anna Annalena Anne Annette Antje Barbara Beatrice Beatriz Becky Betty
    Beverly Brenda Bridget Brigitte Britney Caitlin Camila Carla Carmen Carol Caroline Carolyn Cassidy
    Catherine Cathy Cecilia Charlotte Chelsea Cheryl Chloe Christina Christine Cindy Claire Claudia
    Colleen Cynthia Dana Daniela Danielle Deborah Debbie Denise Diana Diane Donna Doris Dorothy Elaine
    Eleanor Elena Elisabeth Elise Elizabeth Ella Ellen Elsa Emily Emma Erin Eva Evelyn Fiona Florence
    Frances Francesca Gabriela Gabrielle Gail Georgia Giorgia Gina Gloria Grace Greta Gretchen Hannah
    Harriet Hazel Heather Heidi Helen Helena Hillary Hilary Ilhan Ines Ingrid Irene Iris Isabel
    Isabella Ivanka Jacqueline Jane Janet Janice Jasmine Jennifer Jenny Jessica Jill Joan Joanna
    Jocelyn Josephine Joyce Judith Judy Julia Julie Juliet Justine Karen Karin Karina Karoline
    Katarina Kate Katherine Kathleen Kathryn Kathy Katie Katrin Kayleigh Kelly Kirsten Kristen Kristi
    Kristin Kamala Korinna Laura Lauren Leah Lena Liz Lisa Lori Louise Lucy Lydia Lynn Madeleine
    Magdalena Maia Margaret Margarethe Maria Marie Marina Marine Marjorie Martha Mary Maxine Megan
    Melania Melanie Melissa Mette Mia Michelle Mirjana Molly Monica Monika Nadia Nancy Naomi Natalia
    Natalie Nathalie Nicola Nicole Nikki Nina Nora Olena Olga Olivia Pam Pamela Patricia Paula Pauline
    Penny Rachel Rebecca Rita Rosa Rose Ruth Sabine Sally Samantha Sandra Sara Sarah Sophia Sophie
    Stephanie Susan Suzanne Svetlana Sylvia Tamara Tanya Teresa Theresa Tina Tracy Tulsi Ursula
    Valerie Vanessa Veronica Victoria Virginia Wendy Yulia Yvonne Zoe
    """
)

_TITLES_EN = _words(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady king queen prince
    princess pope rev rev. reverend father sister brother rabbi imam sheikh emir sultan crown
    president vice vice-president ex-president premier chancellor minister prime secretary
    secretary-general undersecretary leader chair chairman chairwoman chairperson speaker spokesman
    spokeswoman spokesperson senator sen sen. representative rep rep. congressman congresswoman
    governor gov gov. lt. lt. gov. mayor councilman councilwoman councillor councilor judge justice
    attorney prosecutor sheriff commissioner ambassador envoy director ceo cfo coo founder co-founder
    chief executive general gen gen. admiral adm adm. colonel col col. captain capt capt. major
    sergeant sgt sgt. lieutenant commander officer inspector detective coach manager head deputy
    superintendent supt supt. insp insp. det det. constable const const. corporal cpl cpl. dci
    author co-author researcher scientist economist analyst strategist meteorologist correspondent
    reporter editor anchor host columnist professor lawyer attorney spokespeople adviser advisor aide
    candidate nominee challenger incumbent lawmaker legislator mp mep
    administrator treasurer trustee provost coordinator
    """
)
# titles and descriptors that tell a person's gender
_MALE_TITLES_EN = _words(
    "mr mr. sir lord king prince father brother congressman councilman chairman spokesman businessman "
    "sheikh emir sultan pope"
)
_FEMALE_TITLES_EN = _words(
    "mrs mrs. ms ms. miss dame lady queen princess sister congresswoman councilwoman chairwoman "
    "spokeswoman businesswoman"
)
_VERBS_EN = tuple(
    sorted(
        _words(
            "said says say told tells asked asks added adds declared declares wrote writes tweeted tweets posted "
            "argued argues claimed claims insisted insists warned warns noted notes explained explains announced "
            "announces stated confirmed confirms acknowledged acknowledges admitted admits stressed stresses "
            "recalled recalls replied replies responded responds complained complains suggested suggests "
            "contended contends maintained maintains asserted asserts predicted predicts cautioned cautions "
            "countered counters conceded concedes testified testifies alleged alleges emphasized emphasised "
            "emphasizes reiterated reiterates observed remarked continued concluded told reported recounted "
            "explained added wrote denied denies disputed disputes revealed reveals disclosed vowed vows "
            "pledged promised quipped joked boasted shouted yelled texted emailed affirmed affirms estimated "
            "estimates states testifies testified chimed read reads interjected interjects retorted retorts "
            "exclaimed exclaims reminded reminds urged urges indicated indicates reports commented comments"
        )
        | {"shot back", "fired back", "hit back"}  # after a quotation only (see below)
        # ("Pankaj Pandey, Head of Research at ICICI Securities, pointed out that ...", "Wells Fargo
        # analyst Zachary Fadem points out a couple of additional reasons")
        | {"pointed out", "points out", "point out"}
    )
)
# verbs that also report actions ("Lithuania declares 1,000 people risks", "she wrote a book"):
# they attribute only when a clause or quotation follows ("declared that", "declared:", "wrote,")
_WEAK_VERBS_EN = _words(
    "declared declares announced announces confirmed confirms acknowledged acknowledges admitted admits "
    "stressed stresses recalled recalls noted notes wrote writes tweeted tweets posted maintained maintains "
    "predicted predicts observed remarked continued concluded alleged alleges complained complains "
    "suggested suggests reported denied denies disputed disputes revealed reveals disclosed vowed vows "
    "pledged promised boasted estimated estimates states urged urges indicated indicates reports "
    # ("NASA adds five companies to ...", "NASA also added smaller landers to the contract": not words)
    "added adds"
)
# verbs that attribute only right after a closing quotation ("“...,” the statement read"), never
# otherwise ("the propaganda I've read.", "as he read mine")
# ("comments" / "commented" too: "“...,” comments Robin Biesbroek of the CDF", never "the comments were")
_AFTER_QUOTE_VERBS_EN = _words("read reads comments commented") | {"shot back", "fired back", "hit back"}  # ("was shot back then")
# verbs that attribute only when a quotation follows ("Noem called the campaign “bold”")
_QUOTE_VERBS_EN = _words("called calls described describes dubbed branded labelled labeled")
# "the senator said", "the former governor said": a person named with that title just before
# ("the president" is left out: news use it for the head of state whoever was named last)
_PERSON_DESCRIPTORS_EN = _words(
    "senator congressman congresswoman lawmaker governor mayor ambassador "
    "actor actress singer star rapper coach manager boss player striker midfielder goalkeeper ceo "
    "founder billionaire candidate nominee democrat republican judge analyst strategist economist"
)
# "the company said", "the production company said": an organisation named just before
_ORG_DESCRIPTORS_EN = _words(
    "company firm agency ministry department label organisation organization group network bank "
    "union party campaign office charity broadcaster newspaper publisher retailer carrier airline "
    "automaker manufacturer startup studio club league brokerage lender insurer regulator watchdog"
)
# "the statement said": the document of a speaker named just before ("X said in a statement")
_DOCUMENTS_EN = _words("statement letter release memo email note post tweet filing")
# "a spokesperson for the Pentagon said", "a Pentagon spokesman said": the organisation speaks
_SPOKESPEOPLE_EN = _words("spokesperson spokesman spokeswoman")
# verbs after which "he"/"she" is the object, not the subject ("X told her")
_OBJECT_VERBS_EN = _words("told tells asked asks")
_PRONOUNS_EN = {"he": "m", "she": "f", "it": "org", "they": "group"}
_DETERMINERS_EN = _words("the")
_INDEFINITES_EN = _words("a an another one some any every each no")
_POSSESSIVES_EN = _words("its his her their our my your")
# words that open a span but are not part of the subject
_LEADING_SKIP_EN = _words(
    "and but or so yet also meanwhile however now earlier later previously separately then still "
    "instead moreover furthermore indeed but "
    # sentence adverbs before a comma ("Currently, said Dr. Mustafa Al-Kahlot, there are 70 children")
    "currently recently additionally similarly likewise ultimately initially subsequently eventually "
    "notably importantly specifically officially publicly privately reportedly apparently clearly "
    "obviously frankly honestly basically generally usually typically traditionally historically "
    "originally personally unfortunately fortunately interestingly surprisingly naturally certainly "
    "finally today"
)
# a subordinator or relative word inside the span starts a new clause: the subject follows it
_CUT_EN = _words(
    "after before because when while although though if since as until once whereas where that who which whom whose"
)
# auxiliaries / adverbs between the subject and the verb ("X has also said")
_AUX_EN = _words(
    "has have had also later previously repeatedly often earlier again then reportedly publicly recently "
    "once just already further separately has"
)
# leading time phrases before a subject ("On Tuesday Smith said")
_TIME_WORDS_EN = _words(
    "on in at during last this next early late earlier later today yesterday tonight monday tuesday "
    "wednesday thursday friday saturday sunday january february march april june july august september "
    "october november december morning afternoon evening night week weekend month year"
)
# a span with one of these is a clause, not a subject
_CLAUSE_WORDS_EN = _words(
    "is was were are am be been being will would could should can cannot might must do does did not never "
    "if because although though unless than i we you"
)
# capitalised words that never start a name
_NOT_NAMES_EN = _words(
    "I We You This That These Those There Here What Who Which How Why When Where If As But And So Some "
    "Many Most All Others Nobody Everyone Someone One It He She They Its His Her Their Our My Your Both "
    "Each Several Few Such While Although Though Because Since After Before Until Unless Whether Yet Or "
    "Nor Then Still A An The Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Also However Meanwhile Instead Even Only Just "
    "Now Today Yesterday Tonight Other Another No Not Every Any Asked Said Told According"
)
_CONNECTORS_EN = _words("of for the and de del la le van von der den du da di al el bin ibn on to in at &")
_ROLES_EN = _words(
    "spokesman spokeswoman spokesperson spokespeople minister ministry officials official government "
    "president chief leader leaders head office police authorities department agency army military forces "
    "media sources analysts experts lawmakers prosecutors investigators officers officer commander secretary "
    "adviser advisor aide aides ambassador envoy diplomats diplomat governor mayor senator lawmaker chairman "
    "chairwoman director executive founder spokesmen representative representatives deputy premier "
    "administration council service staff team"
)
_GROUPS_EN = _words(
    "officials analysts experts authorities police sources witnesses residents investigators prosecutors "
    "researchers critics lawmakers diplomats observers organizers organisers scientists doctors activists "
    "economists aides leaders officers spokespeople representatives"
)
_ORG_WORDS_EN = _words(
    "department ministry institute government office agency council commission committee union party bank "
    "court company corporation corp inc ltd llc plc group association organization organisation university "
    "police army military navy forces service services authority authorities administration parliament "
    "congress senate assembly kremlin pentagon house embassy foundation fund center centre network newspaper "
    "board bureau federation league alliance coalition tribunal cabinet presidency secretariat command "
    "directorate inspectorate prosecutor's prosecutor’s campaign productions records studios entertainment "
    "media holdings partners "
    # companies named by their trade ("Kotak Institutional Equities", "ICICI Securities", "Acme Capital")
    "equities securities capital investments markets analytics laboratories labs technologies "
    "pharmaceuticals airlines motors insurance"
)
# after a verb, a word that does not start a name ("said that ...", "said on Monday")
_AFTER_VERB_STOP_EN = _words(
    "that in on at this last he she it they him her them his its their we i you to by for about with "
    "as while when "
    "monday tuesday wednesday thursday friday saturday sunday yesterday today earlier later"
)
# transcript labels that are not speakers ("Note: ...", "UPDATE: ...")
_LABEL_STOP_EN = _words(
    "note update updated correction clarification editor’s editor's editors watch read related source "
    "sources photo photos picture video credit credits listen see also warning disclaimer summary "
    "background analysis opinion exclusive breaking live more tags topics share follow subscribe "
    "advertisement sponsored caption image getty reuters ap afp transcript contents chapter part step tip "
    "pros cons verdict rating claim fact fact-check facts context why what how when where who bottom "
    "line key points takeaway takeaways monday tuesday wednesday thursday friday saturday sunday january "
    "february march april may june july august september october november december today yesterday "
    "posted published written by"
)
_PLACES = _words(
    """
    Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria Azerbaijan Bahamas
    Bahrain Bangladesh Barbados Belarus Belgium Belize Benin Bhutan Bolivia Bosnia Botswana Brazil
    Brunei Bulgaria Burundi Cambodia Cameroon Canada Chad Chile China Colombia Comoros Congo Croatia
    Cuba Cyprus Czechia Denmark Djibouti Dominica Ecuador Egypt Eritrea Estonia Eswatini Ethiopia Fiji
    Finland France Gabon Gambia Georgia Germany Ghana Greece Grenada Guatemala Guinea Guyana Haiti
    Honduras Hungary Iceland India Indonesia Iran Iraq Ireland Israel Italy Jamaica Japan Jordan
    Kazakhstan Kenya Kiribati Kosovo Kuwait Kyrgyzstan Laos Latvia Lebanon Lesotho Liberia Libya
    Liechtenstein Lithuania Luxembourg Madagascar Malawi Malaysia Maldives Mali Malta Mauritania
    Mauritius Mexico Micronesia Moldova Monaco Mongolia Montenegro Morocco Mozambique Myanmar Namibia
    Nauru Nepal Netherlands Nicaragua Niger Nigeria Norway Oman Pakistan Palau Palestine Panama Paraguay
    Peru Philippines Poland Portugal Qatar Romania Russia Rwanda Samoa Senegal Serbia Seychelles
    Singapore Slovakia Slovenia Somalia Spain Sudan Suriname Sweden Switzerland Syria Taiwan Tajikistan
    Tanzania Thailand Togo Tonga Tunisia Turkey Turkmenistan Tuvalu Uganda Ukraine Uruguay Uzbekistan
    Vanuatu Venezuela Vietnam Yemen Zambia Zimbabwe Britain England Scotland Wales Europe Africa Asia
    America Washington Moscow Kyiv Kiev Beijing Brussels London Paris Berlin Tokyo Tehran Ankara
    Jerusalem Minsk Vilnius Riga Tallinn Warsaw Rome Madrid Delhi Seoul Pyongyang Damascus Baghdad Cairo
    Gaza Hamas Hezbollah NATO EU UN US USA UK Reuters AP AFP Bloomberg Xinhua TASS
    """
)


def _trie_pattern(words: Sequence[str]) -> str:
    """A regex alternation of ``words`` factored by common prefixes (faster)."""
    trie: dict = {}
    for word in words:
        node = trie
        for c in word:
            node = node.setdefault(c, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


_CAP = r"[A-ZÀ-ÖØ-Þ][\w’'.\-]*"


@dataclass(frozen=True, eq=False)
class SpeakerRules:
    """The words of one language that speaker attribution and transcript labels rely on.

    Word sets are compared lower-cased unless named otherwise (``not_names``,
    ``places``, ``male_names``, ``female_names`` are as written). ``pronouns`` maps
    a subject pronoun to "m", "f", "org" or "group".
    """

    language: str
    verbs: tuple[str, ...]
    weak_verbs: frozenset[str]
    object_verbs: frozenset[str]
    according_to: str  # regex for the phrase that introduces a source ("according to ")
    saying: str  # regex for ", saying": the subject is the name that opens the sentence
    pronouns: dict[str, str]
    determiners: frozenset[str]
    indefinites: frozenset[str]
    possessives: frozenset[str]
    leading_skip: frozenset[str]
    cut: frozenset[str]
    aux: frozenset[str]
    time_words: frozenset[str]
    clause_words: frozenset[str]
    not_names: frozenset[str]
    connectors: frozenset[str]
    roles: frozenset[str]
    groups: frozenset[str]
    org_words: frozenset[str]
    places: frozenset[str]
    titles: frozenset[str]
    male_titles: frozenset[str]
    female_titles: frozenset[str]
    male_names: frozenset[str]
    female_names: frozenset[str]
    after_verb_stop: frozenset[str]
    label_stop: frozenset[str]
    source_links: frozenset[str] = field(default=frozenset(("from", "by")))
    # verbs that attribute only when a quotation follows them ("Noem called it “bold”")
    quote_verbs: frozenset[str] = frozenset()
    # "the senator said", "the 56-year-old said": a descriptor of a person named earlier
    person_descriptors: frozenset[str] = frozenset()
    age_descriptor: str = r"\d{1,3}-year-old"
    # "the company said": a descriptor of an organisation named earlier
    org_descriptors: frozenset[str] = frozenset()
    # "a spokesperson for X", "an X spokesperson": an unnamed voice of the organisation X, which speaks
    spokespeople: frozenset[str] = frozenset()
    spokes_for: frozenset[str] = frozenset(("for",))
    # "Austria's interior minister said ..." resolved to "Interior Minister X" named just after
    role_forward: bool = False
    # verbs that attribute only right after a closing quotation mark ("“...,” the statement read")
    after_quote_verbs: frozenset[str] = frozenset()
    # "the statement said": a document whose issuer is the speaker who released it just before
    documents: frozenset[str] = frozenset()
    # quotation marks: opening and closing (straight '"' is always both)
    open_quotes: str = "“"
    close_quotes: str = "”"
    # two-character quotation marks of wire copy and typewriter text, read as the mark they stand
    # for ("‘‘Yes,’’ she said", "``Yes,'' she said"): pairs of (digraph, replacement)
    quote_digraphs: tuple[tuple[str, str], ...] = ()
    # "sagte er", "dijo ella": a subject pronoun may follow the verb
    pronoun_after_verb: bool = False
    # pro-drop languages: "«...», dijo." has the previous speaker as its subject
    zero_subject: bool = False
    # pronouns fused into an inverted verb ("a-t-il dit"): text -> pronoun
    fused_pronouns: dict[str, str] = field(default_factory=dict)
    # elided articles glued to a name ("l’Insee"): stripped like a determiner
    elisions: tuple[str, ...] = ()
    # object clitics before the verb ("Lo ha detto il prof. Neri"): the subject follows the verb
    clitics: frozenset[str] = frozenset()
    # a determiner before one capitalised word marks a common noun ("Das Gesetz sagt"), German
    articles_mark_nouns: bool = False
    # a language whose names are not capitalised (Arabic) brings its own finder
    finder: Callable[[str, SpeakerRules], Who | None] | None = None

    @cached_property
    def cue(self) -> re.Pattern[str]:
        verbs = sorted(set(self.verbs) | self.quote_verbs)
        alternatives = [rf"\b{_trie_pattern(verbs)}\b"] if verbs else []
        alternatives += [p for p in (self.according_to, self.saying) if p]
        return re.compile("|".join(alternatives) or "(?!)")

    @cached_property
    def verb_cue(self) -> re.Pattern[str]:
        verbs = sorted(set(self.verbs) | self.quote_verbs)
        return re.compile(rf"\b{_trie_pattern(verbs)}\b" if verbs else "(?!)")

    @cached_property
    def source_cue(self) -> re.Pattern[str] | None:
        alternatives = [p for p in (self.according_to, self.saying) if p]
        return re.compile("|".join(alternatives)) if alternatives else None

    @cached_property
    def digraph_re(self) -> re.Pattern[str]:
        return re.compile("|".join(re.escape(d) for d, _ in self.quote_digraphs) or "(?!)")

    def first_name_gender(self, first: str) -> str | None:
        """ "m" / "f" when ``first`` is a known first name of that gender, else None."""
        return "m" if first in self.male_names else "f" if first in self.female_names else None

    @cached_property
    def quote_chars(self) -> re.Pattern[str]:
        return re.compile("[" + re.escape(self.open_quotes + self.close_quotes) + '"]')

    @cached_property
    def boundary_chars(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(',;:([—–"\x1f' + self.open_quotes + self.close_quotes))

    @cached_property
    def last_boundary(self) -> re.Pattern[str]:
        """Matches up to the last clause boundary (greedy): ``m.end() - 1`` is where it is."""
        return re.compile(".*[" + re.escape("".join(self.boundary_chars)) + "]", re.DOTALL)

    @cached_property
    def closing_chars(self) -> str:
        return ',\x1f"' + self.close_quotes

    @cached_property
    def quoted_sentence(self) -> re.Pattern[str]:
        return re.compile("[.,!?…][" + re.escape(self.close_quotes) + '"]')

    @cached_property
    def age(self) -> re.Pattern[str]:
        return re.compile(self.age_descriptor + "$")

    @cached_property
    def title_name(self) -> re.Pattern[str]:
        """A title before a capitalised name ("Sen. Ted Cruz", "Mrs Thatcher"): group 1 the name."""
        forms = sorted({t[:1].upper() + t[1:] for t in self.titles if t[:1].isalpha()})
        return re.compile(rf"(?<!\w)(?:{_trie_pattern(forms)})\.?\s+({_CAP}(?:\s+{_CAP}){{0,2}})")

    @cached_property
    def title_tokens(self) -> frozenset[str]:
        """The capitalised titles as words of running text ("Sen", "Secretary"): a quick test
        before :attr:`title_name` is run."""
        return frozenset(w for t in self.titles for w in _WORD.findall(t[:1].upper() + t[1:]))

    @cached_property
    def first_last(self) -> re.Pattern[str]:
        """Two or three capitalised words: a first name and a surname when the first is known."""
        return re.compile(rf"(?<![\w.])({_CAP})\s+({_CAP}(?:\s+{_CAP})?)")

    @cached_property
    def clause_follows(self) -> re.Pattern[str]:
        that = "|".join(sorted(self.cut & {"that", "que", "dass", "che"})) or "that"
        quote = re.escape(self.open_quotes)
        # a clause ("declared that", "declared:") or a quotation a few words on ("pledged to take “...”")
        return re.compile(
            rf"\s*(?:[,:.;“\"\x1f{quote}]|$)|(?:\s+\S+){{0,5}}?\s+(?:{that})\b|(?:\s+\S+){{0,3}}?\s+[\"{quote}]"
        )

    @cached_property
    def initial_name(self) -> re.Pattern[str]:
        connect = "|".join(re.escape(w) for w in sorted(self.connectors) if w.isalpha())
        seq = rf"{_CAP}(?:\s+(?:(?:{connect})\s+)*{_CAP})*"
        # the name that opens a sentence, after an optional dateline ("VILNIUS: ")
        return re.compile(rf"\s*(?:[A-Z][A-Z .'’\-]*[A-Z]:\s+)?((?:The\s+)?{seq})(?=\s*,|\s+[a-z])")

    @cached_property
    def one_word_stop(self) -> frozenset[str]:
        """Lower-cased words that are never a one-word speaker, or need the full analysis."""
        return frozenset().union(
            self.aux,
            self.leading_skip,
            self.cut,
            self.time_words,
            self.clause_words,
            self.indefinites,
            self.possessives,
            self.determiners,
            self.titles,
            self.groups,
            self.connectors,
        )


ENGLISH = SpeakerRules(
    language="en",
    verbs=_VERBS_EN,
    weak_verbs=_WEAK_VERBS_EN,
    object_verbs=_OBJECT_VERBS_EN,
    according_to=r"ccording(?<=\b[Aa]ccording)\s+to\s+",  # a literal first: a fast search
    saying=r",\s+(?:saying|adding|noting|arguing|insisting|explaining|warning|stressing)\b",
    pronouns=_PRONOUNS_EN,
    determiners=_DETERMINERS_EN,
    indefinites=_INDEFINITES_EN,
    possessives=_POSSESSIVES_EN,
    leading_skip=_LEADING_SKIP_EN,
    cut=_CUT_EN,
    aux=_AUX_EN,
    time_words=_TIME_WORDS_EN,
    clause_words=_CLAUSE_WORDS_EN,
    not_names=_NOT_NAMES_EN,
    connectors=_CONNECTORS_EN,
    roles=_ROLES_EN,
    groups=_GROUPS_EN,
    org_words=_ORG_WORDS_EN,
    places=_PLACES,
    titles=_TITLES_EN,
    male_titles=_MALE_TITLES_EN,
    female_titles=_FEMALE_TITLES_EN,
    male_names=_MALE_NAMES_EN,
    female_names=_FEMALE_NAMES_EN,
    after_verb_stop=_AFTER_VERB_STOP_EN,
    label_stop=_LABEL_STOP_EN,
    quote_verbs=_QUOTE_VERBS_EN,
    person_descriptors=_PERSON_DESCRIPTORS_EN,
    org_descriptors=_ORG_DESCRIPTORS_EN,
    documents=_DOCUMENTS_EN,
    after_quote_verbs=_AFTER_QUOTE_VERBS_EN,
    spokespeople=_SPOKESPEOPLE_EN,
    role_forward=True,
    quote_digraphs=(("’’", "” "), ("‘‘", " “"), ("''", '" '), ("``", ' "')),
)

# A language without rules of its own: no reporting verbs, so only transcript labels give speakers.
GENERIC = SpeakerRules(
    language="",
    verbs=(),
    weak_verbs=frozenset(),
    object_verbs=frozenset(),
    according_to="",
    saying="",
    pronouns={},
    determiners=frozenset(),
    indefinites=frozenset(),
    possessives=frozenset(),
    leading_skip=frozenset(),
    cut=frozenset(),
    aux=frozenset(),
    time_words=frozenset(),
    clause_words=frozenset(),
    not_names=frozenset(),
    connectors=frozenset(),
    roles=frozenset(),
    groups=frozenset(),
    org_words=frozenset(),
    places=frozenset(),
    titles=frozenset(),
    male_titles=frozenset(),
    female_titles=frozenset(),
    male_names=frozenset(),
    female_names=frozenset(),
    after_verb_stop=frozenset(),
    label_stop=_LABEL_STOP_EN,
    age_descriptor=r"(?!)",
    open_quotes="“«„",
    close_quotes="”»",
)


def language_rules(language: str, **fields: object) -> SpeakerRules:
    """A rule set for ``language``: the generic one with ``fields`` filled in (a language module's helper)."""
    import dataclasses

    return dataclasses.replace(GENERIC, language=language, **fields)


_LOADED: dict[str, SpeakerRules] = {"en": ENGLISH}  # language code -> its rules (a cache)


def _forget() -> None:
    _LOADED.clear()
    _LOADED["en"] = ENGLISH


def rules_for(language: str | None) -> SpeakerRules:
    """The speaker rules of ``language`` ("en", "de", "pt-BR", "fr_CA"...): its module's in the
    language registry (``articles/text/languages/``: English, Spanish, French, German, Portuguese,
    Italian and Arabic); any other language (or none) gets :data:`GENERIC`, which attributes no
    sentence by itself (transcript labels still give speakers). Never raises."""
    code = base_code(language)
    rules = _LOADED.get(code)
    if rules is None:
        from . import languages

        languages.on_change(_forget)
        rules = languages.get(code).speaker
        if len(_LOADED) < 1024:
            _LOADED[code] = rules
    return rules


# ------------------------------------------------------------------------ one sentence


class Who(NamedTuple):
    """A speaker as found in one sentence: a name (or a lower-case pronoun), its kind
    ("person", "org", "group", or None when not known from the phrase) and gender
    ("m", "f" or None)."""

    name: str
    kind: str | None = None
    gender: str | None = None


# end of the phrase after "according to" / "said": a clause boundary
_PHRASE_END = re.compile(r"[,;:!?()\[\]“”„«»‹›\"\x1f—–]|\.(?!\s*[A-ZÀ-ÖØ-Þ])|\s-\s|$")
_STRIP = " \t\r\n,.;:!?'\"“”„«»‹›‘’()[]{}—–-\x1f"


def _mask_quotes(s: str, rules: SpeakerRules = ENGLISH) -> str:
    """``s`` with the text inside quotation marks replaced by \x1f (same length).

    A closing mark with no opening one masks from the start of the sentence; an
    opening mark that is not closed masks to the end.
    """
    parts = []
    done = 0  # s[:done] is in parts
    open_at = -1
    n = len(s)
    opens = rules.open_quotes
    for m in rules.quote_chars.finditer(s):
        i = m.start()
        c = s[i]
        if c == '"':
            before = s[i - 1] if i else " "
            after = s[i + 1] if i + 1 < n else " "
            opening = (
                open_at < 0 and (i == 0 or before.isspace() or before in "([—–-") and not after.isspace()
            )
        else:
            opening = c in opens
        if opening:
            if open_at < 0:
                open_at = i
        else:
            start = open_at + 1 if open_at >= 0 else 0
            if start >= done:
                parts.append(s[done:start])
                parts.append("\x1f" * (i - start))
                done = i
            open_at = -1
    if open_at >= 0 and open_at + 1 >= done:
        parts.append(s[done : open_at + 1])
        parts.append("\x1f" * (n - open_at - 1))
        done = n
    parts.append(s[done:])
    return "".join(parts)


def _undigraph(sentence: str, rules: SpeakerRules) -> str:
    """``sentence`` with two-character quotation marks ("’’", "``") replaced by the mark they stand for."""
    if rules.digraph_re.search(sentence) is None:
        return sentence
    for digraph, mark in rules.quote_digraphs:
        if digraph in sentence:
            sentence = sentence.replace(digraph, mark)
    return sentence


def _clean(name: str) -> str:
    return " ".join(name.split()).strip(_STRIP)


def _is_cap(w: str) -> bool:
    """Capitalised, or an elided particle before a capital ("d’Orsay", "l’Insee"), or an Arabic
    article or a patronymic particle before one ("al-Kaabi", "el-Sisi", "bin-Salman")."""
    if w[:1].isupper() or len(w) > 2 and w[1] in "’'" and w[2].isupper():
        return True
    return "-" in w[2:5] and _PARTICLE_CAP.match(w) is not None


_PARTICLE_CAP = re.compile(r"(?:al|el|ad|an|ar|as|ash|at|az|bin|ibn|abu|ben)-[A-ZÀ-ÖØ-Þ]")


def _title_key(w: str) -> str:
    return w.lower().strip(",")


def _gender_of(words: Sequence[str], rules: SpeakerRules) -> str | None:
    for w in words:
        k = _title_key(w)
        if k in rules.male_titles:
            return "m"
        if k in rules.female_titles:
            return "f"
    return None


_SUBJECTS: dict[tuple[SpeakerRules, tuple[str, ...]], Who | None] = {}


def _subject(words: list[str], rules: SpeakerRules) -> Who | None:
    """The speaker named by ``words`` (a subject phrase), or None (memoised: the same phrases
    come back within an article, "Zelensky", "the ministry", "he")."""
    key = (rules, tuple(words))
    try:
        return _SUBJECTS[key]
    except KeyError:
        pass
    who = _subject_uncached(words, rules)
    if len(_SUBJECTS) >= 8192:
        _SUBJECTS.clear()
    _SUBJECTS[key] = who
    return who


def _subject_uncached(words: list[str], rules: SpeakerRules) -> Who | None:
    if len(words) == 1:  # the common case, "Zelensky said" / "he said", decided at once
        w = words[0]
        lw = w.lower()
        if lw in rules.pronouns:
            return Who(lw)
        if lw in _NOT_ONE_WORD_EN and rules.language == "en" or _CONTRACTED.match(lw):
            return None  # "To say he bears no responsibility ...", "We’ve asked for it"
        if rules.language == "en" and 2 <= len(w) <= 6 and w.isalpha() and w.isupper():
            return Who(w, "org")  # an acronym: "..., says WHO.", "NASA said"
        if w.isalpha() and w[0].isupper() and w not in rules.not_names and lw not in rules.one_word_stop:
            return Who(w)
    # drop list bullets and dashes, auxiliaries right before the verb, connectives
    # and time phrases at the start, and everything up to a subordinator
    while words and not any(c.isalnum() for c in words[0]):
        words = words[1:]
    while words and (
        words[-1].lower() in rules.aux
        or len(words) > 1
        and words[-1].endswith("ly")
        and not _is_cap(words[-1])
    ):
        words = words[:-1]
    while words and words[0].lower().strip(",") in rules.leading_skip:
        words = words[1:]
    while len(words) > 2 and words[-2].lower() in ("on", "in", "at") and words[-1].lower().strip(",.") in rules.time_words:
        words = words[:-2]  # "US President Joe Biden on Wednesday called for ...": the name without its day
    for k in range(len(words) - 1, -1, -1):
        if words[k].lower() in rules.cut:
            words = words[k + 1 :]
            break
    while words and (words[0].lower() in rules.time_words or words[0][:1].isdigit()):
        if len(words) > 1 and words[1] in rules.person_descriptors and words[0].lower() in rules.determiners:
            break  # "la ministra" ("la" a time word too: "por la tarde")
        words = words[1:]
    if not words or len(words) > 12:
        return None
    elided = False
    if rules.elisions:
        w0 = words[0].lower()
        for e in rules.elisions:
            if w0.startswith(e) and len(w0) > len(e):
                words = [words[0][len(e) :], *words[1:]]
                elided = True
                break
    lower = [w.lower() for w in words]
    if len(words) == 1 and lower[0] in rules.pronouns:
        return Who(lower[0])
    if rules.spokespeople and len(words) >= 2 and not rules.spokespeople.isdisjoint(lower):
        who = _spokes_org(words, lower, rules)
        if who is not None:
            return who
    if lower[0] in rules.indefinites or lower[0] in rules.possessives:
        return None  # "a German body that ...", "his spokesman"
    had_det = lower[0] in rules.determiners
    if had_det:
        words, lower = words[1:], lower[1:]
        if not words:
            return None
    if (
        (had_det or elided)
        and rules.articles_mark_nouns
        and len(words) == 1
        and not any(lower[0].endswith(o) for o in rules.org_words)
        and lower[0] not in rules.person_descriptors
    ):
        return None  # "Das Gesetz sagt": a common noun
    had_det = had_det or elided
    if not rules.clause_words.isdisjoint(words):  # as written: "Will Moy" is a name
        return None
    if any(w.lower().replace("’", "'") in _CLAUSE_CONTRACTIONS or _CONTRACTED.match(w.lower()) for w in words):
        return None  # "It's exactly what the company promised: ...": a clause, not a name
    if had_det and len(words) <= 3 and not _is_cap(words[-1]):
        desc = _descriptor(words, lower, rules)
        if desc is not None:
            return desc
    if words[0] in rules.not_names and _title_key(words[0]) not in rules.titles:
        return None
    # the capitalised run that ends the phrase: the name
    n = len(words)
    j = n
    while j > 0 and (_is_cap(words[j - 1]) or (j < n and lower[j - 1] in rules.connectors)):
        j -= 1
    while j < n and not _is_cap(words[j]):
        j += 1  # a run does not start with a connector
    if j == n:
        # no name at the end: "the French government", "US officials", or nothing
        if had_det and lower[-1] in rules.roles and not any(_is_cap(w) for w in words):
            return _role(words, lower, had_det, rules)  # "the foreign minister"
        if len(words) > 6 or not any(_is_cap(w) for w in words) or not _is_cap(words[0]) and not had_det:
            return None
        last = lower[-1]
        if last in rules.groups:
            return Who(_clean(" ".join(words)), "group") if _is_cap(words[0]) else None
        if last in rules.org_words or last in rules.roles:
            if last in rules.roles and last not in rules.org_words:
                return _role(words, lower, had_det, rules)  # "the ministry’s spokeswoman": no name
            return Who(_clean(" ".join(words)), "org")
        return None
    prefix, run = words[:j], words[j:]
    gender = _gender_of(prefix, rules)
    person = False
    if prefix:
        lower_prefix = lower[:j]
        if (
            rules.language == "en"
            and lower_prefix[-1] in _ORG_KINDS_EN
            and len(prefix) <= 5
            and 1 <= len(run) <= 4
            and all(_is_cap(w) for w in run)
            # (not a person after it: "parent company CEO Andy Vesey", "the company's Sarah Lee")
            and not any(_title_key(w.lower()) in rules.titles or w.lower() in rules.roles for w in run)
            and run[0] not in rules.male_names
            and run[0] not in rules.female_names
        ):
            # what kind of organisation, then its name: "research firm Gartner", "visual threat
            # intelligence company Sensity", "the rights group Amnesty International"
            return Who(_clean(" ".join(run)), "org")
        if not _is_cap(prefix[0]) and not had_det and len(prefix) > 4:
            return None
        if any(
            not _is_cap(w) and lw not in rules.connectors for w, lw in zip(prefix, lower_prefix, strict=True)
        ):
            # "CNN meteorologist Chad Myers", "lead author Josh Leipheimer"
            if len(prefix) > 5 or (
                any(lw in rules.groups for lw in lower_prefix)
                # ("police press liaison officer Superintendent Audley Peters": a job, not a group)
                and not (_title_key(lower_prefix[-1]) in rules.titles or lower_prefix[-1] in rules.roles)
            ):
                return None
            if (
                lower_prefix[-1] in _COMPLEMENT_LINKS
                and len(prefix) >= 2
                and (_title_key(lower_prefix[-2]) in rules.titles or lower_prefix[-2] in rules.roles)
                and len(run) >= 3
                and rules.language in ("en", "es")
                and run[-1].lower() not in rules.org_words
                and run[-1] not in rules.places
                and not any(w.lower() in rules.connectors for w in run)
            ):
                # the title's complement before the name, the title in lower case: "China’s ambassador to
                # Britain Liu Xiaming", "the head of Hamas Ismail Haniyeh": the name from a known first
                # name, else the last two words
                first = next(
                    (i for i, w in enumerate(run) if i and (w in rules.male_names or w in rules.female_names)), None
                )
                run = run[first if first is not None else len(run) - 2 :]
            elif lower_prefix[-1] in rules.connectors and not _is_cap(prefix[-1]):
                return None  # "la ministra de Hacienda", "the head of Hamas": the name is not the speaker
            if (
                len(run) < 2
                and not any(lw in rules.titles or lw in rules.roles for lw in lower_prefix)
                # (a rank before the surname: "the 14th-ranked Schwartzman said", "the top-seeded Smith")
                and not (had_det and rules.language == "en" and all(_RANKED.match(lw) for lw in lower_prefix))
            ):
                return None
            person = True
        else:
            run = words  # all capitalised: "Senate Majority Leader Chuck Schumer"
    # strip titles inside the run: the last title word and everything before it
    keys = [_title_key(w) for w in run]
    k = -1
    for i in range(len(run) - 1, -1, -1):
        key = keys[i]
        if key in rules.titles and (
            key not in ("general", "major", "chief")
            or i > 0
            and (keys[i - 1] in rules.titles or keys[i - 1] in rules.org_words)
        ):
            k = i
            break
    if k >= 0 and k == len(run) - 1:
        # "Mr Major": a name that is also a title word, after an honorific
        if k > 0 and (
            keys[k - 1] in rules.male_titles
            or keys[k - 1] in rules.female_titles
            or keys[k - 1] in ("dr", "dr.")
        ):
            k -= 1
        else:
            return None  # "Foreign Minister", "the President": a title, no name
    if k >= 0:
        gender = gender or _gender_of(run[: k + 1], rules)
        run = run[k + 1 :]
        person = True
        if len(run) >= 4 and run[0].lower() in ("of", "for", "in") and rules.language == "en":
            # the title's complement before the name: "Secretary of State Antony Blinken",
            # "U.S. Attorney for Massachusetts Joshua Levy", "Minister in the Ministry of Finance Brian
            # Manning": the name from a known first name, else its last two words
            rest = run[1:]
            first = next(
                (i for i, w in enumerate(rest) if i and (w in rules.male_names or w in rules.female_names)), None
            )
            if first is not None or rest[-1].lower() not in rules.org_words:
                run = rest[first if first is not None else len(rest) - 2 :]
        if not run or not _is_cap(run[0]) or all(w.lower() in rules.connectors for w in run):
            return None  # a bare title: "Mr", "the President"
        if len(run) == 1 and run[0].lower() in rules.connectors:
            return None
    if (
        len(run) >= 2
        and _possessive(run[0])
        and _is_cap(run[1])
        and not _possessive(run[-1])
        and not any(w.lower() in rules.org_words or w.lower() in rules.roles or w.lower() in rules.groups for w in run[1:])
        and (
            run[0][:-2].rstrip("’'").isupper()
            or run[0][:-2] in rules.places
            or len(run) >= 3
            and (run[1] in rules.male_names or run[1] in rules.female_names)
        )
    ):
        # "NPR’s Feng reports", "Britain’s Boris Johnson said": the person, not the owner (not
        # "the People’s Daily")
        run = run[1:]
    if rules.language == "en" and len(run) >= 4 and (k >= 0 or run[0] in rules.male_names or run[0] in rules.female_names):
        # a person and where they work: "Dr. Joneigh Khaldun of the Michigan Department of Health",
        # "said Tom Bonier of TargetSmart": the person
        cut = next((i for i, w in enumerate(run) if i >= 2 and w in ("of", "at", "from")), None)
        if cut is not None and all(_is_cap(w) for w in run[:cut]):
            run = run[:cut]
            person = True
    if len(run) > 6 or run[0] in rules.not_names and not (k >= 0 and len(run) > 1):
        return None  # ("Mme Le Pen": a particle after a title is part of the name)
    if run[-1].lower() in rules.groups:
        # "US officials"; a lone "Officials" opening a sentence names nobody
        return Who(_clean(" ".join(run)), "group") if len(run) >= 2 and k < 0 else None
    name = _clean(" ".join(run))
    if run[-1] in ("Jr.", "Sr."):
        name += "."
    if not name or name.endswith(("’s", "'s", "’", "'")) or not any(c.isalpha() for c in name):
        return None
    first = run[0].rstrip(".")
    if gender is None and len(run) >= 2:
        if first in rules.male_names:
            gender = "m"
        elif first in rules.female_names:
            gender = "f"
    if gender is not None:
        person = True
    kind = "person" if person else ("org" if had_det else None)
    return Who(name, kind, gender)


def _role(words: list[str], lower: list[str], had_det: bool, rules: SpeakerRules) -> Who | None:
    """ "Austria's interior minister", "the foreign minister": a title with a qualifier and no name,
    which news name a sentence or two later ("Interior Minister Wolfgang Peschorn said ...")."""
    if not rules.role_forward or _title_key(words[-1]) not in rules.titles:
        return None
    owner = 1 if words[0].endswith(("’s", "'s")) and _is_cap(words[0]) and not had_det else 0
    role = lower[owner:]
    if any(_is_cap(w) for w in words[owner:]) or not 1 <= len(role) <= 3 or len(role) + owner < 2:
        return None  # "the minister": too vague; "the Russian president": a head of state
    if any(w in rules.spokespeople or w.endswith(("’s", "'s")) for w in role):
        return None  # a spokesperson is not named later as "Spokesperson X"
    return Who(DESC_ROLE + " " + " ".join(role), "desc")


def _spokes_org(words: list[str], lower: list[str], rules: SpeakerRules) -> Who | None:
    """ "a spokesperson for the Pentagon" / "a Pentagon spokesman" -> the organisation, when it is
    one (a person's spokesman is not that person, "a spokesman for Johnson" names nobody)."""
    k = next(i for i, w in enumerate(lower) if w in rules.spokespeople)
    if k + 2 < len(words) and lower[k + 1] in rules.spokes_for and k <= 1:
        if k == 1 and lower[0] not in rules.indefinites and lower[0] not in rules.determiners:
            return None
        who = _subject(words[k + 2 :], rules)
        if who is None or who.name in rules.pronouns or who.kind in ("desc", "person", "group"):
            return None
        if who.kind != "org" and _kind(who.name, rules) != "org":
            return None
        return Who(who.name, "org")
    if k == len(words) - 1 and k >= 2 and (lower[0] in rules.indefinites or lower[0] in rules.determiners):
        middle = words[1:k]
        if len(middle) <= 4 and all(_is_cap(w) for w in middle) and middle[0] not in rules.not_names:
            name = _clean(" ".join(middle))
            if middle[-1].endswith(("’s", "'s")) or _kind(name, rules) != "org":
                return None  # "a Trump spokesman": a person's spokesman is not that person
            return Who(name, "org")
    return None


# descriptor speakers, resolved within the article: a person or an organisation named earlier
DESC_PERSON = "\x00person"
DESC_ORG = "\x00org"
DESC_DOC = "\x00doc"
DESC_ROLE = "\x00role"
# the subject left out in a pro-drop language ("«...», dijo.")
ZERO = "\x00zero"
_MODIFIERS = frozenset(("former", "new", "outgoing", "incoming", "ex", "late"))
# the kinds of organisation news name before the name itself ("research firm Gartner")
_ORG_KINDS_EN = _words(
    "company firm group startup start-up agency organisation organization consultancy charity watchdog "
    "publisher broadcaster network outlet newspaper website platform bank lender insurer carrier airline "
    "automaker carmaker retailer chipmaker brokerage union institute think-tank thinktank"
)
# a rank or age before a surname: "the 14th-ranked Schwartzman", "the top-seeded Smith", "the 35-year-old Ruiz"
_RANKED = re.compile(
    r"(?:\d+(?:st|nd|rd|th)?|no\.\s?\d+|top|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"two|three|four|five|six|seven|eight|nine|ten|\d+-year)-(?:ranked|seeded|time|old)$"
)
# the link between a lower-case title and its complement: "ambassador to Britain", "head of Hamas"
_COMPLEMENT_LINKS = frozenset(("to", "of", "for", "at", "de"))  # ("El diputado de Convergencia Social Diego Ibáñez")


def _descriptor(words: list[str], lower: list[str], rules: SpeakerRules) -> Who | None:
    """ "the 56-year-old", "the senator", "the former governor", "the production company"."""
    last = lower[-1]
    head = lower[:-1]
    if rules.age.match(last) and not head:
        return Who(DESC_PERSON, "desc")
    if last in rules.person_descriptors and all(w in _MODIFIERS for w in head):
        return Who(DESC_PERSON + " " + last, "desc", _gender_of(words, rules))
    if rules.language != "en" and len(lower) == 2 and lower[0] in rules.person_descriptors and words[1].isalpha():
        # "el periodista ruso": the role, its adjective after it
        return Who(DESC_PERSON + " " + lower[0], "desc", _gender_of(words, rules))
    if last in rules.org_descriptors and len(head) <= 1 and not any(_is_cap(w) for w in words):
        return Who(DESC_ORG, "desc")
    if last in rules.documents and not head:
        return Who(DESC_DOC + " " + last, "desc")
    return None


# a party and state tag of US news: "R-Neb.", "D-N.Y.", "(R-Texas)"
_PARTY_TAG = re.compile(r"\(?[DRI]-[A-Z][\w.\-]*\)?$")


def _last_boundary(masked: str, end: int, last_boundary: re.Pattern[str]) -> int:
    """Where the last clause boundary before ``end`` is, or -1."""
    m = last_boundary.match(masked, 0, end)
    return m.end() - 1 if m else -1


def _possessive(w: str) -> bool:
    return w.endswith(("’s", "'s")) and _is_cap(w)


def _subject_before(masked: str, end: int, rules: SpeakerRules) -> tuple[Who | None, bool, bool]:
    """(subject, after_comma, after_and) for a verb that starts at ``end``."""
    boundary = rules.last_boundary
    start = _last_boundary(masked, end, boundary) + 1
    dash = masked.rfind(" - ", start, end)
    if dash >= 0:
        start = dash + 3
    span = masked[start:end]
    after_comma = start > 0 and masked[start - 1] == ","
    words = span.split()
    if len(words) == 1 and after_comma and _PARTY_TAG.match(words[0]):
        words = []  # "Sen. Ben Sasse, R-Neb., said": the tag is an appositive
    if not words and after_comma:
        # "..., Ukraine’s foreign minister, Andrii Sybiha, said": the name between two commas
        # or before an appositive: "..., Dr. Luz Arroyo, a member of the group, told ..."
        comma = start - 1
        in_list = False  # walking back through a list that ends the appositive
        appositive = False
        for _ in range(6):
            prev = _last_boundary(masked, comma, boundary) + 1
            words = masked[prev:comma].split()
            if len(words) == 1 and prev > 0 and masked[prev - 1] == "," and _PARTY_TAG.match(words[0]):
                comma = prev - 1  # "Sen. Ben Sasse, R-Neb., said": the tag is an appositive
                continue
            if (
                prev > 0
                and masked[prev - 1] == ","
                and rules.language == "en"
                and words
                and (
                    # "... at Boeing Defense, Space, and Security, said" (not "..., and Tim Morrison, ...":
                    # a second person, who is left to the rules below)
                    (words[0].lower() in ("and", "or") and getattr(_subject(words[1:], rules), "kind", None) != "person")
                    or (in_list and len(words) <= 3 and all(_is_cap(w) for w in words))
                    or (len(words) <= 2 and (_STATE_EN.match(" ".join(words)) or " ".join(words) in _US_STATES))
                )
            ):
                # a list's items or a place's state ("in Greenbelt, Maryland, and ... Washington, D.C.,
                # said") end the appositive: the name is further back
                in_list = in_list or words[0].lower() in ("and", "or")
                appositive = True
                comma = prev - 1
                continue
            if prev > 0 and masked[prev - 1] == "," and words and words[0] in ("of", "from", "at", "with"):
                comma = prev - 1  # "Dr Melissa Lazenby, of the University of Sussex, said"
                continue
            if prev > 0 and masked[prev - 1] == "," and _role_appositive(words, rules) and _is_cap(words[0]):
                comma = prev - 1  # "Strauss Zelnick, CEO of Take-Two, adds": the name before the role
                continue
            if words and all(_is_cap(w) or w in rules.connectors for w in words):
                return _subject(words, rules), True, False
            if not words or prev == 0 or masked[prev - 1] != ",":
                if appositive and words and rules.language == "en":
                    # the appositive began right after the quotation: its head is the name
                    # ("“...,” study lead author Lucas Paganini, a planetary scientist at ..., said")
                    who = _subject(words, rules)
                    if who is not None and who.kind == "person":
                        return who, True, False
                break
            # an appositive: "a member of ...", "chief executive of ...", "Disney’s chairman of ...",
            # "who serves in ...", "Vector Space Systems CEO and a founding member of SpaceX"
            w0 = words[0]
            if (
                _is_cap(w0)
                and not _possessive(w0)
                and w0.lower() not in rules.determiners
                and not _role_appositive(words, rules)
            ):
                break
            appositive = True
            comma = prev - 1
        return None, True, False
    after_and = bool(words) and words[-1].lower() in ("and", "but")
    if (
        len(words) > 2
        and words[-1].lower() in rules.pronouns
        and rules.language == "en"
        and words[0].endswith("ing")
        and _is_cap(words[0])
    ):
        # "Speaking through an interpreter he added": a participle's phrase, then the subject
        return Who(words[-1].lower()), after_comma, False
    return _subject(words, rules), after_comma, after_and


# a US state or district after its city ("Greenbelt, Maryland", "Washington, D.C.", "Austin, Tex.")
_STATE_EN = re.compile(r"^(?:[A-Z]\.){2,3}$|^[A-Z][a-z]{1,4}\.$")
_US_STATES = _words(
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho "
    "Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota "
    "Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah "
    "Vermont Virginia Washington Wisconsin Wyoming"
) | {"New York", "New Jersey", "New Mexico", "New Hampshire", "North Carolina", "South Carolina", "North Dakota",
     "South Dakota", "West Virginia", "Rhode Island"}


def _role_appositive(words: list[str], rules: SpeakerRules) -> bool:
    """An appositive that opens with a capitalised name but holds a role and running words:
    "Vector Space Systems CEO and a founding member of SpaceX" (not a name: "Jim Cantrell")."""
    if len(words) < 3:
        return False
    if _title_key(words[0]) in rules.titles and words[1] in ("of", "at", "for"):
        return True  # "CEO of Take-Two", "President of Ubisoft"
    if all(_is_cap(w) or w in rules.connectors for w in words):
        return False
    return any(w.lower() in rules.roles or _title_key(w) in rules.titles for w in words)


def _phrase_after(masked: str, pos: int) -> str:
    m = _PHRASE_END.search(masked, pos)
    return masked[pos : m.start() if m else len(masked)]


_DOCUMENTS = _words(
    "report reports study survey analysis statement data figures poll estimate estimates tally count "
    "review audit investigation filing"
)


def _unelide(w: str, rules: SpeakerRules) -> str:
    """ "l’Istat" -> "Istat" (an elided article before a capitalised word)."""
    lw = w.lower()
    for e in rules.elisions:
        if lw.startswith(e) and len(w) > len(e) and _is_cap(w[len(e) :]):
            return w[len(e) :]
    return w


def _first_run(words: list[str], rules: SpeakerRules, documents: bool = False) -> list[str] | None:
    """``words`` up to the end of their first capitalised run ("Allendorf" in "Allendorf der
    Zeitung"); None when (in English) that run modifies a noun ("the CDC requirement"), unless
    ``documents`` and the noun is a document ("a new Fast Company report")."""
    n = len(words)
    k = 0
    if rules.elisions and words:
        words = [_unelide(words[0], rules), *words[1:]]
    while k < n and not _is_cap(words[k]):
        k += 1
    e = k
    connectors = rules.connectors
    while e < n and (
        _is_cap(words[e])
        or e + 1 < n
        and words[e].lower() in connectors
        and _is_cap(words[e + 1])
        and words[e + 1].lower().strip(".,") not in rules.time_words  # "said Biden on Tuesday"
    ):
        e += 1
    if e < n and rules.language == "en" and words[e - 1][-1:].isalnum():
        nxt = words[e].lower()
        if documents and nxt.strip(".,") in _DOCUMENTS:
            return words[k:e]
        if nxt in ("of", "about") and e + 1 < n and words[e + 1].lower() in rules.possessives:
            return words[:e]  # "quipped Pitt of his role": what the remark was about
        if (
            nxt in ("of", "at", "from")
            and e - k >= 2
            and e + 2 < n
            and words[e + 1].lower() == "the"
            and _is_cap(words[e + 2])
        ):
            # "comments Robin Biesbroek of the CDF", "said Jane Doe at the European Space Agency":
            # the person, where they work left out
            return words[:e]
        if not (nxt in rules.after_verb_stop or nxt in rules.determiners or nxt in rules.time_words):
            # "said CNN anchor Jake Tapper", "said LAPD homicide detective Efren Guttierez": up to
            # four lower-case words ending in a title, then the name
            t = e
            while t < n and t - e < 4 and not _is_cap(words[t]):
                t += 1
            if e < t < n and _title_key(words[t - 1]) in rules.titles:
                f = t
                while f < n and _is_cap(words[f]):
                    f += 1
                if f - t >= 2:
                    return words[:f]
            return None  # "notes the CDC requirement that ...": a modifier, not a speaker
    return words[:e]


_SURNAME_END = re.compile(r"\s*(?:$|,\s+who(?:se)?\s)")
_ACRONYM_AFTER = re.compile(r"\s*\([A-Z][A-Za-z]{1,7}\)\s+(?=[A-Z])")


def _name_after(masked: str, pos: int, rules: SpeakerRules) -> Who | None:
    """A name right after a reporting verb ("..., said John Smith.", "sagte Allendorf der Zeitung")."""
    phrase = _phrase_after(masked, pos)
    words = phrase.split()
    if not words:
        return None
    w0 = words[0].lower()
    if rules.pronoun_after_verb and w0 in rules.pronouns:
        return Who(w0)  # "sagte er", "dijo ella"
    if w0 in rules.after_verb_stop:
        return None
    if (
        len(words) == 1
        and rules.language == "en"
        and words[0].istitle()
        and (w0 in rules.time_words and not _MONTH_OR_DAY_EN.match(w0) or _title_key(words[0]) in rules.titles)
        and _SURNAME_END.match(masked[pos:].strip(" .!?\x1f\"”’'")[len(words[0]) :])
    ):
        # "“Streaming is binary,” says Early.", "“...,” said King, who ...": a surname (a title
        # alone ends no sentence)
        return Who(words[0], "person")
    if masked[pos + len(phrase) : pos + len(phrase) + 1] == "(" and all(_is_cap(w) for w in words):
        m = _ACRONYM_AFTER.match(masked, pos + len(phrase))
        if m is not None:
            # "warns Pan American Health Organization (PAHO) Director Carissa F. Etienne": the person
            who = _name_after(masked, m.end(), rules)
            if who is not None and who.kind == "person":
                return who
    if (
        rules.language == "en"
        and len(words) >= 4
        and w0 in ("a", "an", "the")
        and words[1].lower() in _DOCUMENTS
        and words[2].lower() in ("from", "by")
    ):
        # "“...,” said a report from Kotak Institutional Equities.": the document's author
        return _name_after(masked, pos + phrase.index(words[3]), rules)
    if (
        rules.language != "en"
        and len(words) >= 2
        and w0 in rules.determiners
        and words[1].lower() in rules.person_descriptors
        and words[1].islower()
    ):
        # "«...», señaló el funcionario en una entrevista": the role, resolved in the article
        return _subject(words[:2], rules)
    words = _first_run(words, rules)
    if not words or len(words) > 8:
        return None
    who = _subject(words, rules)
    return None if who is None or who.name in rules.pronouns else who


def _initial_name(masked: str, rules: SpeakerRules, appositive: bool = False) -> Who | None:
    m = rules.initial_name.match(masked)
    if not m:
        return None
    name = m.group(1)
    if appositive and not masked[m.end() :].lstrip().startswith(","):
        return None
    if name.split(None, 1)[0] in rules.not_names and not name.startswith("The "):
        return None
    if name.endswith(("’s", "'s", "’", "'")):
        return None  # "Zelensky’s openness ..." is not said by Zelensky
    bare_name = name.removeprefix("The ")
    if " " not in bare_name and rules.language == "en":
        # "Omar asked ...", "Noem has ...", not "Health care providers ...", "The Russian space agency
        # would not ...", "Israeli forces confirmed ..."
        nxt = masked[m.end() :].split(None, 1)
        if nxt and (nxt[0] in rules.roles or nxt[0] in rules.groups):
            return None
        if (
            nxt
            and nxt[0][:1].islower()
            and not (nxt[0].endswith(("ed", "s")) or nxt[0] in rules.aux or nxt[0] in rules.clause_words)
        ):
            return None
    who = _subject(name.split(), rules)
    return None if who is None or who.name in rules.pronouns else who


_DOCUMENTS_OF = frozenset(("comunicado", "informe", "estudio", "nota", "declaración", "encuesta", "reporte", "documento"))
_APPOSITIVE_NAME_END = re.compile(r",\s+([A-ZÀ-ÖØ-Þ][\w’'\-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w’'\-]+){1,2})\s*[.]?\s*$")


def _according_to(masked: str, pos: int, rules: SpeakerRules) -> Who | None:
    phrase = _phrase_after(masked, pos)
    words = phrase.split()
    # "according to a statement from the Kremlin": the source after "from" / "by"
    for k in range(len(words) - 1):
        if (
            words[k].lower() in rules.source_links
            and _is_cap(words[k + 1])
            or (words[k].lower() in rules.source_links and words[k + 1].lower() in rules.determiners)
            # "Según un comunicado de Montecon": a document's author after "de"
            or (rules.language != "en" and k and words[k].lower() in ("de", "del")
                and words[k - 1].lower() in _DOCUMENTS_OF
                and (_is_cap(words[k + 1]) or words[k + 1].lower() in rules.determiners))
        ):
            words = words[k + 1 :]
            break
    if rules.language != "en" and words and any(
        _title_key(w) in rules.titles or w.lower() in rules.person_descriptors for w in words[:3]
    ):
        # "según el vicepresidente de la ANP, Daniel Loureiro.": the name after the role, at the end
        m = _APPOSITIVE_NAME_END.match(masked[pos + len(phrase) :])
        if m is not None and m.group(1).split()[0] not in rules.not_names:
            return Who(m.group(1), "person")
    if len(words) == 1 and words[0].lower() in rules.groups and rules.language == "en":
        return Who(words[0].lower(), "group")  # "The incident, according to police, began ..."
    words = _first_run(words, rules, documents=True) if words else None
    who = _subject(words, rules) if words else None
    return None if who is None or who.name in rules.pronouns else who


def _pronoun_hint(masked: str, pos: int, rules: SpeakerRules) -> str | None:
    """The gender told by "X said he ..." / "X said she ..." (the word after the verb)."""
    rest = masked[pos : pos + 12].split(None, 2)
    if not rest:
        return None
    w = rest[0].lower().strip(",")
    for apostrophe in ("’", "'"):
        w = w.split(apostrophe, 1)[0]
    if w == "his":
        return "m"
    if w == "her" and rules.language == "en":
        return "f"
    g = rules.pronouns.get(w)
    return g if g in ("m", "f") else None


# words that open a subordinate clause: a reporting verb inside one, at the start of a sentence
# with another reporting verb after it, does not name the sentence's speaker
_SUBORDINATE_EN = _words("when while after before if because although though since until once whereas")
_CLAUSE_CONTRACTIONS = frozenset(("it's", "that's", "there's", "here's", "what's", "he's", "she's", "who's"))
# "We’ve", "I’m", "They're": a pronoun and its verb, never a name
_CONTRACTED = re.compile(r"(?:i|we|you|they|he|she|it|that|there|here|what|who)['’](?:s|ve|re|m|ll|d)$")
# words that open a sentence and are never a one-word speaker
_NOT_ONE_WORD_EN = frozenset(("to", "for", "with", "from", "in", "on", "at", "by", "of", "as", "into", "about"))
_MONTH_OR_DAY_EN = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|today|tonight|yesterday|this|next|last|on|in|at|during)"
)
# "Garrett responded by hitting Rudolph": an act, not words
_BY_DOING_EN = re.compile(
    r"\s+by\s+(?!(?:saying|arguing|noting|asking|telling|writing|tweeting|posting|claiming|insisting|explaining|"
    r"stating|suggesting|calling|pointing|accusing|urging|warning|denying|questioning|repeating|reiterating|"
    r"stressing|insisting|defending|criticizing|criticising|blaming|praising|thanking|announcing|promising)\b)\w+ing\b"
)
# the person told or asked ("he told Cook", "she asked Sen. Ted Cruz"): a listener, not a speaker
_OBJECT_NAME_EN = re.compile(r"\b(?:told|tells|asked|asks|telling|asking)\s+((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]+)")
_LEAD_WORD = re.compile(r"\W*(\w+)")
# a sentence that says its subject spoke: "made the announcement", "in a statement", "told reporters"
_SPOKE_THERE_EN = re.compile(
    r"\b(?:announcement|statement|press\s+conference|news\s+conference|briefing|interview|speech|remarks|"
    r"told\s+reporters|spoke|addressed)\b",
    re.IGNORECASE,
)
# an opening prepositional or participial phrase, up to its comma: "Following a performance of ..., ",
# "After the game, ", "Speaking to reporters on Monday, "
_OPENING_PHRASE_EN = re.compile(
    r"(?:Following|After|Before|During|Speaking|Asked|Addressing|Writing|Responding|Referring|In|At|On|"
    r"Since|Despite|With|Without|Earlier|Later)\s[^,”\"]{1,120}?(?:,|[”\"],?)\s+"
)


def _find(sentence: str, rules: SpeakerRules = ENGLISH, has_quote: bool | None = None) -> Who | None:
    if rules.finder is not None:
        return rules.finder(sentence, rules)
    # the one early test, no cue, no speaker: the verbs, then a source before the first verb
    first = rules.verb_cue.search(sentence)
    source = rules.source_cue
    if source is not None:
        other = source.search(sentence, 0, first.start() if first is not None else len(sentence))
        if other is not None:
            first = other
    if first is None:
        return None
    if rules.quote_digraphs and has_quote is None:  # (attribute_speakers has replaced them)
        undone = _undigraph(sentence, rules)
        if undone is not sentence:
            sentence, has_quote = undone, None
            first = rules.cue.search(sentence)
            if first is None:  # pragma: no cover - the marks are not words
                return None
    cue_re = rules.cue
    if has_quote is None:
        has_quote = rules.quote_chars.search(sentence) is not None
    masked = _mask_quotes(sentence, rules) if has_quote else sentence
    closing = rules.closing_chars
    weak_verbs = rules.weak_verbs
    quote_verbs = rules.quote_verbs
    fused = rules.fused_pronouns
    lead = _LEAD_WORD.match(masked) if rules.language == "en" else None
    subordinate = lead is not None and lead.group(1).lower() in _SUBORDINATE_EN
    for m in cue_re.finditer(masked, first.start()):
        cue = m.group()
        verb = False
        if cue[0] == ",":  # ", saying": the name that opens the sentence
            who = _initial_name(masked, rules)
        elif cue[-1].isspace():  # according to X
            who = _according_to(masked, m.end(), rules)
        else:  # a reporting verb
            verb = True
            start = m.start()
            if rules.language == "en" and _BY_DOING_EN.match(masked, m.end()):
                continue  # "Garrett responded by hitting Rudolph": an act, not words
            if cue in weak_verbs and not rules.clause_follows.match(masked, m.end()):
                b = _last_boundary(masked, start, rules.last_boundary)
                if b < 0 or masked[b] not in closing:
                    continue
            if cue in rules.after_quote_verbs:
                b = _last_boundary(masked, start, rules.last_boundary)
                if b < 0 or masked[b] not in rules.closing_chars or masked[b] == ",":
                    continue
            if fused:
                pronoun = next((p for key, p in fused.items() if key in cue), None)
                if pronoun is not None:
                    before = masked[:start].rstrip()
                    if not before or before[-1] in closing:
                        return Who(pronoun)  # "« ... », a-t-il dit"
                    continue  # "Pourquoi a-t-il menti ?": a question, not an attribution
            if cue in quote_verbs:
                # "Noem called the campaign “bold”", not "a group called D4CC" nor "a prison, dubbed “...”"
                if has_quote and rules.quote_chars.search(sentence, m.end()):
                    who = _subject_before(masked, start, rules)[0]
                    if who is not None:
                        return who
                continue
            if (
                subordinate
                and _last_boundary(masked, start, rules.last_boundary) < 0
                and cue_re.search(masked, m.end()) is not None
            ):
                continue  # "When she said no, Roof told her: “...”": the main clause's verb decides
            who, after_comma, after_and = _subject_before(masked, start, rules)
            if who is None:
                before = masked[:start].rstrip()
                bare = before
                while bare and rules.clitics:  # "Lo ha detto il prof. Neri", "«...», lo ha detto Rossi"
                    head, _, last = bare.rpartition(" ")
                    if last.lower() not in rules.clitics:
                        break
                    bare = head.rstrip()
                if bare and bare[-1] not in closing:
                    b = _last_boundary(bare, len(bare), rules.last_boundary)
                    lead = bare[b + 1 :].split()
                    if all(w.lower() in rules.time_words or w[:1].isdigit() for w in lead) or all(
                        w.lower().strip(",") in rules.leading_skip for w in bare.split()
                    ):
                        bare = bare[: b + 1]  # "Am Dienstag sagte Scholz", "On Tuesday, said ..."
                if (not bare or bare[-1] in closing) and cue not in rules.object_verbs:
                    # "..., said John Smith." / "“...,” said the ministry." / "“...?” asked Smith."
                    who = _name_after(masked, m.end(), rules)
                    if who is None and rules.zero_subject and not _phrase_after(masked, m.end()).strip():
                        who = Who(ZERO)  # "«Los datos no cuadran», dijo."
                    elif (
                        who is None
                        and rules.zero_subject
                        and all(w.lower().strip(",") in rules.leading_skip for w in bare.split())
                        and not cue.endswith("n")
                        and masked[m.end() :].lstrip().lower().startswith("que ")
                    ):
                        who = Who(ZERO)  # "Al respecto, explicó que «...»": the subject left out (one person)
                if who is None and (after_and or after_comma and before.endswith(",")):
                    # "X, a businessman who ..., said ..." / "X declared ... and said ..." (with a
                    # comma after the name for the first: "Job cuts will come ..., said ..." is not Job's)
                    who = _initial_name(masked, rules, appositive=not after_and and _is_cap(_phrase_after(masked, m.end()).lstrip()[:1] or "a"))
        if who is not None:
            if (
                who.gender is None
                and (verb or cue[0] == ",")
                and who.name not in rules.pronouns
                and cue not in rules.object_verbs
            ):
                hint = _pronoun_hint(masked, m.end(), rules)
                if hint is not None:
                    who = Who(who.name, "person" if who.kind != "desc" else "desc", hint)
            return who
    return None


def find_speaker(sentence: str, rules: SpeakerRules = ENGLISH) -> str | None:
    """Who ``sentence`` is attributed to, as written (without a title), or None.

    Pronoun subjects are returned as the lower-case pronoun ("he", "she", "it",
    "they"); :func:`attribute_speakers` resolves them within an article.
    """
    try:
        if not isinstance(sentence, str) or not sentence:
            return None
        who = _find(sentence, rules)
    except Exception:  # noqa: BLE001 - a heuristic must never break the pipeline
        return None
    if who is None or not who.name or who.name[0] == "\x00":
        return None
    return who.name


# ------------------------------------------------------------------ article level


_KINDS: dict[tuple[SpeakerRules, str], str] = {}


def _kind(name: str, rules: SpeakerRules = ENGLISH) -> str:
    """ "person", "org" or "group" for a speaker that is not a pronoun."""
    key = (rules, name)
    kind = _KINDS.get(key)
    if kind is None:
        kind = _kind_uncached(name, rules)
        if len(_KINDS) < 4096:
            _KINDS[key] = kind
    return kind


def _kind_uncached(name: str, rules: SpeakerRules) -> str:
    words = name.split()
    if not words:
        return "person"
    lower = [w.lower().strip("’'s") for w in words]
    if lower[-1] in rules.groups or words[-1].lower() in rules.groups:
        return "group"
    if words[0].lower() in rules.determiners:
        return "org"
    if any(w.lower() in rules.org_words or lw in rules.org_words for w, lw in zip(words, lower, strict=True)):
        return "org"
    if name in rules.places or any(w in rules.places for w in words if len(words) <= 2):
        return "org"
    if any(len(w) >= 2 and w.isupper() and not (len(w) == 2 and w[1] == ".") for w in words):
        return "org"  # "NATO", "BBC News"; not an initial ("Sonya A. Zoghlin")
    return "person"


def _quote_events(sentence: str, rules: SpeakerRules = ENGLISH) -> list[bool]:
    """Quotation marks of ``sentence`` in order: True opens, False closes."""
    events = []
    straight_open = False
    opens = rules.open_quotes
    for m in rules.quote_chars.finditer(sentence):
        i = m.start()
        c = sentence[i]
        if c in opens:
            events.append(True)
        elif c != '"':
            events.append(False)
        else:
            before = sentence[i - 1] if i else " "
            after = sentence[i + 1] if i + 1 < len(sentence) else " "
            opening = not straight_open and (before.isspace() or before in "([—–-") and not after.isspace()
            straight_open = opening
            events.append(opening)
    return events


_WORD = re.compile(r"\w+(?:[-’'.]\w+)*")
_SUFFIXES = frozenset(("Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"))


def _last_word(name: str) -> str:
    """The surname of a name: "Kennedy" for "James P. Kennedy Jr."."""
    words = name.split()
    while len(words) > 1 and words[-1].rstrip(",") in _SUFFIXES:
        words.pop()
    last = words[-1] if words else name
    if last.endswith(("’s", "'s")):
        last = last[:-2]
    return last.rstrip(".,")


def _name_as_written(words: list[str]) -> str:
    """A name found in running text, without a possessive or the full stop that ends the sentence."""
    name = " ".join(words)
    if name.endswith(("’s", "'s")):
        name = name[:-2]
    if words and words[-1].rstrip(",;:") not in _SUFFIXES:
        name = name.rstrip(".,;:")
    return name


class _Person(NamedTuple):
    name: str
    last: str  # the last word: "Voroncov" for "Viktor Voroncov"
    gender: str | None


_UP = "A-ZÁÉÍÓÚÑÜÀÈÌÒÙÇ"
_NAME_RE = rf"[{_UP}][\w\-]+(?:\s+[{_UP}][\w\-]+){{1,2}}"


_ROLE_PATTERNS: dict[str, re.Pattern[str]] = {}
_ROLE_BARE: dict[str, re.Pattern[str]] = {}


def _role_bare_pattern(role: str) -> re.Pattern[str]:
    """The role not right after an article ("y veterano investigador"): a description of someone,
    not a mention of a person already named ("el investigador", "la ministra")."""
    got = _ROLE_BARE.get(role)
    if got is None:
        got = _ROLE_BARE[role] = re.compile(rf"(?<!\b[Ee]l )(?<!\b[Ll]a )(?<!\b[Dd]el )(?<!\b[Aa]l )\b(?i:{re.escape(role)})\b")
    return got


def _role_name_pattern(role: str) -> re.Pattern[str]:
    """A role followed by a name ("ministra Izkia Siches", "ministra del Interior, Izkia Siches",
    "periodista ruso laureado con el ... premio Nobel de la Paz, Dmitry Muratov,") or a name followed
    by its role ("Dmitry Muratov, el periodista")."""
    got = _ROLE_PATTERNS.get(role)
    if got is None:
        r = re.escape(role)
        got = _ROLE_PATTERNS[role] = re.compile(
            rf"(?i:\b{r}\b)(?:\s+(?i:de|del|de la)\s+[{_UP}][\w\-]+(?:\s+[{_UP}][\w\-]+)*,?)?\s+({_NAME_RE}|[{_UP}][\w\-]+)"
            rf"|(?i:\b{r}\b)[^,.;:()\x1f\n]{{0,90}},\s+({_NAME_RE})(?=\s*[,()\x1f.]|\s*$)"
            rf"|\b({_NAME_RE}),\s+(?i:el|la)\s+{r}\b"
        )
    return got


class _Article:
    """What is known about the people and organisations of one article so far."""

    __slots__ = (
        "_several",
        "genders",
        "i",
        "masked",
        "named_in",
        "people",
        "recent",
        "rules",
        "sentences",
        "spoke",
        "tokens",
    )

    def __init__(self, rules: SpeakerRules, sentences: Sequence[str] = ()):
        self.rules = rules
        self.sentences = sentences
        self.i = 0  # the sentence being attributed
        self.masked: dict[int, str] = {}
        self.named_in: dict[int, list[tuple[str, str, str | None]]] = {}
        self.tokens: dict[int, frozenset[str]] = {}
        self.people: list[_Person] = []  # named people, most recent last
        self.genders: dict[str, str] = {}  # full name or last word -> "m" / "f"
        self.recent: list[tuple[str, str, int]] = []  # (kind, name, sentence) of non-person speakers
        self.spoke: dict[int, str] = {}  # sentence -> its speaker
        self._several = False  # the last _in_reach found several people

    def person(self, name: str, gender: str | None) -> _Person:
        last = _last_word(name)
        if gender is None:
            gender = self.genders.get(name) or self.genders.get(last)
        else:
            self.genders[name] = gender
            self.genders.setdefault(last, gender)
        p = _Person(name, last, gender)
        self.people.append(p)
        if len(self.people) > 64:
            del self.people[:32]
        return p

    def named(self, who: Who) -> str:
        kind = who.kind or _kind(who.name, self.rules)
        if kind == "person" or kind is None and " " not in who.name:
            full = self._first_name_of(who.name) if " " not in who.name else None
            if full is not None:
                who = Who(full, "person", who.gender)
                kind = "person"
        if kind == "person":
            self.person(who.name, who.gender)
        else:
            self.recent.append((kind, who.name, self.i))
            if len(self.recent) > 64:
                del self.recent[:32]
        return who.name

    def _first_name_of(self, word: str) -> str | None:
        """The one person named in full in the twelve sentences before whose first name is
        ``word`` ("La candidata Ingrid Betancourt ... | ..., preguntó Ingrid"), else None; not when
        ``word`` is also someone's last name there."""
        if word not in self.rules.male_names and word not in self.rules.female_names:
            return self._family_name_first(word)
        full: set[str] = set()
        for j in range(max(0, self.i - 12), self.i):
            if word not in (self.sentences[j] or ""):  # (a plain look first: most sentences are not tokenised)
                continue
            for last, name, _ in self._named_in(j):
                parts = name.split()
                if last == word:
                    return None
                if len(parts) >= 2 and parts[0] == word:
                    full.add(name)
        if len(full) != 1:
            return None
        as_last = re.compile(rf"(?<=\S)\s+[A-ZÀ-ÖØ-Þ][\w’'\-]+\s+{re.escape(word)}\b")
        if any(
            word in (self.sentences[j] or "") and as_last.search(self._masked(j))
            for j in range(max(0, self.i - 30), self.i + 1)
        ):
            return None  # "Georges Claude ... | Claude acknowledged": a last name too
        return next(iter(full))

    def _family_name_first(self, word: str) -> str | None:
        """The one person named in full among the last sixteen whose name opens with ``word``, a
        name written family name first ("China’s ambassador Liu Xiaming ... | Liu said"), when no
        one's name ends with it; else None."""
        if self.rules.language != "en" or not word[:1].isupper() or word in self.rules.not_names:
            return None
        full = set()
        for p in self.people[-16:]:
            if p.last == word:
                return None
            parts = p.name.split()
            if len(parts) == 2 and parts[0] == word:
                full.add(p.name)
        return next(iter(full)) if len(full) == 1 else None

    def resolve(
        self, pronoun: str, quoted: str | None, gender: str | None = None, quoting: bool = False
    ) -> str | None:
        """The antecedent of ``pronoun`` (or of a descriptor), or None when it is not clear."""
        role = None
        if pronoun.startswith(DESC_PERSON):
            want = gender or "any"
            role = pronoun[len(DESC_PERSON) + 1 :] or None
        elif pronoun == DESC_ORG:
            return self._recent_org(3)
        elif pronoun.startswith(DESC_ROLE):
            return self._named_later(pronoun[len(DESC_ROLE) + 1 :])
        elif pronoun.startswith(DESC_DOC):
            return quoted if quoted is not None else self._issuer(pronoun[len(DESC_DOC) + 1 :])
        else:
            want = self.rules.pronouns.get(pronoun)
        if want in ("m", "f", "any"):
            if role is not None and self.rules.language != "en":
                # "la ministra", "el periodista": the one person the article gave that role
                named = self._role_named(role, want)
                if named is None and role in _GENERIC_ROLES:
                    # "el funcionario", "el jerarca": a word for whoever holds office, no title of its
                    # own: the one person who spoke in the four sentences before
                    spoke = {
                        self.spoke[j] for j in range(max(0, self.i - 4), self.i)
                        if self.spoke.get(j)
                        and _kind(self.spoke[j], self.rules) == "person"
                        and _kind(self.spoke[j], ENGLISH) == "person"  # ("Kremlin")
                    }
                    unnamed = any(_UNNAMED_OFFICIAL.search(self._masked(j)) for j in range(max(0, self.i - 2), self.i + 1))
                    if len(spoke) == 1 and not unnamed:  # (not "un alto cargo de defensa ... | el funcionario")
                        prev = next(iter(spoke))
                        if want == "any" or self._gender(prev) in (None, want):
                            return prev
                    return None
                return named
            if quoted is not None and role is None and pronoun != DESC_PERSON:
                # the pronoun closes a quotation whose speaker is known
                g = self._gender(quoted)
                if g is None or want == "any" or g == want:
                    if g is None and want in ("m", "f"):
                        # "“...,” she added.": the speaker's gender is learnt as when found in reach
                        self.genders.setdefault(_last_word(quoted), want)
                        self.genders.setdefault(quoted, want)
                    return quoted
            if want != "any" and role is None and self.rules.language == "en":
                here = self._named_before(want)
                if here is not None:
                    return here
            if want != "any" and role is None:
                # the person who spoke in the sentence before, of that gender: "Esper said ... He added"
                prev = self.spoke.get(self.i - 1)
                if (
                    prev is not None
                    and self.people
                    and self.people[-1].name == prev
                    and self._gender(prev) == want
                ):
                    return prev
            found = self._in_reach(want)
            if found is not None and role is not None and not self._has_role(found, role):
                return None  # "the president said": only the person named as president just before
            if found is None and role is not None and self.rules.language == "en":
                # "Gov. Eric Holcomb ..." some sentences before, spoken of again just before: "The
                # governor said ..."
                titled = self._titled_earlier(role, want)
                if titled is not None:
                    return titled
            if found is not None or want == "any" or found is None and self._several:
                return found
            if self.rules.language == "en":
                # nobody of that gender in reach: the person who opens the sentence before and is
                # spoken of there with the same pronoun, a first name the lists do not know ("Curie,
                # 21, a Korean exchange student, came second, but she admitted ... | She said: “...”")
                opener = self._opener_with_pronoun(self.i - 1, want)
                if opener is not None:
                    return opener
            if self.rules.language == "en" and pronoun in ("he", "she"):
                # the sentence before opens with the same pronoun, right after someone of that gender
                # spoke: "“It was terrifying,” she said. | “...” | But she also felt ... | “...,” she said."
                chained = self._pronoun_chain(pronoun, want)
                if chained is not None:
                    return chained
            # nobody in reach: a person of that gender who spoke in the last few sentences
            recent = {_last_word(self.spoke.get(j) or "") for j in range(max(0, self.i - 4), self.i)}
            for p in reversed(self.people):
                g = p.gender or self.genders.get(p.last)
                if g is not None and g != want:
                    continue
                if g == want and p.last in recent:
                    return p.name
                break  # a person of unknown gender could be meant
            return None
        if want == "org" and self.recent:
            kind, name, _ = self.recent[-1]
            return name if kind == want else None
        if want == "group" and self.recent:
            kind, name, at = self.recent[-1]
            if kind == "group" or quoting and kind == "org" and at >= self.i - 2:
                return name  # "“...,” they said" after a company's statement: the company
        if want == "group" and quoting and self.rules.language == "en":
            # a spokesperson's singular "they": "Kym Lino, a spokesperson for Instagram, confirmed to
            # WIRED that ... | “We use a machine learning model ...,” they said in an email."
            prev = self.spoke.get(self.i - 1)
            if (
                prev is not None
                and _kind(prev, self.rules) == "person"
                and not _SEVERAL.search(prev)
                and _SPOKESPERSON_OF.search(self._masked(self.i - 1))
                and not any(at >= self.i - 2 for _, _, at in self.recent[-3:])
            ):
                return prev
        return None

    def _named_later(self, role: str) -> str | None:
        """The person given the title ``role`` in this sentence or the three after it ("Interior
        Minister Wolfgang Peschorn"), when that is one person named in full."""
        words = r"\s+".join(re.escape(w) for w in role.split())
        pattern = re.compile(rf"\b(?i:{words})\s+((?:[A-Z][\w’'\-]+\s+){{1,2}}[A-Z][\w’'\-]+)")
        found = None
        for j in range(self.i, min(len(self.sentences), self.i + 4)):
            for m in pattern.finditer(self._masked(j)):
                name = m.group(1)
                last = name.split()[-1]
                if last in self.rules.not_names or last in self.rules.places:
                    continue
                if found is not None and _last_word(found) != _last_word(name):
                    return None  # two people with that title: no guess
                found = found or name
        if found is not None:
            self.person(found, None)
        return found

    def _issuer(self, document: str) -> str | None:
        """Who released ``document`` ("statement"): the speaker of one of the three sentences before
        that mentions it ("X said in a statement"), the latest first."""
        pattern = re.compile(rf"\b{re.escape(document)}s?\b", re.IGNORECASE)
        for j in range(self.i - 1, max(0, self.i - 3) - 1, -1):
            who = self.spoke.get(j)
            if who is not None and pattern.search(self._masked(j)):
                return who
        return None

    def _recent_org(self, reach: int) -> str | None:
        if self.recent:
            kind, name, at = self.recent[-1]
            if kind == "org" and at >= self.i - reach:
                return name
        return None

    def _has_role(self, name: str, role: str) -> bool:
        """Whether ``name`` is given the title ``role`` in the sentences in reach
        ("Sen. Ted Cruz", "Senator Cruz", "Cruz, the senator")."""
        window = "\n".join(self._masked(j) for j in range(max(0, self.i - 2), self.i + 1))
        last = re.escape(_last_word(name))
        forms = rf"(?:{re.escape(role)}|{re.escape(role[:3])}\.)"
        return bool(
            re.search(rf"\b{forms}\s+(?:\S+\s+){{0,2}}{last}\b", window, re.IGNORECASE)
            or re.search(rf"\b{last},\s+(?:the|a)\s+(?:\S+\s+){{0,2}}{re.escape(role)}\b", window)
        )

    def _masked(self, j: int) -> str:
        m = self.masked.get(j)
        if m is None:
            s = self.sentences[j]
            s = s if isinstance(s, str) else ""
            m = _mask_quotes(s, self.rules) if self.rules.quote_chars.search(s) else s
            self.masked[j] = m
        return m

    def _named_in(self, j: int) -> list[tuple[str, str, str | None]]:
        """People named with a title or a known first name in sentence ``j`` (outside
        quotations): (last word, name, gender or None)."""
        got = self.named_in.get(j)
        if got is not None:
            return got
        rules = self.rules
        text = self._masked(j)
        tokens = self._tokens(j)
        got = []
        titled = not tokens.isdisjoint(rules.title_tokens)
        for m in rules.title_name.finditer(text) if titled else ():
            words = m.group(1).split()
            title = m.group(0).split(None, 1)[0].lower()
            while words and (
                words[-1].endswith(("’s", "'s")) or words[-1].lower().rstrip(".") in rules.titles
            ):
                words = words[:-1] if not words[-1].endswith(("’s", "'s")) else [*words[:-1], words[-1][:-2]]
            if not words or words[-1] in rules.places or words[-1] in rules.not_names:
                continue
            while len(words) > 1 and words[0].lower() in rules.titles:
                words = words[1:]
            g = "m" if title in rules.male_titles else "f" if title in rules.female_titles else None
            if g is None:  # "Sen. Elizabeth Warren": the title says nothing, the first name does
                g = rules.first_name_gender(words[0])
            got.append((_last_word(" ".join(words)), _name_as_written(words), g))
        named = not (tokens.isdisjoint(rules.male_names) and tokens.isdisjoint(rules.female_names))
        for m in rules.first_last.finditer(text) if named else ():
            first = m.group(1)
            g = rules.first_name_gender(first)
            if g is None:
                continue
            rest = m.group(2)
            last = _last_word(rest)
            if last not in rules.places:
                got.append((last, _name_as_written([first, *rest.split()]), g))
        self.named_in[j] = got
        return got

    def _tokens(self, j: int) -> frozenset[str]:
        got = self.tokens.get(j)
        if got is None:
            words = _WORD.findall(self._masked(j))
            got = frozenset([*words, *(w[:-2] for w in words if w.endswith(("’s", "'s")))])
            self.tokens[j] = got
        return got

    def _in_reach(self, want: str) -> str | None:
        """The one person named in this sentence or the two before it (quotations left out)
        whose gender fits ``want``; None when there are none or several."""
        self._several = False
        if not self.sentences:
            return None
        found: dict[str, tuple[str, str | None]] = {}  # last word -> (name, gender)
        tokens: set[str] = set()
        for j in range(max(0, self.i - 2), self.i + 1):
            tokens |= self._tokens(j)
        for p in reversed(self.people):
            if p.last in tokens and p.last not in found:
                found[p.last] = (p.name, p.gender or self.genders.get(p.last))
        for j in range(max(0, self.i - 2), self.i + 1):
            for last, name, g in self._named_in(j):
                if last not in found:
                    found[last] = (name, g or self.genders.get(last))
                elif g is not None and found[last][1] not in (None, g):
                    # another person of that family, named with a title in reach ("Zoe Anderson ... |
                    # Mr Anderson, who ..."): the one named here
                    found[last] = (name, g)
        # named with a title or a known first name a little earlier, and spoken of again in reach
        # ("Sen. Elizabeth Warren ... | ... | Warren, who ... | She compares him to Trump."): a
        # candidate too, with the gender its title or first name tells
        for j in range(max(0, self.i - 6), max(0, self.i - 2)):
            for last, name, g in self._named_in(j):
                if last in tokens and last not in found:
                    found[last] = (name, g or self.genders.get(last))
        if self.rules.language == "en":
            # the one told or asked in this sentence is not the one speaking: "“...,” he told Cook."
            for m in _OBJECT_NAME_EN.finditer(self._masked(self.i)):
                found.pop(_last_word(m.group(1)), None)
        fits = [(last, name, g) for last, (name, g) in found.items() if want == "any" or g in (None, want)]
        if len(fits) > 1 and want in ("m", "f") and self.rules.language == "en":
            # of several, the one named in this sentence before the pronoun: "While the campaign did
            # not appeal to Julie Graham, ..., she said ..." (not the woman quoted before)
            before = self._before_pronoun(want)
            here = [f for f in fits if f[0] in before]
            if len(here) == 1:
                fits = here
            elif not here and self.spoke.get(self.i - 1) is None:
                # else the one who opens the sentence before without speaking there, its subject,
                # over one quoted before it: "“...,” said Lewis Ward. | Buser, however, is counting
                # on ... | “This is where ...,” he says." is Buser's
                opener = self._opener_last(self.i - 1)
                here = [f for f in fits if f[0] == opener]
                spoke = {_last_word(self.spoke.get(j) or "") for j in range(max(0, self.i - 3), self.i)}
                if len(here) == 1 and any(f[0] in spoke for f in fits if f is not here[0]):
                    fits = here
                elif len(here) == 1 and all(self._owner_only(f[0], self.i - 1) for f in fits if f is not here[0]):
                    # the others only own something in the sentence before: "Following ..., Simmons
                    # teed up McDonald’s cameo. | “You might remember him ...,” he said." is Simmons's
                    fits = here
                elif (
                    len(here) == 1
                    and _SPOKE_THERE_EN.search(self._masked(self.i - 1))
                    and all(f[0] not in self._tokens(self.i - 1) for f in fits if f is not here[0])
                ):
                    # the subject of the sentence before, which says they spoke, the others not named
                    # there: "BVI Premier Andrew Fahie has been detained ... | Governor John Rankin made
                    # the announcement in a press statement. | He said: “...”"
                    fits = here
        if len(fits) > 1:
            # of several people in reach, the one who spoke in the sentences before (the others are
            # only spoken of): "Esper announced ... He said it would ..."
            spoke = {_last_word(self.spoke.get(j) or "") for j in range(max(0, self.i - 2), self.i)}
            fits = [f for f in fits if f[0] in spoke]
        self._several = len(fits) > 1
        if len(fits) != 1:
            return None
        last, name, g = fits[0]
        if g is None and want in ("m", "f"):
            self.genders[last] = want
            self.genders.setdefault(name, want)
        return name

    def _role_named(self, role: str, want: str) -> str | None:
        """The one person named with the role ``role`` in this sentence or the 30 before it, and spoken of
        in the 12 before it ("la
        ministra Izkia Siches", "la ministra del Interior, Izkia Siches", "el periodista ruso ...,
        Dmitry Muratov,", "Dmitry Muratov, el periodista"), of gender ``want``; None when no one or
        several people were (not in English, whose roles :meth:`_titled_earlier` resolves)."""
        pattern = _role_name_pattern(role)
        bare = _role_bare_pattern(role)
        found: dict[str, str] = {}
        for j in range(max(0, self.i - 30), self.i + 1):
            if role not in (self.sentences[j] or "").lower():
                continue
            text = self._masked(j)
            named = False
            for m in pattern.finditer(text):
                named = True
                name = m.group(1) or m.group(2) or m.group(3)
                words = name.split()
                if (
                    words[0] in self.rules.not_names
                    or _title_key(words[0]) in self.rules.titles
                    or any(w in self.rules.places for w in words)
                    or any(w.lower() in self.rules.org_words for w in words)
                ):
                    continue
                found.setdefault(_last_word(name), name)
            if not named and bare.search(text):
                return None  # "Marcelo Leppe, director ... y veterano investigador": someone else
        if len(found) != 1:
            return None
        last, name = next(iter(found.items()))
        if not any(last in self._tokens(j) for j in range(max(0, self.i - 12), self.i + 1)):
            return None  # named long ago, others spoken of since
        g = self._gender(name) or self.rules.first_name_gender(name.split()[0])
        if want in ("m", "f") and g is not None and g != want:
            return None
        self.person(name, g if g is not None else (want if want in ("m", "f") else None))
        return name

    def _quoted(self, j: int) -> bool:
        """Whether sentence ``j`` holds a quotation or lies inside one opened before it."""
        if self.rules.quote_chars.search(self.sentences[j] or ""):
            return True
        for k in range(j - 1, max(-1, j - 6), -1):
            marks = self.rules.quote_chars.findall(self.sentences[k] or "")
            if marks:
                return marks[-1] in self.rules.open_quotes
        return False

    def _titled_earlier(self, role: str, want: str) -> str | None:
        """The one person given the title ``role`` ("Gov. Eric Holcomb", "Governor Holcomb") in the
        twelve sentences before and named again in the three before this one (or just before the
        quotations that run up to it, six at most), of gender ``want``."""
        title = re.escape(role.split()[-1])
        pattern = re.compile(
            rf"\b(?i:{title}|{title[:3]}\.)\s+((?:[A-Z][\w’'\-]+\s+){{0,2}}[A-Z][\w’'\-]*[\w’'\-])"
        )
        recent: set[str] = set()
        for j in range(max(0, self.i - 3), self.i):
            recent |= self._tokens(j)
            if self.spoke.get(j):
                recent.add(_last_word(self.spoke[j]))  # (or spoke there: "“... in due course.” | The governor also indicated")
        j = self.i - 1
        while j >= max(0, self.i - 6) and self._quoted(j):
            j -= 1  # quotations since it was named: someone's words, no one else spoken of
        if j >= max(0, self.i - 6):
            recent |= self._tokens(j)
        found: dict[str, str] = {}
        for j in range(max(0, self.i - 12), self.i):
            for m in pattern.finditer(self._masked(j)):
                words = m.group(1).split()
                last = words[-1]
                if last in self.rules.places or last in self.rules.not_names or last.endswith(("’s", "'s")):
                    continue
                if last in recent:
                    found.setdefault(last, " ".join(words))
        if len(found) != 1:
            return None
        name = next(iter(found.values()))
        g = self._gender(name) or self.rules.first_name_gender(name.split()[0])
        if want in ("m", "f") and g is not None and g != want:
            return None
        self.person(name, g if g is not None else (want if want in ("m", "f") else None))
        return name

    def _opener_last(self, j: int) -> str | None:
        """The last word of the name that opens sentence ``j`` (its subject), or None."""
        if j < 0:
            return None
        rules = self.rules
        text = self._masked(j)
        words = text.split(None, 1)
        if words and words[0].lower().strip(",") in rules.leading_skip:
            text = words[1] if len(words) > 1 else ""
        lead = _OPENING_PHRASE_EN.match(text) if rules.language == "en" else None
        if lead is not None:
            # an opening phrase before the subject: "Following a performance of “Black Water,” Simmons
            # teed up McDonald’s cameo", "After the game, Lynn said"
            text = text[lead.end() :]
        m = rules.initial_name.match(text)
        if m is None or m.group(1).endswith(("’s", "'s")) or m.group(1).split()[0] in rules.not_names:
            return None
        if any(w in ("and", "&") for w in m.group(1).split()):
            return None  # "Holcomb and Bevin met": two people
        return _last_word(m.group(1))

    def _opener_with_pronoun(self, j: int, want: str) -> str | None:
        """The name that opens sentence ``j`` (outside quotations), when that sentence also says
        "she"/"her" (``want`` "f") or "he"/"his"/"him" ("m") after it and the name's gender is not
        known otherwise; a lone first name is given its surname from the sentences before."""
        if j < 0:
            return None
        rules = self.rules
        text = self._masked(j)
        for _ in range(3):  # "But ...", "Earlier Saturday, ...", "On Tuesday, ...", "When Patrick walked in, ..."
            words = text.split(None, 1)
            w0 = words[0].lower().strip(",") if words else ""
            if not (
                w0 in rules.leading_skip
                or w0 in rules.time_words
                or w0[:1].isdigit()
                or rules.language == "en" and w0 in _SUBORDINATE_EN
            ):
                break
            text = words[1] if len(words) > 1 else ""
        m = rules.initial_name.match(text)
        if m is None:
            return None
        name = m.group(1)
        parts = name.split()
        if (
            not 1 <= len(parts) <= 3
            or parts[0] in rules.not_names
            or parts[-1] in rules.places
            or any(w.lower() in rules.connectors or _title_key(w) in rules.titles for w in parts)
            or name.endswith(("’s", "'s"))
            or any(w.lower() in rules.time_words for w in parts)
            or len(parts) == 1
            and not text[m.end() :].lstrip().startswith(",")
            and not text[m.end() :].split(None, 1)[0].endswith("ed")
        ):
            return None
        if _kind(name, rules) != "person" or self._gender(name) not in (None, want):
            return None
        first = rules.first_name_gender(parts[0]) if len(parts) > 1 else None
        if first is not None and first != want:
            return None
        family = r"\b(?:[Ss]he|[Hh]er|[Hh]erself)\b" if want == "f" else r"\b(?:[Hh]e|[Hh]is|[Hh]im|[Hh]imself)\b"
        if not re.search(family, text[m.end() :]):
            return None
        if len(parts) == 1:
            full = re.compile(rf"\b{re.escape(name)}((?:\s+[A-Z][\w’'\-]*[\w’'\-]){{1,2}})\b(?![’'])")
            for k in range(j - 1, max(-1, j - 11), -1):
                fm = full.search(self._masked(k))
                rest = fm.group(1).split() if fm else []
                if rest and not any(w in rules.not_names or w in rules.places for w in rest):
                    name = " ".join([name, *rest])
                    break
        self.person(name, want)
        return name

    def _pronoun_chain(self, pronoun: str, want: str) -> str | None:
        """The speaker of one of the two sentences before the last when the last opens with
        ``pronoun`` ("But she also felt ...") and names no one, and that speaker's gender is ``want``."""
        j = self.i - 1
        if j < 2:
            return None
        words = self._masked(j).split()
        while words and words[0].lower().strip(",") in self.rules.leading_skip:
            words = words[1:]
        if not words or words[0] != pronoun.capitalize() and words[0] != pronoun:
            return None
        if self._named_in(j) or any(p.last in self._tokens(j) for p in self.people[-16:]):
            return None
        for k in (j - 1, j - 2):
            who = self.spoke.get(k)
            if who is not None:
                return who if self._gender(who) in (None, want) and _kind(who, self.rules) == "person" else None
        return None

    def _owner_only(self, last: str, j: int) -> bool:
        """Whether ``last`` appears in sentence ``j`` only as an owner ("McDonald’s cameo")."""
        text = self._masked(j)
        return bool(re.search(rf"\b{re.escape(last)}[’']s\b", text)) and not re.search(
            rf"\b{re.escape(last)}\b(?![’']s\b)", text
        )

    def _text_before_pronoun(self, want: str) -> str:
        """This sentence (quotations left out) up to its "he" / "she"; "" without one."""
        text = self._masked(self.i)
        at = re.search(r"\b[Ss]he\b" if want == "f" else r"\b[Hh]e\b", text)
        return text[: at.start()] if at is not None else ""

    def _before_pronoun(self, want: str) -> frozenset[str]:
        """The words of this sentence (quotations left out) before its "he" / "she"."""
        return frozenset(_WORD.findall(self._text_before_pronoun(want)))

    def _named_before(self, want: str) -> str | None:
        """The one person of gender ``want`` named in this sentence before the pronoun, when no one
        else is named there: "While the campaign did not appeal to Julie Graham, ..., she said"."""
        prefix = self._text_before_pronoun(want)
        before = frozenset(_WORD.findall(prefix))
        if not before:
            return None
        if _TOPIC_THEN_PRONOUN.match(prefix):
            return None  # "Biden, he said, also “...”": the one named is what is said, not who says it
        found: dict[str, tuple[str, str | None]] = {}
        for p in reversed(self.people):
            if p.last in before and p.last not in found:
                found[p.last] = (p.name, p.gender or self.genders.get(p.last))
        for last, name, g in self._named_in(self.i):
            if last in before and last not in found:
                found[last] = (name, g or self.genders.get(last))
        for m in _OBJECT_NAME_EN.finditer(self._masked(self.i)):
            found.pop(_last_word(m.group(1)), None)
        if len(found) != 1:
            return None
        name, g = next(iter(found.values()))
        return name if g == want else None

    def _gender(self, name: str) -> str | None:
        return self.genders.get(name) or self.genders.get(_last_word(name))

    def mention(self, sentence: str) -> None:
        """Remember a person named at the start of a sentence without attribution
        ("Jane Doe, 45, a nurse, ..."), when the first name tells the gender."""
        m = self.rules.initial_name.match(sentence)
        if m is None:
            return
        words = m.group(1).split()
        if len(words) < 2 or len(words) > 4 or "and" in words or "&" in words:
            return  # ("Scott and DeSantis both promised ...": two people, not one)
        first = words[0]
        gender = self.rules.first_name_gender(first)
        if gender is not None and not words[-1].endswith(("’s", "'s")):
            self.person(" ".join(words), gender)


# a sentence that opens with a name and a comma, then the pronoun ("Biden, he said, also ...")
_TOPIC_THEN_PRONOUN = re.compile(r"^\s*[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3},\s*$")
_SEVERAL = re.compile(r"\s(?:and|y|e|et|und|&)\s")  # "Volker and Morrison": two people
_GENERIC_ROLES = frozenset(("funcionario", "funcionaria", "jerarca"))  # whoever holds office
_UNNAMED_OFFICIAL = re.compile(
    r"\b(?:un|una)\s+(?:alto\s+|alta\s+)?(?:cargo|funcionari[oa]|fuente|portavoz|vocer[oa]|oficial|responsable|miembro)\b",
    re.IGNORECASE,
)
_SPOKESPERSON_OF = re.compile(r",\s+(?:a|the)\s+(?:\w+\s+)?(?:spokesperson|representative)\b", re.IGNORECASE)
# a sentence that says someone gave an interview or a statement, the quotation after it theirs
_INTERVIEW = re.compile(
    r"\b(?:in\s+an\s+interview|told\s+reporters|en\s+(?:una\s+)?entrevista|en\s+declaraciones|"
    r"en\s+(?:una\s+)?(?:rueda|conferencia)\s+de\s+prensa)\b",
    re.IGNORECASE,
)
_HE_SHE_OPENS = re.compile(r"\s*(?:He|She)\s+(?!said|says|added|adds|told|tells)")



def attribute_speakers(
    sentences: Sequence[str],
    paragraphs: Sequence[int] | None = None,
    *,
    rules: SpeakerRules = ENGLISH,
) -> list[str | None]:
    """Speakers of the sentences of one article, in order, with pronouns resolved.

    ``paragraphs`` gives the paragraph (any id, equal within a paragraph) of each
    sentence; without it all sentences are one paragraph. A pronoun that cannot be
    resolved without guessing gives None. See the module docstring for the rules.
    """
    n = len(sentences)
    result: list[str | None] = [None] * n
    if paragraphs is not None and len(paragraphs) != n:
        paragraphs = None
    if rules.quote_digraphs and rules.digraph_re.search("\n".join(s for s in sentences if isinstance(s, str))):
        sentences = [_undigraph(s, rules) if isinstance(s, str) else "" for s in sentences]
    art = _Article(rules, sentences)
    pronouns = rules.pronouns
    m0, m1, m2, *more = (*dict.fromkeys('"' + rules.open_quotes + rules.close_quotes), "\x00", "\x00")
    more = [c for c in more if c != "\x00"]
    open_quotes = '"' + rules.open_quotes
    close_quotes = '"' + rules.close_quotes
    in_quote = False
    quote_speaker: str | None = None  # speaker known for the open quotation
    default: str | None = None  # speaker of the attributed quotation this one follows
    pending: list[int] = []  # sentences of the open quotation without a speaker yet
    awaiting: list[int] = []  # a closed quotation still without speaker
    last_quote = -2  # index of the latest sentence quoting someone known

    def sentences_quoted_before(i: int) -> bool:
        # the sentence before quoted someone else inside it ("..., said Smith, citing Jones's “...”"):
        # only a plain report of words carries over
        prev = sentences[i - 1] if isinstance(sentences[i - 1], str) else ""
        return bool(prev) and prev[:1] in open_quotes

    prev_para = None
    for i in range(n):
        sentence = sentences[i]
        if not isinstance(sentence, str):
            sentence = ""
        para = paragraphs[i] if paragraphs is not None else 0
        new_para = i > 0 and para != prev_para
        prev_para = para
        art.i = i
        has_quote = (
            m0 in sentence or m1 in sentence or m2 in sentence or (more and any(c in sentence for c in more))
        )
        events = _quote_events(sentence, rules) if has_quote else []
        opens_at_start = bool(events) and events[0] and sentence[:1] in open_quotes
        if new_para:
            awaiting = []
            if in_quote and opens_at_start:
                events = events[1:]  # this paragraph continues the open quotation
            elif in_quote:
                for j in pending:  # the quotation was never closed: give up on it
                    result[j] = default
                in_quote, pending, quote_speaker, default = False, [], None, None
        started_inside = in_quote
        if not started_inside:
            default = result[last_quote] if opens_at_start and last_quote == i - 1 else None
            if (
                default is None
                and opens_at_start
                and i > 0
                and result[i - 1] is not None
                and not sentences_quoted_before(i)
                and _kind(result[i - 1], rules) == "person"
                and len(result[i - 1]) >= 3
                and not _SEVERAL.search(result[i - 1])
                and not rules.cue.search(_mask_quotes(sentence, rules))
            ):
                # "He said the Government would have to look at new laws. | “I would expect ...”": a
                # quotation with no attribution of its own (no reporting verb outside it), right
                # after a sentence that reports a person's words, is theirs
                default = result[i - 1]
            elif (
                default is None
                and opens_at_start
                and i > 1
                and result[i - 1] is None
                and result[i - 2] is not None
                and rules.language == "en"
                and (paragraphs is None or paragraphs[i - 1] == paragraphs[i - 2])
                and _kind(result[i - 2], rules) == "person"
                and not _SEVERAL.search(result[i - 2])
                and _HE_SHE_OPENS.match(sentences[i - 1] or "")
                and art._gender(result[i - 2]) in (None, "m" if sentences[i - 1].lstrip()[:1] in "Hh" else "f")
                and not rules.cue.search(_mask_quotes(sentence, rules))
            ):
                # "“...,” said Joseph Minga, a friend ... | He learned around 100 people view his profile
                # a week. | “It really made me take a step back ...”": the quotation of the one he was
                default = result[i - 2]
        try:
            who = _find(sentence, rules, has_quote) if sentence else None
        except Exception:  # noqa: BLE001  # pragma: no cover - a heuristic must never break the pipeline
            who = None
        closed = False
        for opening in events:
            if opening:
                in_quote = True
            elif in_quote:
                in_quote = False
                closed = True
        quoting = started_inside or in_quote or closed
        own: str | None = None
        if who is not None:
            if who.name in pronouns or who.kind == "desc":
                own = art.resolve(
                    who.name, (quote_speaker or default) if quoting else None, who.gender, quoting
                )
            else:
                own = art.named(who)
        elif not quoting:
            head = sentence[: sentence.find(" ")]
            if head in rules.male_names or head in rules.female_names:
                art.mention(sentence)
        if (
            own is None
            and quoting
            and default is None
            and quote_speaker is None
            and opens_at_start
            and not started_inside
            and i > 0
            and result[i - 1] is None
            and (who is None or who.name == ZERO)
            and _INTERVIEW.search(sentences[i - 1] or "")
            and not rules.cue.search(_mask_quotes(sentences[i - 1] or "", rules))  # (no one's words reported there)
            and len(art._named_in(i - 1)) == 1
        ):
            # "El asunto también fue abordado ayer por el Presidente Boric en entrevista con Cooperativa.
            # | «Necesitamos recuperar ...», dijo ...": the one person named with the interview
            default = art._named_in(i - 1)[0][1]
        if own is None and quoting:
            own = quote_speaker or default
        if awaiting and own is not None and not has_quote and len(sentence.split()) <= 8:
            # "“Is that right?” | he asked.": a short attribution after a closed quotation
            for j in awaiting:
                result[j] = own
            last_quote = i  # "“...” | Holmes testified. | “...”": the next quotation is his too
        awaiting = []
        result[i] = own
        if own is not None:
            art.spoke[i] = own
        if in_quote:
            # the quotation goes on past this sentence
            if own is None:
                pending.append(i)
            else:
                quote_speaker = own
                for j in pending:
                    result[j] = own
                pending = []
        elif quoting:
            # the quotation (if any) ends in this sentence
            if own is not None:
                for j in pending:
                    result[j] = own
            elif sentence.rstrip()[-1:] in close_quotes:
                awaiting = [*pending, i]
            pending, quote_speaker, default = [], None, None
        if own is not None and (
            opens_at_start or started_inside or (has_quote and rules.quoted_sentence.search(sentence))
        ):
            last_quote = i
    return result
