"""Names next to a word that announces them: a title, a kin word, a case or a naming word.

"mw jansen", "fam. de Vries", "zoon kevin", "casus dewi:", "jongen genaamd Romano", and the
title typed after the surname as in a sorted list: "Kramer fam.", "van Dam (dhr)". These are
the surest cues, so the word after (or before) them needs the least evidence of its own.
"""

from __future__ import annotations

from learning.privacy.vocabulary import (
    ABBREVIATIONS,
    ADDRESS_WORDS,
    CALENDAR_WORDS,
    CASE_WORDS,
    FUNCTION_WORDS,
    KIN_WORDS,
    NAME_PARTICLES,
    NAMING_WORDS,
    ORGANISATION_TAILS,
    RESIDENT_WORDS,
    ROLE_WORDS,
)
from learning.privacy.words import Reader, Token

# Words that say a person was just mentioned, before "heet"/"genaamd".
_PERSON_WORDS = (
    ROLE_WORDS | KIN_WORDS | ADDRESS_WORDS | frozenset({"hij", "zij", "ze", "client", "jongen"})
)
# Titles typed after a surname, as in a list: "Kramer fam.", "Kuijpers jr".
_TITLES_AFTER = (ADDRESS_WORDS - {"heer"}) | frozenset({"jr", "sr", "junior", "senior"})
_HOUSEHOLDS = frozenset({"gezin", "familie", "echtpaar"})
# Residents and professionals by their role: "bewoner de Groot", "bewindvoerder kuipers".
# Words for groups ("ouders", "jongeren") are no cue for one name.
_CUE_ROLES = RESIDENT_WORDS | frozenset(
    w for w in ROLE_WORDS if not w.endswith(("en", "ers", "s")) or w in RESIDENT_WORDS
)
# What may follow a surname that is also a word: "mw. bos, 67,", "dhr. vos en zijn zoon".
_CLOSING = frozenset({",", ".", "(", ")", ":", ";"})
_AFTER_SURNAME = frozenset({"en", "uit", "zijn", "haar", "zn", "z'n"})


def _skip_dot(reader: Reader, i: int) -> int:
    tokens = reader.tokens
    return i + 1 if i < len(tokens) and tokens[i].text in {".", ":"} else i


def after_address_word(reader: Reader, i: int) -> tuple[int, int] | None:
    """ "mw jansen", "dhr. v.d. Berg", "fam. al-Jubouri", "de heer Van den Heuvel"."""
    token = reader.tokens[i]
    if token.kind != "word" or token.key not in ADDRESS_WORDS:
        return None
    if token.key == "heer" and (i == 0 or reader.tokens[i - 1].key != "de"):
        return None
    j = _skip_dot(reader, i + 1)
    first = j
    while (
        j < len(reader.tokens)
        and reader.tokens[j].kind == "initials"
        and not abbreviation(reader.tokens[j])
    ):
        j += 1
    while reader.particle(j) and reader.word(j + 1) is not None:
        j += 1
    name = reader.word(j)
    if name is None:
        return None
    if not (reader.after_title(name, after_particle=j > first) or _surname_before_verb(reader, j)):
        return None
    return reader.grow(first, j)


def before_address_word(reader: Reader, i: int) -> tuple[int, int] | None:
    """The title after the name, as in a list sorted by surname: "Kramer fam.", "amrani mw",
    "van Dam (dhr) 67", "Wijaya (oude meneer, indisch)", "Kuijpers jr"."""
    if i > 0 and reader.tokens[i - 1].text == "(":
        return None  # "(oude meneer)": the words in brackets describe the name before them
    j = i
    while reader.particle(j, inside=True) and j - i < 3:
        j += 1
    name = reader.word(j)
    if name is None or not _named_before_title(reader, name, after_particle=j > i):
        return None
    last = j
    following = reader.word(j + 1)
    if following is not None and not following.capitalised and _continues_before_title(reader, j):
        last = j + 1  # "nguyen thi mw", "el ouahabi gezin"
    title = _title_after(reader, last + 1)
    if title is None:
        return None
    if title in _HOUSEHOLDS and j == last and reader.dutch(name):
        return None  # "groot gezin", "arm gezin": an adjective, no surname
    return i, last


def _named_before_title(reader: Reader, name: Token, after_particle: bool) -> bool:
    key = name.key
    if reader.excluded(name) or key in reader.lexicon.dutch.verbs or len(key) < 2:
        return False
    if name.lower and reader.known(name) and not after_particle:
        return False  # "bel mw jansen": a verb, not a surname
    if reader.listed(name) or after_particle:
        return True
    return reader.foreign(name) or (name.capitalised and not reader.dutch(name))


def _continues_before_title(reader: Reader, j: int) -> bool:
    following = reader.word(j + 1)
    return following is not None and _named_before_title(reader, following, after_particle=False)


def _title_after(reader: Reader, j: int) -> str | None:
    """A title right after, or in brackets with at most two words before it."""
    tokens = reader.tokens
    if j >= len(tokens):
        return None
    if tokens[j].kind == "word":
        return tokens[j].key if tokens[j].key in _TITLES_AFTER else None
    if tokens[j].text != "(":
        return None
    for k in range(j + 1, min(j + 6, len(tokens))):
        if tokens[k].text == ")":
            return None
        if tokens[k].kind == "word" and tokens[k].key in _TITLES_AFTER:
            return tokens[k].key
    return None


