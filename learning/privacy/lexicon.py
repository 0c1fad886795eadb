"""Deduce and its lookup lists, loaded once per process from a cache in the instance folder.

Building deduce's lookup structures takes minutes on a busy machine; loading them from
deduce's own pickle cache takes seconds. The cache lives under the Flask instance folder (not
in site-packages, which may be read-only and is shared by every checkout), and a file lock
keeps two workers from writing it at the same time.
"""

from __future__ import annotations

import fcntl
import gc
import hashlib
import logging
import os
import pickle
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from learning.privacy.dutch import DutchWords, build_dutch_words
from learning.privacy.namelike import NameLikeness, train

logger = logging.getLogger(__name__)

# The word sets are derived by this code from deduce's lists; a change to either rebuilds them.
_LEXICON_SOURCES = ("lexicon.py", "dutch.py", "vocabulary.py", "namelike.py", "everyday.py")
_LEXICON_FILE = "lexicon.pickle"
_LOCK_FILE = ".lock"
_NAME_LISTS = (
    "names/lst_first_name",
    "names/lst_surname",
    "names/lst_interfix_surname",
    "names/lst_interfix",
    "names/lst_prefix",
    "whitelist/lst_common_word",
    "whitelist/lst_stop_word",
    "whitelist/lst_medical_term",
    "locations/lst_placename",
)


# Letters that Unicode does not decompose into a base letter plus an accent.
_UNDECOMPOSED = str.maketrans({"ł": "l", "ı": "i", "ø": "o", "đ": "d", "ð": "d", "ħ": "h"})


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case without accents, so "doğan" and "zieliński" meet the lists' "dogan"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().translate(_UNDECOMPOSED))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _keys(items: Iterable[str]) -> frozenset[str]:
    return frozenset(key for item in items for key in {item.casefold(), fold(item)})


@dataclass(frozen=True)
class Lexicon:
    """Deduce's name and word lists, lower-cased, for detecting names typed in lower case."""

    first_names: frozenset[str]
    surnames: frozenset[str]
    particles: frozenset[str]
    places: frozenset[str]
    dutch: DutchWords
    name_likeness: NameLikeness


@dataclass
class LoadTimes:
    """Seconds spent loading, and whether the cache was used (for the benchmark)."""

    engine: float = 0.0
    lexicon: float = 0.0
    engine_from_cache: bool = False
    lexicon_from_cache: bool = False


_lock = threading.Lock()
_engine: Any = None
_lexicon: Lexicon | None = None
_load_failed = False
load_times = LoadTimes()


def cache_dir() -> Path:
    """Where the built lookup structures are kept: config, else the instance folder.

    Inside an app context `PRIVACY_CACHE_DIR` or `<instance>/privacy-cache`; outside one
    (the CLI without app, the warm-up thread, benchmarks) the environment variable of the
    same name or the project's instance folder.
    """
    try:
        from flask import current_app, has_app_context
    except ImportError:  # pragma: no cover - Flask is a runtime dependency
        has_app_context = None
    if has_app_context is not None and has_app_context():
        configured = current_app.config.get("PRIVACY_CACHE_DIR")
        return Path(configured) if configured else Path(current_app.instance_path) / "privacy-cache"
    if configured := os.environ.get("PRIVACY_CACHE_DIR"):
        return Path(configured)
    from learning.config import INSTANCE_DIR

    return INSTANCE_DIR / "privacy-cache"


StepListener = Callable[[str], None]
_step_listener: StepListener | None = None


def warm_up(on_step: StepListener | None = None) -> None:
    """Load deduce and the word lists now instead of on the first scan.

    `on_step` hears which part of the lookup structures is being built (first run only), so
    a command line can show progress during the build.
    """
    global _step_listener
    _step_listener = on_step
    try:
        get_engine()
    finally:
        _step_listener = None


def _step(detail: str) -> None:
    if _step_listener is not None:
        _step_listener(detail)


def get_engine() -> Any:
    """The process-wide deduce instance, created once under a lock; None if it cannot load.

    Deduce's processors keep no per-document state, so one instance serves all threads.
    """
    global _engine, _lexicon, _load_failed
    if _engine is not None or _load_failed:
        return _engine
    with _lock:
        if _engine is None and not _load_failed:
            try:
                _engine, _lexicon = _load(cache_dir())
            except Exception:
                logger.exception("deduce unavailable; names/addresses only by pattern")
                _load_failed = True
    return _engine


