"""Portuguese (Português) in the text pipeline: one ``LANGUAGE`` (see ``articles/text/languages/``).

**Speakers**: “…” and «…» quotations, "disse Silva", "afirmou o ministro", "segundo
o IBGE", a left-out subject ("“…”, disse.") taken from the quotation's speaker, titles (Sr., Sra.,
Dr., Dra., Profa....). Pure Python; see :mod:`..speaker`.

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
    disse diz dizem disseram afirmou afirma afirmaram declarou declara declararam explicou explica
    acrescentou ressaltou destacou garantiu garante assegurou comentou respondeu perguntou
    observou lembrou alertou sustentou criticou informou anunciou escreveu tuitou afirmara
    concluiu negou reconheceu admitiu avaliou argumentou discordou
    """
)
_WEAK = _w("anunciou escreveu lembrou reconheceu admitiu negou criticou informou discordou")

_SPEAKER = language_rules(
    "pt",
    verbs=tuple(sorted(_VERBS)),
    weak_verbs=_WEAK,
    object_verbs=frozenset(),
    according_to=r"\b[Ss]egundo\s+|\b[Dd]e\s+acordo\s+com\s+|\b[Cc]onforme\s+",
    saying=r",\s+(?:dizendo|acrescentando|afirmando|ressaltando|explicando)\b",
    pronouns={"ele": "m", "ela": "f", "eles": "group", "elas": "group", ZERO: "any"},
    determiners=_w("o a os as do da dos das"),
    indefinites=_w("um uma uns umas outro outra algum alguma nenhum nenhuma cada"),
    possessives=_w("seu sua seus suas meu minha nosso nossa"),
    leading_skip=_w("e mas também além então já ou"),
    cut=_w("que quem quando onde porque embora se enquanto cujo cuja"),
    aux=_w("tem têm tinha havia também já"),
    time_words=_w(
        "em no na neste nesta nesse passado próximo segunda-feira terça-feira quarta-feira quinta-feira "
        "sexta-feira sábado domingo janeiro fevereiro março abril maio junho julho agosto setembro "
        "outubro novembro dezembro hoje ontem manhã tarde noite semana mês ano"
    ),
    clause_words=_w("é era foi são será seria não nunca se me te nos eu nós"),
    not_names=_w(
        "O A Os As Um Uma Este Esta Esse Essa Isso Ele Ela Eles Elas Eu Nós Também Mas E Segundo "
        "Quando Onde Se Embora Hoje Ontem Por Porque Como Quanto Ninguém Todos Muitos Alguns Sr Sr. Sra Sra. Dr Dr. Dra Dra. "
        "De Do Da Em No Na Com Por Para Já"
    ),
    connectors=_w("de do da dos das e van von al bin"),
    roles=_w("porta-voz ministro ministra governo ministério polícia autoridades especialistas fontes"),
    groups=_w(
        "especialistas analistas fontes autoridades investigadores críticos moradores testemunhas médicos"
    ),
    org_words=_w(
        "ministério governo instituto banco partido universidade comissão conselho empresa polícia "
        "exército tribunal procuradoria prefeitura agência congresso senado fundação associação sindicato"
    ),
    places=ENGLISH.places | _w("Brasil Portugal Lisboa Brasília Angola Moçambique Europa"),
    titles=_w(
        "sr sr. sra sra. dr dr. dra dra. prof prof. profa profa. presidente presidenta ministro ministra "
        "deputado deputada senador senadora governador governadora prefeito prefeita secretário "
        "secretária juiz juíza porta-voz diretor diretora general líder chefe técnico economista"
    ),
    male_titles=_w(
        "sr sr. ministro deputado senador governador prefeito secretário juiz diretor dr dr. prof prof. técnico"
    ),
    female_titles=_w(
        "sra sra. dra dra. profa profa. presidenta ministra deputada senadora governadora prefeita "
        "secretária juíza diretora"
    ),
    male_names=ENGLISH.male_names | _w("João Luiz Lula Jair Fernando Marcelo Paulo Rodrigo Tite Sérgio"),
    female_names=ENGLISH.female_names | _w("Dilma Marina Gleisi Simone Tereza Luciana Fernanda Beatriz"),
    after_verb_stop=_w("que em com por para hoje ontem neste nesta ao à"),
    label_stop=ENGLISH.label_stop | _w("nota foto vídeo fonte atualização leia também"),
    age_descriptor=r"(?!)",
    open_quotes="“«‹",
    close_quotes="”»›",
    pronoun_after_verb=True,
    zero_subject=True,
    clitics=_w("o a lhe se"),
)

# ------------------------------------------------------------------ segmentation

_SEGMENT = SegmentRules(
    language="pt",
    titles=_w(
        "sr sra srta srs sras dr dra drs dras prof profa profª eng engª gen cel ten cap pres dep sen "
        "gov min av pág art núm nº vol ex exmo exma ilmo ilma sto sta etc vs"
    ),
    soft=_w("s.a ltda cia etc"),
    pairs=pairs("EE._UU."),
    starters=_w(
        "O A Os As Um Uma Ele Ela Eles Elas Isso Isto Este Esta Esse Essa No Na Nos Nas Em Com Por Para "
        "Mas E Segundo Além Também Depois Antes Quando Enquanto Hoje Ontem Não Já"
    ),
    reporting_verbs=_w("disse diz perguntou pergunta afirmou acrescentou gritou declarou"),
    before_number=_w("nº núm pág art cap vol jan fev mar abr mai jun jul ago set out nov dez"),
)

# ------------------------------------------------------------------ the language

LANGUAGE = Language(
    code="pt",
    name="Portuguese",
    native_name="Português",
    direction="ltr",
    segment=_SEGMENT,
    speaker=_SPEAKER,
    cues=Cues(
        numbers=words(
            "dois duas três quatro cinco seis sete oito nove dez onze doze quinze vinte trinta "
            "quarenta cinquenta cem cento centenas mil milhares milhão milhões bilhão bilhões bilião "
            "biliões dezena dezenas dúzia"
        ),
        percent=("porcentagem", "percentagem", "percentual", "por cento"),
        money=words("euro euros dólar dólares real reais centavos libras"),
        comparison=words(
            "maior menor melhor pior máximo mínimo recorde aumentou aumento subiu caiu cresceu "
            "diminuiu queda duplicou triplicou superior inferior"
        )
        + ("mais de", "mais que", "menos de", "menos que", "em comparação"),
        attribution=words(
            "disse diz afirmou afirma declarou anunciou explicou garantiu informou destacou ressaltou "
            "segundo conforme"
        )
        + ("de acordo",),
        dates=words(
            "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro "
            "segunda terça quarta quinta sexta sábado domingo ontem hoje amanhã década século"
        )
        + ("ano passado", "próximo ano", "na semana", "no mês"),
        stamp_words=words("atualizado atualização publicado publicada em às"),
        not_stamp_dates=words("hoje ontem"),
    ),
    model="multi",
    search_config="fc_portuguese",
    order=4,
)
