"""Property-based tests (hypothesis): any text, any state sequence, any profile document.

Bounded for CI: a fixed number of examples per property, derandomized (a fixed seed), no
deadline (the machine is shared), no example database. Together they run in well under 30 s.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ie_bot.engine import ConversationState, Engine
from ie_bot.engine.types import PAYLOAD_PREFIX
from ie_bot.knowledge import KnowledgeBase
from ie_bot.knowledge.files import YamlSyntaxError, parse_json, parse_yaml
from ie_bot.question_log import LogEntry
from ie_bot.service import Advisor
from ie_bot.storage import SqliteStore
from tests.conftest import KNOWLEDGE_DIR, TODAY

BOUNDED = settings(max_examples=100, derandomize=True, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow,
                                          HealthCheck.function_scoped_fixture])

#: Any code point, surrogates included (a Telegram update can carry "\ud83d").
ANY_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=80)
WORDS = st.sampled_from(["tuition", "ntnu", "leiden", "deadline", "eligible", "yes", "no",
                         "6.5", "ielts", "bachelor", "2", "1", "²", "/start", "/cancel",
                         "back", "skip", "a", "the", "?", "", " ", f"{PAYLOAD_PREFIX}none",
                         f"{PAYLOAD_PREFIX}e:degree:bachelor", f"{PAYLOAD_PREFIX}i:tuition_fee",
                         "am i eligible", "what about ntnu", "\ud83d", "\x00"])
MESSAGE = st.one_of(ANY_TEXT, st.lists(WORDS, min_size=1, max_size=5).map(" ".join))


@pytest.fixture(scope="module")
def advisor(knowledge: KnowledgeBase) -> Advisor:
    return Advisor(knowledge, SqliteStore(":memory:"), today=lambda: TODAY)


@BOUNDED
@given(messages=st.lists(MESSAGE, min_size=1, max_size=8))
def test_the_engine_answers_any_conversation(engine: Engine, messages: list[str]) -> None:
    state = ConversationState()
    for message in messages:
        reply, state = engine.reply(message, state, TODAY)
        assert reply.text
        assert all(len(o.payload.encode()) <= 64 for o in reply.options)


@BOUNDED
@given(key=ANY_TEXT, messages=st.lists(MESSAGE, min_size=1, max_size=6))
def test_every_turn_is_stored_whatever_was_typed(advisor: Advisor, key: str,
                                                 messages: list[str]) -> None:
    before = advisor.state(key).turns
    for message in messages:
        reply = advisor.handle(key, message)
        assert reply.intent not in {"storage_error", "busy"}, reply.text
    assert advisor.state(key).turns == before + len(messages)


@BOUNDED
@given(key=ANY_TEXT, text=ANY_TEXT, turns=st.integers(0, 10_000))
def test_the_store_keeps_any_text(key: str, text: str, turns: int) -> None:
    store = SqliteStore(":memory:")
    entry = LogEntry(kind="question", text=text[:500], normalised=text.lower()[:500])
    state = ConversationState(last_intent=text or None, turns=turns)
    assert store.commit_turn(key, 0, state, entry)
    loaded = store.load_versioned(key)
    assert loaded.version == 1 and loaded.state.turns == turns
    assert not store.commit_turn(key, 0, state, entry)  # the version moved on
    assert store.stats().questions == 1
    store.close()


PROFILE_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
              ANY_TEXT.filter(lambda s: not any(0xD800 <= ord(c) <= 0xDFFF for c in s))),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=12), children, max_size=4)),
    max_leaves=20)
PROFILE = st.dictionaries(
    st.sampled_from(["programmes", "degree", "degree_field", "math_stats_ects", "english_test",
                     "english_score", "english_lowest_section", "nordic_university",
                     "eu_eea_citizen", "colour"]), PROFILE_VALUES, max_size=6)


@BOUNDED
@given(profile=PROFILE, as_json=st.booleans())
def test_any_profile_document_is_read_or_refused_in_words(
        tmp_path: Path, profile: dict[str, object], as_json: bool) -> None:
    from ie_bot.cli.common import CommandError
    from ie_bot.cli.eligibility_cmd import read_profile

    path = tmp_path / ("p.json" if as_json else "p.yml")
    text = json.dumps(profile) if as_json else yaml.safe_dump(profile, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    try:
        read_profile(path)
    except CommandError as exc:
        assert str(exc) and "\n" not in str(exc)


@BOUNDED
@given(text=ANY_TEXT.filter(lambda s: not any(0xD800 <= ord(c) <= 0xDFFF for c in s)))
def test_any_text_parses_or_is_a_syntax_error(text: str) -> None:
    for parse in (lambda t: parse_yaml(t)[0], parse_json):
        with contextlib.suppress(YamlSyntaxError, ValueError):  # anything else fails
            parse(text)


def test_the_knowledge_dir_exists() -> None:
    assert (KNOWLEDGE_DIR / "programmes.yml").is_file()
