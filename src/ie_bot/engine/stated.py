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
from ie_bot.eligibility.criteria import BOOLEAN_WORDS, EctsCriterion, RequirementCriterion
from ie_bot.eligibility.extract import Stated, extract
from ie_bot.eligibility.models import ProgrammeRules
from ie_bot.eligibility.profile import TESTS, Profile
from ie_bot.eligibility.verdict import CriterionResult, judge, programme_order
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
_CHECK_CUES = re.compile(r"\b(eligib\w*|qualify|qualified|get (in|into|admitted|accepted)"
                         r"|admitted|accepted|my chances?|check me|check my)\b")
_ASK_CUES = re.compile(r"\b(enough|ok|okay|sufficient|suffice|good|fine|meet|meets|pass|apply"
                       r"|can i|could i|am i|is (that|it|this)|do i|will|would|requirement\w*"
                       r"|minimum|need)\b")
_WH = re.compile(r"\b(how|what|whats|when|where|who|why|which)\b")
#: What each eligibility topic is about: a stated value answers it only if it is one of these
#: ("my bachelor was taught in English: do I need a test?" is about the English test).
_TOPIC_VALUES: dict[str, frozenset[str]] = {
    "language_requirements": _ENGLISH,
    "entry_requirements": _JUDGED - _ENGLISH | _ORIGIN,
    "eligibility_check": _JUDGED | _ORIGIN,
    "programme_overview": _JUDGED | _ORIGIN,
}
_NO_CREDIT_RULE = CriterionResult(
    id="degree_ects", title="Credits of the bachelor's", status="unknown", unknown="not_stated",
    rule="(none stated)", source="", explanation="My sources state no minimum number of "
    "credits (or years) for the bachelor's.")
_TOPICS = {"math_stats_ects": "credits in mathematics or statistics",
           "eu_eea_citizen": "citizenship", "nordic_university": "where your bachelor's is from",
           "degree_ects": "the bachelor's credits"}
WORDS = {"yes": "Yes", "no": "No", "not_stated": "The sources don't say",
         "cant_tell": "Can't tell"}
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
    if set(found.fields) == {"english_test"} and found.fields["english_test"] in TESTS:
        found = Stated()  # "what is the minimum IELTS?" names a test, states no result
    if found.fields:
        remember(turn, found.fields)
    plain = normalise(text)
    wants_check = bool(_CHECK_CUES.search(plain))
    requirement = _requirements_named(turn, text) and _polarity(text) is not None
    judged = _JUDGED | (_ORIGIN if requirement or _APPLYING.search(plain) else set())
    said = judged & set(found.fields)
    skipping = requirement and _polarity(text) == "exempt"  # "can I skip the letter?"
    if not (said or (wants_check and found.fields) or found.problems or skipping):
        return None
    asks = bool(_ASK_CUES.search(plain)) or (  # "BSc computer science, leiden?"
        text.rstrip().endswith("?") and not _WH.search(plain))
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


def direct(turn: Turn, named: list[str], said: set[str], problems: list[str],
           short: bool = False, text: str = "") -> Reply:
    """Yes / No / "The sources don't say" per programme, then the rule, source and the rest."""
    kb = turn.engine.knowledge
    try:
        profile = Profile.model_validate(turn.state.stated)
    except ValidationError:  # values from different messages that do not fit together
        profile = Profile.model_validate({k: v for k, v in turn.state.stated.items()
                                          if k not in _JUDGED - said})
    ids = programme_order(kb, [p for p in named if p in kb.eligibility] or list(kb.eligibility))
    blocks = [block(kb.programme(p).short_name if kb.programme(p) else p,  # type: ignore[union-attr]
                    kb.eligibility[p], profile, said, short, text) for p in ids]
    notes = [f"(I left out one value: {problems[0]}.)"] if problems else []
    offer = [] if short else ["Want the full check? I'll use what you have told me."]
    text = "\n\n".join([*(b for b, _ in blocks), *notes, *offer])
    sources = list(dict.fromkeys(s for _, srcs in blocks for s in srcs))
    intent = "language_requirements" if said & _ENGLISH else "entry_requirements"
    turn.state.last_intent = intent
    return Reply(text=text, intent=intent, confidence=1.0,
                 programme=ids[0] if len(ids) == 1 else ids, sources=sources,
                 options=[_CHECK, *verdict_options(turn)[:1]])


