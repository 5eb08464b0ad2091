"""Load a knowledge directory into a validated, cross-checked ``KnowledgeBase``.

Layout (every part but the intents is optional, so a matcher can be measured on
any labelled intent data set):

    programmes.yml  sources.yml  out_of_scope.yml  vocabulary.yml  calibration.yml
    comparisons.yml
    intents/*.yml   facts/*.yml  eligibility/*.yml
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from ie_bot.knowledge.models import (
    Calibration,
    ComparisonsFile,
    EligibilityFile,
    FactsFile,
    Intent,
    IntentsFile,
    KnowledgeBase,
    OutOfScopeFile,
    ProgrammesFile,
    SourcesFile,
    VocabularyFile,
)
from ie_bot.knowledge.yaml_source import KnowledgeProblems, Problem, YamlDocument

KnowledgeError = KnowledgeProblems


def default_knowledge_dir() -> Path:
    """``IE_BOT_KNOWLEDGE``, else the copy in the installed package, else the checkout's."""
    configured = os.environ.get("IE_BOT_KNOWLEDGE")
    if configured:
        return Path(configured)
    package_dir = Path(__file__).resolve().parent.parent
    bundled = package_dir / "bundled_knowledge"
    if bundled.is_dir():
        return bundled
    return package_dir.parent.parent / "knowledge"


def _yaml_files(directory: Path, problems: list[Problem]) -> list[Path]:
    """The ``*.yml``/``*.yaml`` entries of ``directory``; [] if it does not exist.

    A folder that exists but cannot be listed is a problem, never an empty folder: an
    unreadable ``eligibility/`` must not quietly switch the check off.
    """
    try:
        with os.scandir(directory) as entries:
            names = [e.name for e in entries if e.name.endswith((".yml", ".yaml"))]
    except FileNotFoundError:
        return []
    except OSError as exc:
        problems.append(Problem(f"{directory.name}/", None, "",
                                f"cannot read the folder: {exc.strerror or exc}"))
        return []
    return [directory / name for name in sorted(names)]


def _optional(directory: Path, name: str) -> Path | None:
    """The file if anything is there (even a FIFO or a broken link: reading reports it)."""
    for suffix in (".yml", ".yaml"):
        if os.path.lexists(directory / f"{name}{suffix}"):
            return directory / f"{name}{suffix}"
    return None


