"""Use what the student tells us: direct answers to stated values, and a pre-filled check.

"i have ielts 6.5 is that enough for leiden" gets "Yes" first, judged by the same
criteria as the guided check (``eligibility.verdict.judge``), then the rule, its source
and what else is required; "am I eligible with X, Y, Z?" starts the check with X, Y and
Z filled in. Every value a message states is remembered in ``ConversationState.stated``,
so a later check never asks for it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ie_bot.eligibility import flow
from ie_bot.eligibility.criteria import RequirementCriterion
from ie_bot.eligibility.extract import Stated, extract
from ie_bot.eligibility.profile import Profile
from ie_bot.eligibility.verdict import programme_order
from ie_bot.engine.dating import Dating, as_of
from ie_bot.engine.direct import block, polarity_of
from ie_bot.engine.types import PAYLOAD_PREFIX, Option, Reply
from ie_bot.nlu.matcher import read
from ie_bot.nlu.normalise import normalise
from ie_bot.nlu.programmes import ProgrammeMention

if TYPE_CHECKING:
    from ie_bot.engine.routes import Turn

#: Values that alone make a message a question about eligibility; citizenship and a Nordic
#: bachelor's only count with an eligibility word ("I'm from Germany, what is the fee?").
_APPLYING = re.compile(r"\b(can|could|may) i (still )?(apply|get in|get into|be admitted|study)\b"
                       r"|\beligib\w*|\ballowed to apply\b")
_ENGLISH = frozenset({"english_test", "english_score", "english_lowest_section"})
_ORIGIN = frozenset({"nordic_university", "eu_eea_citizen"})
_JUDGED = frozenset({"degree", "degree_field", "degree_type", "degree_ects", "math_stats_ects",
                     "math_stats_hours", "english_test", "english_score",
                     "english_lowest_section"})
_CHECK_CUES = re.compile(r"\b(eligib\w*|qualify|qualified|get (into|admitted|accepted)"
                         r"|get in(?= (to|the|ntnu|leiden|delft|both|either)\b|$)"
                         r"|admitted|accepted|my chances?|check me|check my)\b")
_ASK_CUES = re.compile(r"\b(enough|ok|okay|sufficient|suffice|good|fine|meet|meets|pass|apply"
                       r"|can i|could i|am i|is (that|it|this)|do i|will|would|requirement\w*"
                       r"|minimum|need)\b")
#: "how do I improve my IELTS from 5.5?": about preparing for a test, not about entry.
_PREPARING = re.compile(r"\b(improve|prepare|preparing|preparation|practice|practise|retake"
                        r"|book|booking|register|valid|validity)\b")
#: A question about the English test ("my bachelor was taught in English: am I exempt from
#: the test?") is not answered by the other values it states.
_ENGLISH_TOPIC = re.compile(r"\b(english|ielts|toefl|cambridge|language test|pte|duolingo)\b")
#: A request for something ("recommend me a bachelor in ...") states nothing about oneself.
_REQUEST = re.compile(r"^(please |can you |could you )?(recommend|suggest|find|show|give)"
                      r"( me)?\b")
#: A message this short that states values and no wh-word asks about them.
_TERSE_WORDS = 6
_WH = re.compile(r"\b(how|what|whats|when|where|who|why|which)\b")
#: What each eligibility topic is about: a stated value answers it only if it is one of these
#: ("my bachelor was taught in English: do I need a test?" is about the English test).
_TOPIC_VALUES: dict[str, frozenset[str]] = {
    "language_requirements": _ENGLISH,
    "entry_requirements": _JUDGED - _ENGLISH | _ORIGIN,
    "eligibility_check": _JUDGED | _ORIGIN,
    "programme_overview": _JUDGED | _ORIGIN,
}
_CHECK = Option(label="Check my full eligibility", payload=f"{PAYLOAD_PREFIX}i:eligibility_check")


def known(state_stated: dict[str, Any], flow_state: dict[str, Any] | None) -> dict[str, Any]:
    """Everything stated so far: remembered values and a running check's answers."""
    profile = (flow_state or {}).get("profile") or {}
    answered = {k: v for k, v in profile.items() if v is not None and k != "programmes"}
    return {**state_stated, **answered}