def verdict_word(results: list[CriterionResult]) -> str:
    """no > can't tell (the university judges) > sources silent > can't tell (not said) > yes."""
    statuses = {r.status for r in results}
    reasons = {r.unknown for r in results if r.status == "unknown"}
    if "not_met" in statuses:
        return "no"
    if "judgement" in reasons:
        return "cant_tell"
    if "not_stated" in reasons:
        return "not_stated"
    return "cant_tell" if reasons else "yes"


_EXEMPT = re.compile(r"\b(skip|exempt\w*|without|dont need|do not need|dont have to|no need"
                     r"|avoid|not need|not required|waive\w*|dont require)\b")
_NEED = re.compile(r"\b(do i (need|have)|must i|have to|need to|required|necessary|need a)\b")


def _polarity(text: str) -> str | None:
    """ "exempt" for "can I skip / am I exempt from ...", "need" for "do I need ...?"."""
    plain = normalise(text)
    if _EXEMPT.search(plain):
        return "exempt"
    return "need" if _NEED.search(plain) else None


def _applies_word(results: list[CriterionResult], polarity: str) -> str:
    """Yes / No to "can I skip it?" (or "do I need it?"), from whether the rule applies."""
    if any(r.status == "unknown" for r in results):
        return "cant_tell"
    applies = any(r.condition for r in results)
    return "yes" if applies == (polarity == "need") else "no"


def block(name: str, rules: ProgrammeRules, profile: Profile, said: set[str],
          short: bool = False, text: str = "") -> tuple[str, list[str]]:
    """One programme's direct answer, and the sources it rests on; ``short`` leaves out
    "also required" (the check that follows asks for it)."""
    verdict = judge(rules, profile)
    asked = {c.id: set(c.asks(profile)) for c in rules.criteria}
    touched = [r for r in verdict.criteria if asked[r.id] & said]
    polarity = _polarity(text)
    mentioned = {c.id for c in rules.criteria
                 if isinstance(c, RequirementCriterion) and c.named_in(text)}
    if polarity and mentioned:  # "can I skip the motivation letter?": that rule only
        touched = [r for r in verdict.criteria if r.id in mentioned]
        asked = {c.id: {c.id} if c.id in mentioned else set() for c in rules.criteria}
        said = set(mentioned)
    if "degree_ects" in said:  # "my bachelor is 180 ects, enough?": no rule to judge it by
        touched.insert(0, _NO_CREDIT_RULE.model_copy(update={"source": rules.sources()[0]}))
    rest = [] if short else [c for c in rules.criteria if not asked[c.id] & said]
    if not touched:  # "3 ects of maths, leiden?": no criterion there speaks of it
        listed = "; ".join(_short(c) for c in rules.criteria)
        about = " or ".join(dict.fromkeys(_TOPICS[f] for f in sorted(said) if f in _TOPICS))
        return (f"{name}: {WORDS['not_stated']}. My sources state no entry requirement about "
                f"{about or 'that'} for this programme. What they do ask for: {listed}.",
                rules.sources())
    word = _applies_word(touched, polarity) if polarity and mentioned else verdict_word(touched)
    conditions = [r.condition for r in touched
                  if r.condition and word == "yes" and not (polarity and mentioned)]
    head = WORDS[word] + (f", {' and '.join(conditions)}" if conditions else "")
    lines = [f"{name}: {head}. " + " ".join(r.explanation for r in touched)]
    for result in touched:
        if result.id == "degree_ects":
            continue
        lines.append(f"Rule: {result.rule} (source: {result.source})")
        if result.note:
            lines.append(f"Note: {result.note}")
    if rest:
        lines.append("Also required: " + "; ".join(_short(c) for c in rest) + ".")
    return "\n".join(lines), list(dict.fromkeys(r.source for r in touched)) or rules.sources()


def _short(criterion: Any) -> str:
    """A criterion in a few words, for "also required"."""
    if isinstance(criterion, EctsCriterion):
        return f"at least {criterion.min_ects:g} ECTS in {criterion.subject_label}"
    if isinstance(criterion, RequirementCriterion):
        unless = f" (unless {BOOLEAN_WORDS[criterion.unless][0]})" if criterion.unless else ""
        return f"{criterion.title}{unless}"
    return criterion.rule.rstrip(".") if len(criterion.rule) < 60 else criterion.title
