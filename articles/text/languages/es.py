"""Spanish (Español) in the text pipeline: one ``LANGUAGE`` (see ``articles/text/languages/``).

**Speakers**: «…» and “…” quotations, "dijo García", "afirmó el Sr. García", "según el
INE", a left-out subject ("«…», dijo.") taken from the quotation's speaker, titles (Sr., Sra., Dr.,
Dra., ministro...). Pure Python; see :mod:`..speaker`.

**Segmentation** (``segment_data.SegmentRules``) and **check-worthiness cues**
(``base.Cues``) below.
"""

from __future__ import annotations

from ..segment_data import SegmentRules
from ..speaker import ENGLISH, ZERO, language_rules
from .base import Cues, Language, pairs, words

# ------------------------------------------------------------------ speakers


def _w(s: str) -> frozenset[str]:
    return frozenset(s.split())


_VERBS = _w(
    """
    dijo dice dicen dijeron afirmó afirma afirmaron aseguró asegura aseguraron declaró declara
    declararon explicó explica explicaron señaló señala señalaron indicó indica indicaron añadió
    añade agregó agrega advirtió advierte sostuvo sostiene subrayó subraya destacó destaca
    manifestó comentó precisó apuntó recordó insistió reconoció admitió denunció criticó
    respondió contestó preguntó anunció escribió tuiteó expresó concluyó negó lamentó remarcó
    adelantó adelanta aseveró asevera planteó plantea recalcó recalca puntualizó puntualiza alertó alerta
    opinó opina exigió exige reafirmó reafirma reiteró reitera enfatizó enfatiza aclaró aclara anticipó
    sentenció expuso mencionó relató contó replicó acotó argumentó deslizó cuestionó consideró estimó
    informó informa informaron propuso propone
    """
) | {"ha dicho", "ha afirmado", "ha asegurado", "ha declarado", "ha señalado", "ha explicado", "ha añadido"}
_WEAK = _w(
    "anunció recordó reconoció admitió negó escribió denunció criticó destacó lamentó mencionó contó cuestionó "
    "consideró estimó exigió anticipó deslizó"
)

_SPEAKER = language_rules(
    "es",
    verbs=tuple(sorted(_VERBS)),
    weak_verbs=_WEAK,
    object_verbs=frozenset(),
    according_to=r"\b[Ss]egún\s+|\b[Dd]e\s+acuerdo\s+con\s+",
    saying=r",\s+(?:diciendo|añadiendo|asegurando|señalando|afirmando|explicando|advirtiendo)\b",
    pronouns={"él": "m", "ella": "f", "ellos": "group", "ellas": "group", ZERO: "any"},
    determiners=_w("el la los las lo del al"),
    indefinites=_w("un una unos unas otro otra algún alguna ningún ninguna cada"),
    possessives=_w("su sus mi mis nuestro nuestra nuestros nuestras"),
    # (sentence adverbs before the verb or its subject: "Finalmente, indicaron que ...", "Así lo señaló
    # la CGR", "Posteriormente, Berríos ...", "Al respecto, explicó que ...")
    leading_skip=_w(
        "y pero también además entonces luego ya o e así finalmente posteriormente asimismo igualmente "
        "después incluso al respecto"
    ),
    cut=_w("que quien quienes cuando donde porque aunque si mientras cuyo cuya"),
    aux=_w("ha han había habían también ya luego además"),
    time_words=_w(
        "el en este esta ese pasado próximo lunes martes miércoles jueves viernes sábado domingo enero "
        "febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre hoy ayer "
        "mañana tarde noche semana mes año por la"
    ),
    clause_words=_w("es era fue son será sería no nunca se me te nos yo nosotros"),
    not_names=_w(
        "El La Los Las Lo Un Una Unos Unas Este Esta Ese Esa Estos Estas Él Ella Ellos Ellas Yo Nosotros "
        "También Pero Y Según Cuando Donde Si Aunque Mientras Hoy Ayer Nadie Todos Muchos Algunos Sr Sr. "
        "Sra Sra. Dr Dr. Dra Dra. Don Doña De Del En Con Por Para Ya Así Al Finalmente Posteriormente "
        "Asimismo Igualmente Además Luego Después Incluso Agregando Añadiendo"
    ),
    connectors=_w("de del la las los y e da van von al bin"),
    roles=_w("portavoz vocero vocera mandatario mandataria titular ministro ministra gobierno ministerio policía autoridades expertos fuentes"),
    person_descriptors=_w(
        "periodista ministro ministra presidente presidenta vicepresidente vicepresidenta jerarca "
        "diputado diputada senador senadora alcalde alcaldesa gobernador gobernadora candidato candidata "
        "canciller fiscal juez jueza director directora investigador investigadora funcionario funcionaria"
    ),
    groups=_w("expertos analistas fuentes autoridades investigadores críticos vecinos testigos médicos"),
    org_words=_w(
        "ministerio gobierno instituto banco partido universidad comisión consejo empresa policía "
        "ejército tribunal fiscalía ayuntamiento agencia congreso senado fundación asociación sindicato "
        "compañía congregación contraloría organización"
    ),
    places=ENGLISH.places | _w("España México Argentina Colombia Chile Perú EE. UU. Madrid Bruselas Europa"),
    titles=_w(
        "sr sr. sra sra. srta srta. dr dr. dra dra. don doña presidente presidenta ministro ministra "
        "portavoz secretario secretaria senador senadora diputado diputada alcalde alcaldesa gobernador "
        "gobernadora general juez jueza fiscal director directora profesor profesora líder jefe jefa "
        "canciller rey reina papa economista mandatario mandataria titular vocero vocera"
    ),
    male_titles=_w(
        "sr sr. don presidente ministro secretario senador diputado alcalde gobernador juez director "
        "profesor jefe rey mandatario vocero"
    ),
    female_titles=_w(
        "sra sra. srta srta. doña presidenta ministra secretaria senadora diputada alcaldesa "
        "gobernadora jueza directora profesora jefa reina dra dra. mandataria vocera"
    ),
    male_names=ENGLISH.male_names
    | _w("Pedro Alberto Javier Santiago Gustavo Andrés Nicolás Gabriel Alejandro"),
    female_names=ENGLISH.female_names | _w("Cristina Yolanda Isabel Carmen Dolores Lucía Marta Pilar Paula"),
    after_verb_stop=_w("que en a con por para hoy ayer este esta ante"),
    label_stop=ENGLISH.label_stop | _w("nota foto vídeo fuente actualización lea también"),
    age_descriptor=r"(?!)",
    open_quotes="«“‹",
    close_quotes="»”›",
    pronoun_after_verb=True,
    zero_subject=True,
    clitics=_w("lo la le se"),
)

