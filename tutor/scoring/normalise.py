"""One home for turning answer text into comparable words.

Every word keeps its character offsets into the ORIGINAL text, so evidence can be shown
exactly as the learner typed it. Normalising is per word: Unicode and quotes via
`tutor.text.normalise_typography`, case folded, American spellings mapped to British, then
stemmed (Snowball English) so "apologising" and "apologise" meet.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import snowballstemmer

from tutor.text import normalise_typography

# Letters and digits, with apostrophes inside a word ("don't", "customer's").
WORD = re.compile(r"[^\W_]+(?:['\u2019\u02bc][^\W_]+)*")
# A clause ends at these: negation and reasons do not reach across them.
_CLAUSE_END = re.compile(r"[.;:!?\n()\[\]]")

_STEMMER = snowballstemmer.stemmer("english")


def word_set(text: str) -> frozenset[str]:
    """A set of words written out as one string (easier to read and edit than a list)."""
    return frozenset(text.split())


def _pairs(text: str) -> dict[str, str]:
    """Spelling pairs written out as one string: "center=centre centers=centres"."""
    return {us: uk for us, uk in (pair.split("=") for pair in text.split())}


def _family(stems: str, us: str, uk: str, endings: str, prefixes: str) -> dict[str, str]:
    """A family of spellings, spelt out so that looking one up is one dictionary lookup:
    prefix + stem + `us` + ending -> prefix + stem + `uk` + ending ("|" separates, "" too)."""
    return {
        f"{prefix}{stem}{us}{ending}": f"{prefix}{stem}{uk}{ending}"
        for prefix in prefixes.split("|")
        for stem in stems.split()
        for ending in endings.split("|")
    }


# American -> British, word by word: families spelt out, then single words; the -ize rule
# below covers the open-ended rest. Both the rubric and the answer pass through this, so only
# consistency matters: a few British variants map to the other form ("practise" ->
# "practice", "learnt" -> "learned").
_SPELLINGS = {
    # -or -> -our, for these words only: "error", "mirror", "doctor", "sponsor", "major" are
    # -or in both. British drops the u before -ous, -ary, -ious, -atory too ("humorous",
    # "honorary", "laborious", "laboratory"), so those endings are not listed.
    **_family(
        """behavi col fav hon hum lab neighb rum harb flav endeav savi sav vap vig val parl arm
        clam od ranc rig splend tum cand ard ferv demean glam""",
        "or",
        "our",
        "|s|ed|ing|ings|al|ally|ism|ite|ites|itism|able|ably|ful|fully|less|hood|hoods|ly"
        "|liness|er|ers",
        prefixes="|un|dis|mis|multi",
    ),
    # Verbs ending in one l double it in Britain before -ed, -ing, -er, -or: "canceled" ->
    # "cancelled", "traveler" -> "traveller", "counselor" -> "counsellor".
    **_family(
        """cancel travel label model counsel fuel signal level total channel marvel jewel duel
        quarrel tunnel equal dial panel pencil initial rival spiral shovel grovel snorkel libel
        chisel funnel towel revel ravel""",
        "",
        "l",
        "ed|ing|ings|er|ers|or|ors",
        prefixes="|un|re|mis",
    ),
    # -dgement: "judgmental" -> "judgemental".
    **_family("judg misjudg prejudg acknowledg", "ment", "ement", "|s|al|ally", prefixes=""),
    # -re. Not "meter": a gas meter is a meter in Britain too (nor "parameter", "diameter").
    **_pairs(
        """center=centre centers=centres centered=centred centering=centring
        centerpiece=centrepiece theater=theatre theaters=theatres fiber=fibre fibers=fibres
        fiberglass=fibreglass liter=litre liters=litres kilometer=kilometre
        kilometers=kilometres centimeter=centimetre centimeters=centimetres
        millimeter=millimetre millimeters=millimetres somber=sombre caliber=calibre
        meager=meagre luster=lustre specter=spectre saber=sabre"""
    ),
    # -ogue.
    **_pairs(
        """catalog=catalogue catalogs=catalogues cataloged=catalogued cataloging=cataloguing
        dialog=dialogue dialogs=dialogues analog=analogue monolog=monologue"""
    ),
    # -ence nouns. "Licensed", "licensing" are spelt so in both; the British verb "license"
    # becoming "licence" only merges two forms of one word.
    **_pairs(
        """license=licence licenses=licences defense=defence defenses=defences
        defenseless=defenceless offense=offence offenses=offences pretense=pretence
        pretenses=pretences practise=practice practises=practices practised=practiced
        practising=practicing"""
    ),
    # -ll- outside the verbs above.
    **_pairs(
        """enroll=enrol enrolls=enrols enrollment=enrolment enrollments=enrolments
        fulfill=fulfil fulfills=fulfils fulfillment=fulfilment installment=instalment
        installments=instalments skillful=skilful skillfully=skilfully willful=wilful
        willfully=wilfully instill=instil instills=instils distill=distil distills=distils
        appall=appal appalls=appals enthrall=enthral jewelry=jewellery marvelous=marvellous
        marvelously=marvellously woolen=woollen cancelation=cancellation
        cancelations=cancellations"""
    ),
    # British variants with a common other form: one of them stands for both.
    **_pairs(
        """focussed=focused focusses=focuses focussing=focusing benefitted=benefited
        benefitting=benefiting learnt=learned burnt=burned spoilt=spoiled dreamt=dreamed
        leant=leaned"""
    ),
    # Single words. Only the noun "tire": "tired" and "tiring" are about people, and the
    # verb "tire" is rare in answers. "Check" is not "cheque": checking details is not a
    # payment, so only "checkbook" maps.
    **_pairs(
        """inquiry=enquiry inquiries=enquiries inquire=enquire inquires=enquires
        inquired=enquired inquiring=enquiring inquirer=enquirer inquirers=enquirers
        tire=tyre tires=tyres aging=ageing gray=grey grays=greys grayed=greyed
        graying=greying mold=mould molds=moulds moldy=mouldy molded=moulded molding=moulding
        plow=plough plows=ploughs plowed=ploughed plowing=ploughing program=programme
        programs=programmes checkbook=chequebook checkbooks=chequebooks pajamas=pyjamas
        mustache=moustache mustaches=moustaches artifact=artefact artifacts=artefacts
        maneuver=manoeuvre maneuvers=manoeuvres maneuvered=manoeuvred
        maneuvering=manoeuvring maneuverable=manoeuvrable skeptic=sceptic skeptics=sceptics
        skeptical=sceptical skeptically=sceptically skepticism=scepticism
        specialty=speciality specialties=specialities armory=armoury armories=armouries
        savory=savoury cozy=cosy yogurt=yoghurt donut=doughnut donuts=doughnuts
        aluminum=aluminium airplane=aeroplane airplanes=aeroplanes mom=mum moms=mums
        ok=okay"""
    ),
}
# -ize, -yze and their family: "apologize" -> "apologise", "organizational" ->
# "organisational", "analyzing" -> "analysing".
_IZE = re.compile(
    r"^(\w{2,}?)(iz|yz)(e|es|ed|ing|er|ers|ation|ations|ational|ationally|able|ably)$"
)
# Spelt with a z in Britain too ("downsize", "resized", "prizes" …).
_IZE_KEEP = word_set(
    """size prize seize capsize maize baize assize downsize upsize resize oversize undersize
    supersize outsize midsize bitesize lifesize"""
)


def british(word: str) -> str:
    """The British spelling of a lower-case word, where it differs."""
    if word in _SPELLINGS:
        return _SPELLINGS[word]
    if "z" in word:
        match = _IZE.match(word)
        if match:
            stem, z, ending = match.groups()
            if f"{stem}{z}e" not in _IZE_KEEP:
                return f"{stem}{z[0]}s{ending}"
    return word


@lru_cache(maxsize=65536)
def normalise_word(raw: str) -> str:
    """Typography, case and spelling for one word ("Apologize" -> "apologise")."""
    word = normalise_typography(raw).casefold().replace("\u2019", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return british(word)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball English stem of a normalised word; numbers and codes as they are, and
    number words as numbers ("fourteen days" is "14 days", "two" is "2")."""
    if any(ch.isdigit() for ch in word):
        return word
    return _NUMBERS.get(word) or _STEMMER.stemWord(word)


