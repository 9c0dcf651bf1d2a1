#!/usr/bin/env python
"""Throughput of the text pipeline on one core: segmentation alone, and segmentation + scoring.

    .venv/bin/python bench/segment.py [--mb 8] [--runs 5] [--languages en,de,es,fr,pt,it,ar]

Corpus: for English, the demo articles' reading text (parsed from articles/demo/news_articles.txt);
for the other languages, the news paragraphs below plus the saved real pages of that language in
tests/data/realpages (Le Monde, Libération, Folha, La Nación, heise, ...; none in Arabic). Numbers
and names are varied per copy so nothing is cached, and the copies are concatenated to --mb
megabytes (English) or a quarter of that (each other language). Prints the median and the range
of MB/s over --runs runs and the ratio to the budget, in CPU time of this process (on a machine
shared with other jobs, wall time mostly measures the neighbours); and, as a yardstick of how fast
the machine is right now, sentencex alone on the same folded lines (the segmenter's engine:
segment.py can never be faster than it).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

import sentencex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.text import checkworthiness, speaker
from articles.text.parse import parse_txt
from articles.text.segment import _ascii, segment
from articles.text.segment_data import rules_for

BUDGET_SEGMENT = 20.0
BUDGET_PIPELINE = 5.0

# A few paragraphs of news prose per language, written for this benchmark in the style of wire
# copy (titles, dates, quotes, numbers), so that the per-language rules are exercised.
SAMPLES = {
    "de": """Die Bundesregierung will die Schuldenbremse am 31. Oktober erneut beraten. „Wir werden
das Haushaltsloch schließen“, sagte Finanzminister Dr. Klaus Weber am Dienstag in Berlin. Die Lücke
beträgt nach Angaben des Ministeriums rund 17 Mrd. Euro, d. h. etwa 3,5 Prozent des Etats.
Der FC Hansa spielt seit 2019 in der 3. Liga. Zum 2. Mal in Folge verpasste der Verein den Aufstieg.
Das Gesetz Nr. 14 gilt bzw. galt bis Ende 2023. Prof. Dr. Anna Meier vom Institut für Wirtschaftsforschung
hält die Pläne z. B. für zu vage. „Stimmt das?“ fragte sie. Die Inflation lag im März bei 2,2 Prozent.""",
    "es": """El Sr. García, ministro de Economía, aseguró el martes que el paro bajó un 3,2 % en marzo.
¿Es cierto? Según el Instituto Nacional de Estadística, la cifra real fue del 2,9 %. La Sra. Pérez,
portavoz de la oposición, lo negó. «Los datos no cuadran», dijo. Las tropas de EE. UU. llegaron al
puerto a las 10 a. m. del lunes. ¡Es una vergüenza! El Gobierno prometió 1.200 millones de euros.
La Dra. Ruiz recordó que en 2019 la inversión fue de apenas 800 millones. Está muy bien. Nadie respondió.""",
    "fr": """M. Macron a promis mardi une baisse des impôts de 2 milliards d’euros. « C’est faux ! » a
lancé Mme Le Pen devant l’Assemblée. Selon l’Insee, le chômage a reculé à 7,3 % au premier trimestre.
Le Dr Martin, médecin à Lyon, a soigné plus de 300 patients. « Nous ne céderons pas. » Le ministre a
quitté la salle sous les huées. Le gouvernement s’en félicite, mais la dette atteint 110 % du PIB.""",
    "pt": """O Sr. Silva, ministro da Fazenda, afirmou que a inflação caiu para 4,5% em março. A Dra.
Souza, economista da FGV, discordou. “Isso é mentira!”, disse o deputado. O governo prometeu investir
R$ 3 bilhões em saúde até 2026. A Profa. Lima lembrou que a meta não foi cumprida em 2022.""",
    "it": """Il Sig. Rossi e il Dott. Bianchi sono arrivati a Roma martedì. Secondo l’Istat la
disoccupazione è scesa al 7,2% a marzo. «Non è vero!» ha gridato il Sen. Monti in aula. Lo ha detto
il prof. Neri in un’intervista. Il governo ha stanziato 2 miliardi di euro per la sanità.""",
    "ar": """قال د. محمد العلي، وزير المالية، إن التضخم تراجع إلى 5٫3 في المئة في مارس. هل هذا صحيح؟