def remember(turn: Turn, fields: dict[str, Any]) -> None:
    """Keep ``fields``, replacing what they contradict (a new test replaces its scores)."""
    merged = {**turn.state.stated, **fields}
    if "english_test" in fields:
        for score in ("english_score", "english_lowest_section"):
            if score not in fields:
                merged.pop(score, None)
    changed = fields.get("degree") != turn.state.stated.get("degree")
    if "degree" in fields and "degree_field" not in fields and changed:
        merged.pop("degree_field", None)
        merged.pop("degree_type", None)
    turn.state.stated = merged


def reply(turn: Turn, text: str, mention: ProgrammeMention) -> Reply | None:
    """A direct answer or a pre-filled check when ``text`` states values; else None."""
    found = extract(text, turn.today)
    if set(found.fields) == {"english_test"} and found.fields["english_test"] != "none":
        found = Stated()  # "what is the minimum IELTS?", "is PTE ok?": a test, no result
    plain = normalise(text)
    if _REQUEST.search(plain):
        found = Stated()  # "recommend me a bachelor in psychology": asked for, not held
    if _PREPARING.search(plain) or (_ENGLISH_TOPIC.search(plain)
                                    and not _ENGLISH & set(found.fields)):
        found = Stated(fields={k: v for k, v in found.fields.items() if k in _ORIGIN}
                       if not _PREPARING.search(plain) else {})  # about the test, not a value
    if found.fields:
        remember(turn, found.fields)
    wants_check = bool(_CHECK_CUES.search(plain))
    polarity = polarity_of(text)  # a cheap test first: naming a rule is slow to check
    requirement = polarity is not None and _requirements_named(turn, text)
    judged = _JUDGED | (_ORIGIN if requirement or _APPLYING.search(plain) else set())
    said = judged & set(found.fields)
    skipping = requirement and polarity == "exempt"  # "can I skip the letter?"
    if not (said or (wants_check and found.fields) or found.problems or skipping):
        return None
    asks = bool(_ASK_CUES.search(plain)) or (  # "BSc computer science, leiden?"
        text.rstrip().endswith("?") and not _WH.search(plain)) or (
        len(plain.split()) <= _TERSE_WORDS and not _WH.search(plain))  # "6 ECTS math, ntnu"
    if not (wants_check or requirement) and _other_topic(turn, mention, said, asks):
        return None
    if found.problems and not _JUDGED & set(found.fields):
        return Reply(text=f"{found.problems[0]}. Could you check the value and ask again?",
                     intent="eligibility_check", confidence=1.0)
    named = _named(turn, plain, mention)
    answer = direct(turn, named, set(found.fields), found.problems, short=wants_check,
                    text=text)
    if not wants_check:
        return answer
    check = start_check(turn, named)  # "am I eligible with X, Y?": X and Y filled in
    if turn.state.eligibility is not None:
        check.text = f"{answer.text}\n\n{check.text}"
        check.sources = list(dict.fromkeys([*answer.sources, *check.sources]))
    return check


def _requirements_named(turn: Turn, text: str) -> bool:
    return any(isinstance(c, RequirementCriterion) and c.named_in(text)
               for rules in turn.engine.knowledge.eligibility.values() for c in rules.criteria)


def _named(turn: Turn, plain: str, mention: ProgrammeMention) -> list[str]:
    """The programmes asked about: "both" is every one; "ntnus" is NTNU."""
    if re.search(r"\b(both|all( the)? (programmes|programs|of them))\b", plain):
        return list(turn.engine.knowledge.eligibility)
    if mention.programmes:
        return list(mention.programmes)
    singular = re.sub(r"\b(\w{3,})s\b", r"\1", plain)
    return list(turn.engine.detector.detect(singular).programmes)