# "One" stays a word: "one of the reasons" is not a count.
_NUMBER_TEXT = """two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty"""
_NUMBER_WORDS = tuple(_NUMBER_TEXT.split())
_NUMBERS = {word: str(n) for n, word in enumerate(_NUMBER_WORDS, start=2)} | {
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "sixty": "60",
    "ninety": "90",
    "hundred": "100",
}


class Token(NamedTuple):
    """A word of the original text: where it is, what it says, and its comparable forms.

    A named tuple rather than a dataclass: answers are tokenised on every keystroke-sized
    turn, and tuples are several times faster to build.
    """

    position: int
    start: int
    end: int
    text: str  # exactly as typed
    norm: str  # normalised (case, typography, spelling)
    stem: str
    sentence: int  # which sentence it is in: reasons are looked for per sentence
    clause: int  # which clause (commas too): negation does not reach beyond it


def tokenise(text: str) -> tuple[Token, ...]:
    """The words of `text`, each with offsets that slice `text` exactly."""
    tokens: list[Token] = []
    sentence = clause = 0
    last_end = 0
    for match in WORD.finditer(text):
        start, end = match.span()
        if last_end and start > last_end:
            gap = text[last_end:start]
            if gap == " ":
                pass  # most gaps: nothing ends there
            elif _CLAUSE_END.search(gap):
                sentence += 1
                clause += 1
            elif "," in gap:
                clause += 1
        last_end = end
        raw = match.group()
        forms = _forms(raw)
        if forms is not None:
            tokens.append(Token(len(tokens), start, end, raw, forms[0], forms[1], sentence, clause))
    return tuple(tokens)