def get_lexicon() -> Lexicon | None:
    """The word lists that come with the engine; None when deduce could not load."""
    get_engine()
    return _lexicon


def _load(directory: Path) -> tuple[Any, Lexicon]:
    deduce = _import_deduce()
    directory.mkdir(parents=True, exist_ok=True)
    # Unpickling or building deduce's tries creates millions of objects; the cyclic garbage
    # collector would walk them all again and again (3-4x slower), and after loading they
    # live as long as the process, so they are frozen out of every later collection.
    gc.disable()
    try:
        with _file_lock(directory / _LOCK_FILE):
            engine = _load_engine(deduce, directory)
            lexicon = _load_lexicon(deduce, directory)
        engine.deidentify("Mevrouw J. de Vries, Kerkstraat 1, geb. 1-2-1970.")
    finally:
        gc.enable()
    gc.freeze()
    return engine, lexicon


def _import_deduce() -> Any:
    """Import deduce without its logging.basicConfig(stream=sys.stdout, level=DEBUG).

    That call would write every library's debug lines to stdout (and into the CLI's JSON), and
    every log line of another thread twice while it lasted. A placeholder handler on the root
    makes basicConfig a no-op, so there is no such moment at all.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    placeholder = logging.NullHandler()
    if not handlers:
        root.addHandler(placeholder)
    try:
        import deduce
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
    return deduce


def _load_engine(deduce: Any, directory: Path) -> Any:
    """Deduce with its lookup structures in `directory`/cache, built there on first use."""
    started = time.perf_counter()
    cache_file = directory / "cache" / "lookup_structs.pickle"
    load_times.engine_from_cache = cache_file.exists()
    _step("uit de cache laden" if load_times.engine_from_cache else "lijsten inlezen")
    with _fast_build(deduce):
        try:
            engine = deduce.Deduce(cache_path=directory)
        except (pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            logger.warning("Privacy cache %s unreadable; rebuilding it", cache_file)
            load_times.engine_from_cache = False
            engine = deduce.Deduce(cache_path=directory, build_lookup_structs=True)
    load_times.engine = time.perf_counter() - started
    return engine


# Dutch names of deduce's lookup structures, for the progress line of a first build.
_STRUCTURE_NAMES = {
    "first_name": "voornamen",
    "surname": "achternamen",
    "street": "straatnamen",
    "placename": "plaatsnamen",
    "hospital": "ziekenhuizen",
    "healthcare_institution": "zorginstellingen",
    "eponymous_disease": "ziektenamen",
}


def fast_str_variations(text: str, replacements: dict[str, list[str]]) -> list[str]:
    """deduce.utils.str_variations, with the same result, about three times faster.

    Deduce tries every pattern of a transform on every list item (a million items, hundreds
    of patterns): most of its first build. Here one compiled alternation of all patterns
    first asks whether any of them occurs at all; only the few items where one does take
    deduce's own path. An alternation matches wherever any alternative does, so no item
    is skipped that deduce would have varied (tests compare both on deduce's lists).
    """
    cached = _alternations.get(id(replacements))
    if cached is None or cached[0] is not replacements:
        pattern = re.compile("|".join(f"(?:{key})" for key in replacements))
        cached = _alternations[id(replacements)] = (replacements, pattern)
    if cached[1].search(text) is None:
        return [text]
    return _deduce_str_variations(text, replacements)


_alternations: dict[int, tuple[dict[str, list[str]], re.Pattern[str]]] = {}


def _deduce_str_variations(text: str, replacements: dict[str, list[str]]) -> list[str]:
    from deduce import utils

    original = utils.str_variations
    if original is fast_str_variations:
        original = _patched_away[0]
    return original(text, replacements)


_patched_away: list[Callable[[str, dict[str, list[str]]], list[str]]] = []


def token_texts(tokenizer: Any, text: str) -> list[str]:
    """`[t.text for t in tokenizer.tokenize(text)]` for deduce's tokenizer, without building
    Token objects and a linked TokenList per list item (most of the cost of deduce's tries).
    Merge terms ("van der") are joined as deduce joins them."""
    matches = list(tokenizer._pattern.finditer(text))
    words = [match.group(0) for match in matches]
    trie, starts = tokenizer._trie, tokenizer._start_words
    if trie is None or starts.isdisjoint(words):
        return words
    merged: list[str] = []
    i = 0
    while i < len(words):
        prefix = trie.longest_matching_prefix(words, start_i=i) if words[i] in starts else None
        if prefix is None:
            merged.append(words[i])
            i += 1
        else:
            merged.append(text[matches[i].start() : matches[i + len(prefix) - 1].end()])
            i += len(prefix)
    return merged


def fast_lookup_set_to_trie(lookup_set: Any, tokenizer: Any) -> Any:
    """deduce.utils.lookup_set_to_trie with `token_texts` (the same trie)."""
    import docdeid

    trie = docdeid.ds.LookupTrie(matching_pipeline=lookup_set.matching_pipeline)
    for item in lookup_set.items():
        trie.add_item(token_texts(tokenizer, item))
    return trie


@contextmanager
def _fast_build(deduce: Any) -> Iterator[None]:
    """While deduce builds: the faster variations and tries, and a progress step per
    structure. Only the first build runs these; loading the cache does not."""
    from deduce import lookup_struct_loader, lookup_structs, utils

    original = utils.str_variations
    if original is fast_str_variations:  # already inside a build: leave it as it is
        yield
        return
    _patched_away[:] = [original]
    loaders = dict(lookup_structs._LOOKUP_TRIE_LOADERS)

    def announce(name: str, loader: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            _step(_STRUCTURE_NAMES.get(name, name))
            return loader(*args, **kwargs)

        return wrapped

    original_to_trie = lookup_struct_loader.lookup_set_to_trie
    utils.str_variations = fast_str_variations
    lookup_struct_loader.lookup_set_to_trie = fast_lookup_set_to_trie
    lookup_structs._LOOKUP_TRIE_LOADERS.update(
        {name: announce(name, loader) for name, loader in loaders.items()}
    )
    try:
        yield
    finally:
        utils.str_variations = original
        lookup_struct_loader.lookup_set_to_trie = original_to_trie
        lookup_structs._LOOKUP_TRIE_LOADERS.update(loaders)
        _alternations.clear()


def _load_lexicon(deduce: Any, directory: Path) -> Lexicon:
    """The lower-cased name and word sets, from our own small pickle next to deduce's."""
    started = time.perf_counter()
    path = directory / _LEXICON_FILE
    key = (_source_digest(), deduce.__version__)
    lexicon = _read_pickle(path, key)
    load_times.lexicon_from_cache = lexicon is not None
    if lexicon is None:
        _step("woordenlijsten")
        with _fast_build(deduce):
            lexicon = _build_lexicon(deduce)
        _write_pickle(path, key, lexicon)
    load_times.lexicon = time.perf_counter() - started
    return lexicon


def _source_digest() -> str:
    digest = hashlib.sha256()
    for name in _LEXICON_SOURCES:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


def _build_lexicon(deduce: Any) -> Lexicon:
    from deduce.lookup_structs import load_raw_itemsets

    base = Path(deduce.__file__).parent / "data" / "lookup"
    raw = load_raw_itemsets(base_path=base, subdirs=list(_NAME_LISTS))
    lower = {name: _keys(items) for name, items in raw.items()}
    dutch = build_dutch_words(
        common=raw["common_word"], stop=raw["stop_word"], medical=raw["medical_term"]
    )
    particles = frozenset(
        word for phrase in lower["interfix"] for word in phrase.split() if word.isalpha()
    )
    first_names = lower["first_name"]
    return Lexicon(
        first_names=first_names,
        surnames=lower["surname"] | lower["interfix_surname"],
        particles=particles,
        places=lower["placename"],
        dutch=dutch,
        # First names only: deduce's surnames are mostly Dutch words ("Bakker", "Visser").
        name_likeness=train(first_names - dutch.everyday, dutch.words),
    )


def _read_pickle(path: Path, key: tuple[object, ...]) -> Lexicon | None:
    try:
        with path.open("rb") as file:
            stored_key, value = pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError):
        return None
    return value if stored_key == key else None


def _write_pickle(path: Path, key: tuple[object, ...], value: Lexicon) -> None:
    """Write to a temporary file and rename, so a reader never sees half a file."""
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as file:
            pickle.dump((key, value), file, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(path)
    except OSError:
        logger.warning("Could not write the privacy word cache to %s", path)
        temporary.unlink(missing_ok=True)


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """One process builds the cache while the others wait and then read it."""
    try:
        handle = path.open("a")
    except OSError:
        yield  # a read-only instance folder: load without the lock
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
