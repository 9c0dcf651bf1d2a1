"""English in the text pipeline: one ``LANGUAGE`` (see ``articles/text/languages/``).

**Segmentation** below: news abbreviations ("Rep.", "Sen.", "Lt. Gov.", "a.m." before a weekday or
month, "No. 2", "Sept. 30"), sentence openers after "Corp." or "Inc.", a quoted question kept with
its "Wallace asked." attribution.

**Speakers** and **check-worthiness cues**: English is the base the other languages extend, and
its scoring has a fast path of its own, so its lists stay where that code is: ``speaker.ENGLISH``
(reporting verbs, titles, names...) and the word lists of ``checkworthiness.py`` (``Cues(builtin=True)``).
"""

from __future__ import annotations

from ..segment_data import SegmentRules
from ..speaker import ENGLISH
from .base import Cues, Language


def _w(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTHS = _w(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
)
_DAYS = _w("Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thurs Fri Sat Sun")
_TIME_ZONES = _w(
    "ET EST EDT CT CST CDT MT MST MDT PT PST PDT GMT UTC BST CET CEST AEST AEDT IST JST local Eastern Pacific "
    "Central Mountain"
)

_SEGMENT = SegmentRules(
    language="en",
    titles=_w(
        "mr mrs ms messrs mmes dr prof rep reps sen sens gov govs lt gen col capt cmdr cpl sgt maj adm "
        "brig pvt supt det insp atty rev hon fr msgr st mt ft gens cols pres vs v amb sec supt cmdr "
        "asst assoc dept e.g i.e cf approx"
    ),
    soft=_w("inc corp co ltd jr sr llc plc bros etc u.s u.k u.n e.u"),
    times=_w("a.m p.m"),
    time_followers=_DAYS | _MONTHS | _TIME_ZONES | _w("today tomorrow yesterday tonight"),
    starters=_w(
        "The A An He She It They We I You This That These Those There His Her Its Their Our My But And "
        "So Yet Or In On At For After Before When While As If Although Though Since Because However "
        "Meanwhile Still Then Now Some Many Most All No Not One Two Three Last Next Today Yesterday "
        "Earlier Later Officials Police How What Why Who Where Which"
    ),
    reporting_verbs=_w(
        "said says asked asks shouted shouts added adds wrote writes replied replies told tells yelled "
        "exclaimed wondered declared declares insisted insists cried tweeted posted continued explained "
        "demanded noted quipped responded countered answered retorted snapped recalled warned argued "
        "pressed interjected laughed screamed whispered"
    ),
    split_after=_w("no"),
    before_number=_w(
        "no nos p pp vol ch chap art sec fig ex jan feb mar apr jun jul aug sep sept oct nov dec"
    ),
)

LANGUAGE = Language(
    code="en",
    name="English",
    native_name="English",
    segment=_SEGMENT,
    speaker=ENGLISH,
    cues=Cues(builtin=True),
    model="en",
    search_config="english",
    order=0,
)