@lru_cache(maxsize=65536)
def _forms(raw: str) -> tuple[str, str] | None:
    """A typed word's normalised form and stem; None for a word that normalises away."""
    norm = normalise_word(raw)
    return (norm, stem(norm)) if norm else None


def is_exact_only(word: str) -> bool:
    """Numbers, codes and short words are never fuzzed: "14" is not "24", "rude" not "rule"."""
    return len(word) <= 4 or any(ch.isdigit() for ch in word)


def is_acronym(text: str) -> bool:
    """A word written in capitals as typed: "SMART", "IT", "GDPR", "KPIs" (a plural 's')."""
    core = text[:-1] if len(text) > 2 and text[-1] == "s" else text
    return len(core) >= 2 and core.isalpha() and core.isupper()


# Inflectional endings: "apologising" and "apologise" are one word; "productivity" and
# "product" are not (the stemmer makes them one stem, which is why forms are checked too).
_LIGHT_ENDINGS = ("ings", "ing", "ies", "ied", "ed", "es", "s", "e")


@lru_cache(maxsize=65536)
def light_stem(word: str) -> str:
    """A normalised word without its inflectional ending, for comparing spellings:
    "appologising" -> "appologis", "customers" -> "customer". Derivations stay."""
    for ending in _LIGHT_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            base = word[: -len(ending)]
            return base + "y" if ending in ("ies", "ied") else base
    return word


# What one form of a word may add to another and still be the same word: "listen(ing)",
# "customer(s)", "stop(ped)", "quick(ly)". "product(ivity)" and "manage(r)" add more.
_INFLECTIONS = frozenset({"s", "es", "ed", "d", "ing", "ly"})