class _Collector:
    """Validates many files and keeps going, so one run reports every problem."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def read(self, path: Path, model):  # type: ignore[no-untyped-def]
        try:
            return YamlDocument.read(path).validate(model)
        except KnowledgeProblems as exc:
            self.problems.extend(exc.problems)
            return None


def load_knowledge(directory: Path | str | None = None) -> KnowledgeBase:
    """Load and cross-check a knowledge directory; raise ``KnowledgeError`` listing all problems."""
    root = Path(directory) if directory is not None else default_knowledge_dir()
    if not root.is_dir():
        raise KnowledgeProblems([Problem(str(root), None, "", "knowledge directory not found")])
    collect = _Collector()
    intent_files = _yaml_files(root / "intents", collect.problems)
    if single := _optional(root, "intents"):
        intent_files.insert(0, single)
    if not intent_files:
        collect.problems.append(Problem(str(root), None, "", "no intents (intents/*.yml)"))

    intents, intent_files_by_id = [], {}
    for path in intent_files:
        if intents_file := collect.read(path, IntentsFile):
            intents += intents_file.intents
            intent_files_by_id.update({i.id: path.name for i in intents_file.intents})
    programmes_path = _optional(root, "programmes")
    programmes = collect.read(programmes_path, ProgrammesFile) if programmes_path else None
    sources_path = _optional(root, "sources")
    sources = collect.read(sources_path, SourcesFile) if sources_path else None
    oos_path = _optional(root, "out_of_scope")
    out_of_scope = collect.read(oos_path, OutOfScopeFile) if oos_path else None
    vocabulary_path = _optional(root, "vocabulary")
    vocabulary = collect.read(vocabulary_path, VocabularyFile) if vocabulary_path else None
    calibration_path = _optional(root, "calibration")
    calibration = collect.read(calibration_path, Calibration) if calibration_path else None
    comparisons_path = _optional(root, "comparisons")
    comparisons = collect.read(comparisons_path, ComparisonsFile) if comparisons_path else None

    facts: dict[str, list] = {}
    fact_files: dict[str, str] = {}
    for path in _yaml_files(root / "facts", collect.problems):
        if facts_file := collect.read(path, FactsFile):
            key = facts_file.programme or ""
            facts.setdefault(key, []).extend(facts_file.facts)
            fact_files.setdefault(key, path.name)
    eligibility, rules_files = {}, {}
    for path in _yaml_files(root / "eligibility", collect.problems):
        if rules_file := collect.read(path, EligibilityFile):
            programme = rules_file.rules.programme
            if programme in eligibility:
                collect.problems.append(Problem(
                    path.name, None, "rules.programme",
                    f"{programme!r} already has rules in {rules_files[programme]}"))
            eligibility[programme] = rules_file.rules
            rules_files.setdefault(programme, path.name)

    if collect.problems:
        raise KnowledgeProblems(collect.problems)
    kb = KnowledgeBase(
        programmes=programmes.programmes if programmes else [],
        sources=sources.sources if sources else [],
        intents=intents,
        facts=facts,
        out_of_scope=out_of_scope or OutOfScopeFile(version=1),
        eligibility=eligibility,
        vocabulary=vocabulary or VocabularyFile(version=1),
        calibration=calibration,
        comparisons=comparisons.comparisons if comparisons else [],
    )
    problems = cross_check(kb, fact_files, intent_files_by_id)
    if problems:
        raise KnowledgeProblems(problems)
    return kb


def _duplicates(ids: list[str]) -> list[str]:
    return [i for i, n in Counter(ids).items() if n > 1]


def cross_check(kb: KnowledgeBase, fact_files: dict[str, str] | None = None,
                intent_files: dict[str, str] | None = None) -> list[Problem]:
    """References between files: duplicate ids and ids that point at nothing."""
    fact_files = fact_files or {}
    intent_files = intent_files or {}

    def intent_file(intent_id: str) -> str:
        return f"intents/{intent_files[intent_id]}" if intent_id in intent_files else "intents"

    problems = [
        Problem(intent_file(d), None, f"intents.{d}", "duplicate intent id")
        for d in _duplicates([i.id for i in kb.intents])
    ]
    problems += [
        Problem("programmes.yml", None, f"programmes.{d}", "duplicate programme id")
        for d in _duplicates([p.id for p in kb.programmes])
    ]
    programme_ids = {p.id for p in kb.programmes}
    source_files = {s.file for s in kb.sources}
    known_fact_ids = {f.id for facts in kb.facts.values() for f in facts}
    intent_ids = {i.id for i in kb.intents}
    for key, facts in kb.facts.items():
        where = fact_files.get(key, "facts")
        if key and key not in programme_ids:
            problems.append(Problem(where, None, "programme", f"unknown programme {key!r}"))
        problems += [
            Problem(where, None, f"facts.{d}", "duplicate fact id")
            for d in _duplicates([f.id for f in facts])
        ]
        if kb.sources:
            problems += [
                Problem(where, None, f"facts.{f.id}.source", f"unknown source {f.source!r}")
                for f in facts
                if f.source not in source_files
            ]
    for intent in kb.intents:
        problems += [
            Problem(intent_file(intent.id), None, f"{intent.id}.follow_ups",
                    f"unknown intent {ref!r}")
            for ref in intent.follow_ups
            if ref not in intent_ids
        ]
        if intent.with_programme and intent.with_programme not in intent_ids:
            problems.append(Problem(intent_file(intent.id), None, f"{intent.id}.with_programme",
                                    f"unknown intent {intent.with_programme!r}"))
        problems += [
            Problem(intent_file(intent.id), None, f"{intent.id}.facts",
                    f"no fact with id {ref!r}")
            for ref in intent.facts
            if ref not in known_fact_ids
        ]
        problems += _aspect_problems(intent, intent_file(intent.id), known_fact_ids, intent_ids)
    for comparison in kb.comparisons:
        where = f"comparisons.{comparison.id}"
        problems += [Problem("comparisons.yml", None, f"{where}.programmes",
                             f"unknown programme {ref!r}")
                     for ref in comparison.programmes if ref not in programme_ids]
        problems += [Problem("comparisons.yml", None, f"{where}.facts", f"no fact with id {ref!r}")
                     for ref in comparison.facts if ref not in known_fact_ids]
    problems += [
        Problem("eligibility", None, "rules.programme", f"unknown programme {pid!r}")
        for pid in kb.eligibility
        if pid not in programme_ids
    ]
    if kb.sources:
        problems += [
            Problem(f"eligibility/{pid}.yml", None, "source", f"unknown source {source!r}")
            for pid, rules in kb.eligibility.items()
            for source in rules.sources()
            if source not in source_files
        ]
    return problems


def _aspect_problems(intent: Intent, where: str, fact_ids: set[str],
                     intent_ids: set[str]) -> list[Problem]:
    """Aspects point at facts like intents do; ``confused_with`` at another intent."""
    problems = [Problem(where, None, f"{intent.id}.aspects.{d}", "duplicate aspect id")
                for d in _duplicates([a.id for a in intent.aspects])]
    for aspect in intent.aspects:
        problems += [
            Problem(where, None, f"{intent.id}/{aspect.id}.{field}", f"no fact with id {ref!r}")
            for field in ("facts", "nearby")
            for ref in getattr(aspect, field)
            if ref not in fact_ids
        ]
    if intent.confused_with and intent.confused_with not in intent_ids:
        problems.append(Problem(where, None, f"{intent.id}.confused_with",
                                f"unknown intent {intent.confused_with!r}"))
    return problems