def _surname_before_verb(reader: Reader, j: int) -> bool:
    """ "dhr vos is doof", "mevr. bos (67)": a surname that is also a word, then a verb,
    an age, a comma or "en haar man"; not an adverb ("mevrouw net gebeld").
    """
    name = reader.tokens[j]
    dutch = reader.lexicon.dutch
    if name.key in dutch.stop or name.key in dutch.verbs or name.key in FUNCTION_WORDS:
        return False
    if reader.excluded(name) or not reader.surname(name):
        return False
    if j + 1 >= len(reader.tokens):
        return True
    following = reader.tokens[j + 1]
    if following.kind == "punct":
        return following.text in _CLOSING
    if following.key in dutch.verbs and not following.key.startswith("ge"):
        return True  # a finite verb; not "mevrouw geld gegeven"
    return following.key in _AFTER_SURNAME


def after_cue_word(reader: Reader, i: int) -> tuple[int, int] | None:
    """ "zoon kevin", "vader (piet)", "casus dewi:", "jongen genaamd Romano"."""
    token = reader.tokens[i]
    if token.kind != "word":
        return None
    key = token.key
    if key in NAMING_WORDS:
        earlier = reader.tokens[max(0, i - 4) : i]
        if not any(t.key in _PERSON_WORDS for t in earlier) and key not in {"naam", "betreft"}:
            return None
    elif key not in KIN_WORDS and key not in CASE_WORDS and key not in _CUE_ROLES:
        return None
    j = i + 1
    while j < len(reader.tokens) and reader.tokens[j].text in {"(", ":", '"', "'", "."}:
        j += 1
    first = j
    # "casus van Dam" and "bewoner de Groot" are names; "dochter van Anne" is whose daughter.
    role = key in _CUE_ROLES and key not in RESIDENT_WORDS and key not in KIN_WORDS
    while (
        reader.particle(j, inside=True)
        and reader.word(j + 1)
        and (key in CASE_WORDS or reader.tokens[j].key != "van" or role)
        # "begeleider de Graaf", "huisarts van Dam": after a role only before a capital
        and (not role or reader.tokens[j + 1].capitalised or reader.particle(j + 1))
    ):
        j += 1
    name = reader.word(j)
    if name is None or reader.blocked_token(name):
        return None
    # "ombudsman van Oss" is the town's; "begeleider de Graaf" a person.
    from_place = j - first == 1 and reader.tokens[first].key == "van" and reader.place(name)
    if role and (from_place or not _named_after_role(reader, name, after_particle=j > first)):
        return None
    following = reader.word(j + 1)
    if role and following is not None and following.key in ORGANISATION_TAILS:
        return None  # "de directeur van de Kessler Stichting"
    if j > first or key in CASE_WORDS:
        # "vervolg casus van Dam:", "casus popescu:": as sure as a title.
        if not reader.after_title(name, after_particle=j > first):
            return None
    elif not (reader.after_cue(name) or (key in KIN_WORDS and _kin_name(reader, j))):
        return None
    return reader.grow(first, j)


def _kin_name(reader: Reader, j: int) -> bool:
    """ "zoon storm is weggelopen", "dochter mei (7)": after a kin word a listed first name
    that is also a word, when a verb, bracket or comma follows it, as after a name."""
    name = reader.tokens[j]
    key = name.key
    dutch = reader.lexicon.dutch
    # A month typed short is a first name here too: "zoon jun", "dochter mei (7)".
    month = key in CALENDAR_WORDS and len(key) == 3 and not reader.blocked_token(name)
    if not reader.first_name(name) or (reader.excluded(name) and not month):
        return False
    if reader.verbish(name):
        return False
    if key in dutch.stop or key in FUNCTION_WORDS or key in KIN_WORDS or key in RESIDENT_WORDS:
        return False
    following = reader.tokens[j + 1] if j + 1 < len(reader.tokens) else None
    if following is None:
        return True
    if following.kind == "punct":
        # "moeder jan. 2024 overleden": a month with its full stop is a date
        return following.text in {"(", ",", ")", ":"} or (following.text == "." and not month)
    return following.kind == "word" and following.key in dutch.verbs


def _named_after_role(reader: Reader, name: Token, *, after_particle: bool = False) -> bool:
    """After a professional's role only a listed name or a capitalised unknown word:
    "bewindvoerder kuipers", "wijkagent Smit"; not "corporatie verwijst"."""
    if reader.excluded(name) or reader.verbish(name):
        return False
    if after_particle:
        return name.capitalised and reader.listed(name)
    if reader.listed(name):
        # "werkgever (kleine bakkerij)": a surname that is also an inflected word
        return not reader.known(name) and (name.capitalised or not reader.dutch(name))
    return name.capitalised and reader.foreign(name)


def abbreviation(token: Token) -> bool:
    return token.key in ABBREVIATIONS or token.key in NAME_PARTICLES