def extension(a: str, b: str) -> str | None:
    """What the longer of two normalised words adds to the shorter, when the shorter begins
    it and the addition is more than an inflection: "product"/"productivity" -> "ivity",
    "complain"/"complaint" -> "t"; else None ("customer"/"customers", "stop"/"stopped")."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if short == long_ or not long_.startswith(short):
        return None
    extra = long_[len(short) :]
    if extra in _INFLECTIONS:
        return None
    # A doubled last letter: "stop" -> "stopped", "plan" -> "planning".
    if len(extra) > 1 and extra[0] == short[-1] and extra[1:] in _INFLECTIONS:
        return None
    return extra


# A derivation adds at least this much: "product(ivity)", "inform(ation)", "care(ful)";
# shorter additions ("organisation(al)", "manage(r)") leave the same word for a learner.
_DERIVATION_LETTERS = 3


@lru_cache(maxsize=65536)
def is_derivation(a: str, b: str) -> bool:
    """Whether one word is the other made into another word though they share a stem:
    "product"/"productivity", "cost"/"costly", "name"/"namely", "position"/"positively"."""
    short, long_ = sorted((a, b), key=len)
    if short == long_:
        return False
    if long_.startswith(short) and long_[len(short) :] == "ly":
        # "quickly" is "quick"; "costly", "namely", "timely" are other words.
        return not (short.endswith(_ADJECTIVE_ENDINGS) or short in _PLAIN_ADJECTIVES)
    if not long_.startswith(short):
        # An adverb of another word: "positively" is not "position"; nor is "business"
        # "busy", though the stemmer makes both "busi".
        light_short, light_long = sorted((light_stem(a), light_stem(b)), key=len)
        if a.endswith("ly") != b.endswith("ly"):
            return True
        return light_short.endswith("y") and len(light_long) - len(light_short) >= 3
    extra = extension(a, b)
    return extra is not None and len(extra) >= _DERIVATION_LETTERS


# Adjectives whose "-ly" is only the adverb: "clearly", "politely", "helpfully" ….
_ADJECTIVE_ENDINGS = (
    "ful",
    "less",
    "ous",
    "ive",
    "al",
    "ic",
    "ent",
    "ant",
    "able",
    "ible",
    "ate",
    "ed",
)
_PLAIN_ADJECTIVES = word_set(
    """quick clear polite calm prompt fair honest direct open kind firm brief correct proper
    exact close clean safe quiet loud slow fast warm nice rude proper real accurate complete
    genuine sincere swift smooth calm careful immediate simple regular strict equal"""
)


@lru_cache(maxsize=1)
def _lexicon() -> frozenset[str] | dict[str, int]:
    """Known English words (pyspellchecker's list); empty when it is not installed."""
    try:
        from spellchecker import SpellChecker
    except ImportError:  # pragma: no cover - the dependency is declared; degrade, do not fail
        return frozenset()
    return SpellChecker(language="en", distance=1).word_frequency.dictionary


@lru_cache(maxsize=1)
def word_frequencies() -> tuple[dict[str, int], int]:
    """How often each English word is used (pyspellchecker's counts), and their total."""
    lexicon = _lexicon()
    if isinstance(lexicon, dict):
        return lexicon, sum(lexicon.values())
    return {}, 0


def preload() -> None:
    """Load the English word list now (a fifth of a second), so no answer waits for it."""
    word_frequencies()


def is_known_word(word: str) -> bool:
    """Whether a normalised word is itself an English word, so a different word and not a
    typing slip: "contact" is not a slip for "contract", "march" not for "match"."""
    return word in _lexicon()


# Function words: never a rubric point on their own, never evidence of knowing anything.
# Words of time and quantity (once, before, all, each, only, more) are NOT here: "at least
# once", "before the customer leaves" and "check all details" turn on them.
_STOPWORD_TEXT = """
    a about am an and are as at be been being but by can could did do does doing down during
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me my myself of off on or our ours ourselves out over own she
    should so some such than that the their theirs them themselves then there these they this
    those through to too under until up very was we were what when where which while who whom
    why will with would you your yours yourself yourselves also may might must shall etc eg ie
    us one ones get gets got make makes made use used using way ways thing things something anything
    everything lot lots really well instead rather within across via per upon onto toward
    towards among amongst beside besides beyond near around throughout along s t
    """
STOPWORDS = word_set(_STOPWORD_TEXT)
