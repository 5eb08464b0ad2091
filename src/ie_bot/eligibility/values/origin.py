"""Citizenship (EU/EEA/EFTA or not) and whether the bachelor's is from a Nordic university.

As answers "yes" and "no" are enough. Said in passing, citizenship needs a cue ("EU
citizen", "non-EU", "I'm from India", "German passport") and a Nordic bachelor's needs
studies in a place ("my bachelor is from a Swedish university", "I studied in Norway"),
so that "can I study in Norway?" says nothing about the student.
"""

from __future__ import annotations

import re

from ie_bot.eligibility.values.base import Answer, Parsed, clauses, joined
from ie_bot.eligibility.values.countries import EU_EEA_EFTA, NORDIC, NORDIC_UNIVERSITIES, OTHER
from ie_bot.eligibility.words import contains_phrase, is_negated, yes_no
from ie_bot.nlu.normalise import normalise

_NORDIC_ANSWER = ("nordic", "norway", "sweden", "denmark", "finland", "iceland", "scandinavia",
                  "scandinavian", "norwegian", "swedish", "danish", "icelandic")
_EUROPEAN = ("eu", "eea", "efta", "european")
_PERSONAL = re.compile(r"\b(i|im|me|my|mine)\b")
_GENERAL = re.compile(r"\b(students|citizens|applicants|people|nationals|anyone|someone)\b")
_NEGATED_EU = re.compile(r"\b(non|not an?|not|outside( of)?( the)?|no) ?(eu|eea|efta|european)\b")
_EU_CITIZEN = re.compile(r"\b(eu|eea|efta|european)( eea| efta| union)*"
                         r" (citizen|citizens|citizenship|national|passport|student|applicant)\b"
                         r"|\b(from|in) the (eu|eea)\b")
_PERSON = re.compile(r"\b(im|i am|i m|we are|as an?|being)( an?)? (\w+)( citizen| national"
                     r"| student| applicant| passport)?\b")
_OF_COUNTRY = re.compile(r"\b(im from|i am from|i come from|coming from|originally from"
                         r"|citizen of|citizenship of|nationality|passport from|national of)"
                         r" (the )?(\w+)")
_HOLDING = re.compile(r"\b(\w+) (citizen|citizenship|national|nationality|passport)\b")
_STUDY_CUE = re.compile(r"\b(studied|graduated|bachelors?|bsc|ba|beng|degree|undergrad\w*"
                        r"|university|uni)\b")
_FUTURE_CUE = re.compile(r"\b(want|wish|would|like|plan|hope|going|can|could|to|apply|applying"
                         r"|admission|admitted|get|study|master\w*|msc)\b")
_PLACE = re.compile(r"\b(?:in|from|at|of) (?:a |an |the )?(non )?(\w+)"
                    r"|\b(non )?(\w+) (?:university|uni)\b")
_NOT_NORDIC = re.compile(r"\b(not|non|outside( of)?( the)?) ?(from |at |in )?(a |the )?"
                         r"(nordic|scandinavian)\b")


def parse_nordic(text: str) -> Parsed:
    """yes / no, or a Nordic country ("I studied in Sweden"; "not in Norway" is a no)."""
    if any(contains_phrase(text, word) for word in _NORDIC_ANSWER):
        return Answer({"nordic_university": not is_negated(text)})
    answer = yes_no(text)
    return None if answer is None else Answer({"nordic_university": answer})


def parse_citizen(text: str) -> Parsed:
    """yes / no, or "EU citizen" / "non-EU" / "outside the EEA"."""
    if any(w in _EUROPEAN for w in normalise(text).split()):
        return Answer({"eu_eea_citizen": not is_negated(text)})
    answer = yes_no(text)
    return None if answer is None else Answer({"eu_eea_citizen": answer})


def _country_says(word: str) -> bool | None:
    if word in EU_EEA_EFTA:
        return True
    return False if word in OTHER else None


def stated_citizen(text: str) -> Parsed:
    """EU/EEA/EFTA citizenship said in passing, or a nationality on either list; only of
    the student ("do non-EU students need ...?" is a general question)."""
    words = joined(text)
    if _GENERAL.search(words) and not _PERSONAL.search(words):
        return None
    for clause in clauses(text):
        words = joined(clause)
        if _NEGATED_EU.search(words):
            return Answer({"eu_eea_citizen": False})
        if _EU_CITIZEN.search(words):
            return Answer({"eu_eea_citizen": True})
        for pattern, group in ((_OF_COUNTRY, 3), (_HOLDING, 1), (_PERSON, 3)):
            for match in pattern.finditer(words):
                says = _country_says(match.group(group))
                if says is not None:
                    return Answer({"eu_eea_citizen": says})
    return None


def stated_nordic(text: str) -> Parsed:
    """A bachelor's from a Nordic university (or from somewhere else), said in passing."""
    for clause in clauses(text):
        words = joined(clause)
        if _NOT_NORDIC.search(words):
            return Answer({"nordic_university": False})
        named = re.search(r"\b(from|at|in) (the )?(" + "|".join(sorted(NORDIC_UNIVERSITIES))
                          + r")\b", words)
        if named and not _FUTURE_CUE.search(words[:named.start()]):
            return Answer({"nordic_university": True})  # "from DTU in Denmark"
        cue = _STUDY_CUE.search(words)
        if cue is None or _FUTURE_CUE.search(words[:cue.start()]):
            continue  # "I want to study in Norway" says where, not where from
        after = words[cue.start():]
        if _FUTURE_CUE.search(after) and not re.search(r"\b(studied|graduated|did|got|from|at)\b",
                                                       after):
            continue
        if NORDIC & set(after.split()):  # "my bachelor at Aalto University (Finland)"
            return Answer({"nordic_university": not re.search(r"\bnon\b", after)})
        for match in _PLACE.finditer(words, cue.start()):
            negated, place = match.group(1) or match.group(3), match.group(2) or match.group(4)
            if place in NORDIC:
                return Answer({"nordic_university": negated is None})
            if place in EU_EEA_EFTA or place in OTHER:
                return Answer({"nordic_university": False})
    return None