وفقا للبنك المركزي، بلغ المعدل 6٫1 في المئة؛ لكن الوزير أصر على أرقامه. وأضاف: «سنخفض الأسعار».
وأعلنت الحكومة عن استثمار 3 مليارات دولار في قطاع الصحة بحلول عام 2026. ثم غادر القاعة!""",
}
NAMES = {
    "en": ["Zelensky", "Lavrov", "Voroncov", "Trump", "Putin", "Macron", "Scholz", "Meloni"],
    "de": ["Weber", "Meier", "Schmidt", "Müller"],
    "es": ["García", "Pérez", "Ruiz", "López"],
    "fr": ["Martin", "Dupont", "Bernard", "Petit"],
    "pt": ["Silva", "Souza", "Lima", "Costa"],
    "it": ["Rossi", "Bianchi", "Neri", "Monti"],
    "ar": ["محمد", "أحمد", "علي", "خالد"],
}


def _real_pages(language: str) -> list[str]:
    """Reading text of the saved real pages in ``language`` (tests/data/realpages, read only)."""
    data = ROOT / "tests" / "data" / "realpages"
    index = data / "expectations.json"
    if not index.exists():
        return []
    from articles.text.parse import parse_html

    texts = []
    for page in json.loads(index.read_text(encoding="utf-8")):
        if page.get("language") == language and (data / page["file"]).exists():
            raw = (data / page["file"]).read_text(encoding="utf-8", errors="replace")
            texts.append(parse_html(raw, url=page.get("url", "")).text)
    return texts


def corpus(megabytes: float, language: str = "en") -> str:
    if language == "en":
        texts = [
            a.text for a in parse_txt((ROOT / "articles/demo/news_articles.txt").read_text(encoding="utf-8"))
        ]
        anchor, number = "Zelensky", "30"
    else:
        texts = [SAMPLES[language].replace("\n", " "), *_real_pages(language)]
        anchor, number = NAMES[language][0], "3"
    rng = random.Random(7)
    names = NAMES[language]
    out, size = [], 0
    while size < megabytes * 1_000_000:
        t = rng.choice(texts)
        t = t.replace(number, str(rng.randint(2, 99))).replace(anchor, rng.choice(names))
        out.append(t)
        size += len(t.encode("utf-8"))
    return "\n\n".join(out)


def engine_only(lines: list[str], language: str) -> None:
    """sentencex alone on the folded lines: the yardstick (what segment.py adds costs the rest).

    The call segment.py makes (``sentencex.segment``), on lines folded to ASCII beforehand (the
    folding is segment.py's work, not the engine's)."""
    engine = rules_for(language).engine
    split = sentencex.segment
    for line in lines:
        split(engine, line)


def seg_only(text: str, language: str) -> None:
    segment(text, language)


def seg_and_score(text: str, language: str) -> None:
    """The budget's "segmentation + scoring": each sentence scored in its language's model."""
    spans = segment(text, language)
    checkworthiness.score_many([text[s:e] for s, e in spans], language)  # as the pipeline scores


def seg_score_speaker(text: str, language: str) -> None:
    """And the speakers (not in the budget's definition; shown for comparison with earlier runs)."""
    spans = segment(text, language)
    sentences = [text[s:e] for s, e in spans]
    checkworthiness.score_many(sentences, language)
    speaker.attribute_speakers(sentences, rules=speaker.rules_for(language))


def measure(fn, text: str, language: str, runs: int) -> list[float]:
    mb = len(text.encode("utf-8")) / 1_000_000
    arg = [_ascii(line) for line in text.splitlines() if line.strip()] if fn is engine_only else text
    rates = []
    for _ in range(runs):
        t0 = time.process_time()
        fn(arg, language)
        rates.append(mb / (time.process_time() - t0))
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=8.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--languages", default="en,de,es,fr,pt,it,ar")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    for language in args.languages.split(","):
        text = corpus(args.mb if language == "en" else args.mb / 4, language)
        print(
            f"[{language}] corpus: {len(text.encode('utf-8')) / 1e6:.1f} MB, "
            f"{len(segment(text, language))} sentences; {args.runs} runs, one core"
        )
        for label, fn, budget in (
            ("sentencex alone (yardstick)", engine_only, None),
            ("segment", seg_only, BUDGET_SEGMENT),
            ("segment + score", seg_and_score, BUDGET_PIPELINE),
            ("segment + score + speaker", seg_score_speaker, None),
        ):
            rates = measure(fn, text, language, args.runs)
            med = statistics.median(rates)
            verdict = f"  budget {budget:.0f} MB/s -> {med / budget:.2f}x" if budget else ""
            print(
                f"  {label:<28} median {med:6.1f} MB/s  (min {min(rates):.1f}, max {max(rates):.1f}){verdict}"
            )


if __name__ == "__main__":
    main()
