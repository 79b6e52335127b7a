"""American and British spellings of one word are one word to the scorer; other words stay
other words ("check" is not "cheque", "tired" is not "tyres")."""

from __future__ import annotations

import pytest

from tutor.banks.model import Rubric, RubricPoint
from tutor.scoring import PointResult, score_answer
from tutor.scoring.normalise import normalise_word, stem


def _words(text: str) -> list[str]:
    return text.split()


def _pairs(text: str) -> list[tuple[str, str]]:
    return [(us, uk) for us, uk in (pair.split("=") for pair in _words(text))]


IZE = _pairs(
    """organize=organise organizes=organises organized=organised organizing=organising
    organization=organisation organizations=organisations organizational=organisational
    organizer=organiser reorganize=reorganise prioritize=prioritise prioritizing=prioritising
    prioritization=prioritisation customize=customise customization=customisation
    apologize=apologise apologizes=apologises apologized=apologised apologizing=apologising
    recognize=recognise recognized=recognised recognizable=recognisable realize=realise
    realized=realised emphasize=emphasise summarize=summarise summarized=summarised
    specialized=specialised specialization=specialisation personalized=personalised
    authorize=authorise authorization=authorisation unauthorized=unauthorised
    minimize=minimise maximizing=maximising criticize=criticise criticized=criticised
    empathize=empathise sympathize=sympathise utilize=utilise finalize=finalise
    categorize=categorise standardized=standardised familiarize=familiarise
    memorize=memorise sanitizer=sanitiser optimization=optimisation
    synthesize=synthesise"""
)
YZE = _pairs(
    """analyze=analyse analyzes=analyses analyzed=analysed analyzing=analysing
    analyzer=analyser paralyze=paralyse paralyzed=paralysed catalyze=catalyse
    breathalyzer=breathalyser"""
)
OUR = _pairs(
    """behavior=behaviour behaviors=behaviours behavioral=behavioural
    behaviorally=behaviourally misbehavior=misbehaviour color=colour colors=colours
    colorful=colourful colored=coloured discolored=discoloured favor=favour favors=favours
    favored=favoured favorite=favourite favorites=favourites favorable=favourable
    favorably=favourably unfavorable=unfavourable favoritism=favouritism honor=honour
    honorable=honourable honored=honoured dishonor=dishonour labor=labour laborer=labourer
    labored=laboured neighbor=neighbour neighbors=neighbours neighborhood=neighbourhood
    neighborhoods=neighbourhoods neighboring=neighbouring neighborly=neighbourly
    humor=humour humorless=humourless rumor=rumour rumors=rumours rumored=rumoured
    harbor=harbour flavor=flavour flavored=flavoured flavoring=flavouring endeavor=endeavour
    endeavors=endeavours endeavoring=endeavouring savior=saviour savor=savour
    savory=savoury vapor=vapour vigor=vigour parlor=parlour demeanor=demeanour
    candor=candour rigor=rigour odor=odour odorless=odourless armor=armour armory=armoury
    splendor=splendour clamor=clamour fervor=fervour valor=valour tumor=tumour"""
)
RE = _pairs(
    """center=centre centers=centres centered=centred centering=centring
    centerpiece=centrepiece theater=theatre theaters=theatres fiber=fibre fibers=fibres
    fiberglass=fibreglass liter=litre liters=litres kilometer=kilometre
    centimeters=centimetres millimeter=millimetre somber=sombre caliber=calibre
    meager=meagre luster=lustre specter=spectre saber=sabre"""
)
OGUE = _pairs(
    """catalog=catalogue catalogs=catalogues cataloged=catalogued cataloging=cataloguing
    dialog=dialogue dialogs=dialogues analog=analogue monolog=monologue"""
)
ENCE = _pairs(
    """license=licence licenses=licences defense=defence defenses=defences
    defenseless=defenceless offense=offence offenses=offences pretense=pretence"""
)
DOUBLE_L = _pairs(
    """canceled=cancelled canceling=cancelling cancelation=cancellation traveled=travelled
    traveling=travelling traveler=traveller travelers=travellers labeled=labelled
    labeling=labelling unlabeled=unlabelled mislabeled=mislabelled modeled=modelled
    modeling=modelling remodeled=remodelled counselor=counsellor counselors=counsellors
    counseled=counselled counseling=counselling fueled=fuelled fueling=fuelling
    signaled=signalled signaling=signalling leveled=levelled totaled=totalled
    channeled=channelled marveled=marvelled jeweler=jeweller dialed=dialled dialing=dialling
    equaled=equalled quarreled=quarrelled tunneled=tunnelled rivaled=rivalled
    unrivaled=unrivalled enroll=enrol enrolls=enrols enrollment=enrolment fulfill=fulfil
    fulfills=fulfils fulfillment=fulfilment installment=instalment installments=instalments
    skillful=skilful skillfully=skilfully willful=wilful instill=instil distill=distil
    appall=appal jewelry=jewellery marvelous=marvellous woolen=woollen"""
)
OTHERS = _pairs(
    """judgment=judgement judgments=judgements judgmental=judgemental
    acknowledgment=acknowledgement acknowledgments=acknowledgements
    misjudgment=misjudgement inquiry=enquiry inquiries=enquiries inquire=enquire
    inquired=enquired inquiring=enquiring tire=tyre tires=tyres aging=ageing gray=grey
    mold=mould moldy=mouldy plow=plough program=programme programs=programmes
    pajamas=pyjamas mustache=moustache artifact=artefact artifacts=artefacts
    maneuver=manoeuvre maneuvering=manoeuvring maneuverable=manoeuvrable
    skeptical=sceptical skepticism=scepticism specialty=speciality
    specialties=specialities checkbook=chequebook cozy=cosy yogurt=yoghurt
    aluminum=aluminium airplane=aeroplane donut=doughnut mom=mum"""
)
# British variants that both forms are written in: "learnt" and "learned" are one word.
VARIANTS = _pairs(
    """focused=focussed focusing=focussing benefited=benefitted learned=learnt
    burned=burnt spoiled=spoilt practice=practise practiced=practised
    practicing=practising"""
)
PAIRS = IZE + YZE + OUR + RE + OGUE + ENCE + DOUBLE_L + OTHERS + VARIANTS