# ------------------------------------------------------------------ segmentation

_SEGMENT = SegmentRules(
    language="es",
    titles=_w(
        "sr sra srta sres sras dr dra dres lic lcda lcdo ing arq prof profa gral gen cnel tte cap "
        "pdte pte excmo excma ilmo sto sta mons núm nº art pág págs tel av avda c/ cía dpto vol "
        "aprox ej etc vs"
    ),
    soft=_w("s.a cía etc"),
    pairs=pairs("EE._UU. a._m. p._m. p._ej. S._A. FF._AA. CC._OO. RR._HH."),
    pairs_open=pairs("p._ej."),
    times=pairs("a._m. p._m. a.m p.m"),
    time_followers=_w(
        "lunes martes miércoles jueves viernes sábado domingo enero febrero marzo abril mayo junio "
        "julio agosto septiembre setiembre octubre noviembre diciembre hora horas local GMT UTC CET"
    ),
    starters=_w(
        "El La Los Las Un Una Unos Unas Él Ella Ellos Ellas Esto Este Esta Estos Estas Eso Ese Esa "
        "En Con Por Para Pero Y Sin Sin Según Además También Sin Tras Desde Hasta Cuando Mientras Así "
        "Se No Ya Hoy Ayer Su Sus Nos Lo Le Les Al Del"
    ),
    reporting_verbs=_w("dijo dice preguntó pregunta afirmó añadió gritó exclamó declaró señaló aseguró"),
    split_after=_w("no"),
    before_number=_w(
        "núm párr párrf pág págs art cap vol tel ene feb mar abr may jun jul ago sep sept set oct nov dic "
        "lun mié jue vie sáb dom"
    ),
    openers="¿¡",
)

# ------------------------------------------------------------------ the language

LANGUAGE = Language(
    code="es",
    name="Spanish",
    native_name="Español",
    direction="ltr",
    segment=_SEGMENT,
    speaker=_SPEAKER,
    cues=Cues(
        numbers=words(
            "dos tres cuatro cinco seis siete ocho nueve diez once doce quince veinte treinta "
            "cuarenta cincuenta sesenta setenta ochenta noventa cien ciento cientos doscientos "
            "trescientos quinientos mil miles millón millones billón billones docena docenas decena "
            "decenas centenar centenares"
        ),
        percent=("porcentaje", "porcentual", "por ciento"),
        money=words("euro euros dólar dólares peso pesos libra libras céntimos yuanes rublos"),
        comparison=words(
            "mayor menor mejor peor máximo mínimo récord duplicado duplicó triplicó aumentó aumento "
            "aumentado subió bajó cayó creció disminuyó disminución descenso incremento superior "
            "inferior"
        )
        + ("más de", "más que", "menos de", "menos que", "tanto como", "en comparación"),
        attribution=words(
            "dijo dice afirmó afirma aseguró asegura declaró señaló explicó anunció indicó informó "
            "manifestó sostuvo denunció advirtió reconoció según"
        )
        + ("de acuerdo", "según el", "según la"),
        dates=words(
            "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre "
            "diciembre lunes martes miércoles jueves viernes sábado domingo ayer hoy anoche década "
            "décadas siglo"
        )
        + ("el año", "año pasado", "próximo año", "la semana", "el mes"),
        stamp_words=words("actualizado actualización publicado modificado el de del las los hora horas"),
        not_stamp_dates=words("hoy ayer"),
    ),
    model="es",
    search_config="fc_spanish",
    order=1,
)