def _other_topic(turn: Turn, mention: ProgrammeMention, said: set[str], asks: bool) -> bool:
    """The matcher is sure the message asks about something the stated values do not
    answer: the English test when only a degree was stated; a deadline or the fee when
    the values are only where the student is from, or are not asked about ("I have IELTS
    7, how much is the tuition?"). Otherwise values asked about win over the matcher,
    which was never trained on them."""
    engine = turn.engine
    match = read(engine.matcher, mention)
    if engine.confidence(match, mention.remainder) < engine.thresholds.min_confidence:
        return False
    best = engine.knowledge.intent(match.best.intent.split("/")[0])
    if best is not None and (best.fallback or best.id == "out_of_scope"):
        return False  # values stated about oneself are not an off-topic question
    topic = _TOPIC_VALUES.get(match.best.intent)
    if topic is not None:
        return not said & topic
    return said <= _ORIGIN or not asks


def start_check(turn: Turn, named: list[str]) -> Reply:
    """The guided check with every value stated so far filled in."""
    check = flow.begin(turn.engine.knowledge, named, turn.state.stated)
    turn.state.eligibility = check.state
    turn.state.last_intent = "eligibility_check"
    return turn.flow_reply(check, 1.0)


def start_over(turn: Turn) -> Reply:
    """ "Start over" after a verdict: forget the stated values and begin afresh."""
    turn.state.stated = {}
    check = flow.begin(turn.engine.knowledge, None)
    turn.state.eligibility = check.state
    return turn.flow_reply(check, 1.0)


def verdict_options(turn: Turn) -> list[Option]:
    """What a verdict ends with: compare the programmes, deadlines, start over."""
    options = [Option(label=intent.title, payload=f"{PAYLOAD_PREFIX}i:{intent.id}")
               for i in ("compare", "application_deadline")
               if (intent := turn.engine.knowledge.intent(i)) is not None]
    return [*options, Option(label="Start over", payload=f"{flow.PAYLOAD}restart")]


def dating_of(dating: Dating, file: str) -> str:
    """ "as of 2023/24" or "undated listing": how old the rules' source is."""
    return as_of(dating.knowledge.source(file))


def direct(turn: Turn, named: list[str], said: set[str], problems: list[str],
           short: bool = False, text: str = "") -> Reply:
    """Yes / No / "The sources don't say" per programme, then the rule, source and the rest."""
    kb = turn.engine.knowledge
    try:
        profile = Profile.model_validate(turn.state.stated)
    except ValidationError:  # values from different messages that do not fit together
        profile = Profile.model_validate({k: v for k, v in turn.state.stated.items()
                                          if k not in _JUDGED - said})
    chosen = named or list(turn.state.programmes)  # "is that ok?" after a question on NTNU
    ids = programme_order(kb, [p for p in chosen if p in kb.eligibility] or list(kb.eligibility))
    dating = turn.engine.composer.dating
    blocks = []
    for pid in ids:
        programme = kb.programme(pid)
        rules = kb.eligibility[pid]
        as_of = dating_of(dating, rules.sources()[0]) if rules.sources() else ""
        blocks.append(block(programme.short_name if programme else pid, rules, profile, said,
                            as_of, short, text))
    sources = list(dict.fromkeys(s for _, srcs in blocks for s in srcs))
    notes = [f"(I left out one value: {problems[0]}.)"] if problems else []
    offer = [] if short else ["Want the full check? I'll use what you have told me."]
    asked = normalise(text)  # "is ielts 6.5 enough?" is an English question; the rest, checks
    english = said & _ENGLISH and not (_CHECK_CUES.search(asked) or _APPLYING.search(asked))
    intent = "language_requirements" if english else "eligibility_check"
    text = "\n\n".join([*(b for b, _ in blocks), *notes, *offer, dating.cite(sources)])
    turn.state.last_intent = intent
    return Reply(text=text, intent=intent, confidence=1.0,
                 programme=ids[0] if len(ids) == 1 else ids, sources=sources,
                 options=[_CHECK, *verdict_options(turn)[:1]])