def test_the_pairs_are_many_and_distinct() -> None:
    assert len(PAIRS) >= 100
    assert len(set(PAIRS)) == len(PAIRS)
    assert all(us != uk for us, uk in PAIRS)


@pytest.mark.parametrize(("us", "uk"), PAIRS, ids=[us for us, _ in PAIRS])
def test_american_and_british_spellings_are_one_word(us: str, uk: str) -> None:
    assert normalise_word(us) == normalise_word(uk)
    assert normalise_word(us.capitalize()) == normalise_word(uk)


@pytest.mark.parametrize(
    "word",
    [
        # Spelt with a z in Britain too.
        *_words("size sizes sized prize prizes seize seized capsize downsize resized maize"),
        # -or in both.
        *_words("error errors mirror doctor sponsor manor major minor tutor actor"),
        # British drops the u of -our before these endings too.
        *_words("humorous honorary laborious laboratory vigorous glamorous"),
        # A meter measures in Britain too; "parameter" and "diameter" are -er in both.
        *_words("meter meters parameter diameter"),
        # People get tired; only the wheel's tyre is a tire.
        *_words("tired tiring"),
        # Checking details is not paying by cheque.
        *_words("check checks checked checking cheque cheques"),
    ],
)
def test_words_spelt_alike_in_both_stay_as_they_are(word: str) -> None:
    assert normalise_word(word) == word


def test_check_is_not_a_cheque() -> None:
    for check, cheque in (("check", "cheque"), ("checks", "cheques")):
        assert stem(normalise_word(check)) != stem(normalise_word(cheque))


def test_tired_is_not_tyres() -> None:
    tyre = stem(normalise_word("tyre"))
    assert stem(normalise_word("tires")) == tyre
    assert stem(normalise_word("tired")) != tyre
    assert stem(normalise_word("tiring")) != tyre


def _point(point: str, answer: str) -> PointResult:
    return score_answer(answer, Rubric((RubricPoint(point, ()),), needed=1)).points[0]


# A rubric point in British spelling, an answer to fill in with the American or British word.
POINTS = [
    ("apologise to the customer", "I {} to the customer.", "apologize", "apologise"),
    ("organisational policies", "I follow {} policies.", "organizational", "organisational"),
    ("prioritise urgent enquiries", "I would {} urgent enquiries.", "prioritize", "prioritise"),
    ("prioritise urgent enquiries", "I would prioritise urgent {}.", "inquiries", "enquiries"),
    ("analyse the complaint", "First I {} the complaint.", "analyze", "analyse"),
    ("calm behaviour", "I keep my {} calm.", "behavior", "behaviour"),
    ("stay non-judgemental", "I stay non-{} throughout.", "judgmental", "judgemental"),
    ("refund the cancelled order", "I refund the {} order.", "canceled", "cancelled"),
    ("fulfil the order", "We {} the order the same day.", "fulfill", "fulfil"),
    ("check the catalogue", "I check the {} for the item.", "catalog", "catalogue"),
    ("a favourable impression", "It leaves a {} impression.", "favorable", "favourable"),
    ("replace the tyres", "The garage would replace the {}.", "tires", "tyres"),
    ("the local neighbourhood", "A shop in the local {}.", "neighborhood", "neighbourhood"),
    ("hold a valid licence", "Drivers hold a valid {}.", "license", "licence"),
    ("the contact centre", "I work in the contact {}.", "center", "centre"),
]


@pytest.mark.parametrize(("point", "answer", "us", "uk"), POINTS, ids=[us for *_, us, _ in POINTS])
def test_an_answer_in_american_spelling_makes_the_british_point(
    point: str, answer: str, us: str, uk: str
) -> None:
    american, british = _point(point, answer.format(us)), _point(point, answer.format(uk))
    assert american.matched
    assert (american.matched, american.similarity) == (british.matched, british.similarity)


def test_checking_details_does_not_accept_a_cheque() -> None:
    assert _point("accept a cheque", "I would accept a cheque from them.").matched
    assert not _point("accept a cheque", "I would accept it and check their details.").matched
    assert not _point("cheques", "I run checks on every order.").matched
