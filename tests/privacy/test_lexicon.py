"""The process-wide deduce instance and word lists: loaded once, cached, shared, quiet."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask

from learning.privacy import scan, warm_up
from learning.privacy.lexicon import cache_dir, get_engine, get_lexicon

TEXTS = [
    "Mevrouw Jansen (geb. 12-03-1961) woont op Kerkstraat 12 in Tilburg.",
    "Gesprek met Jan de Vries, tel. 06-12345678, over de Wmo-aanvraag in Oss.",
    "De gemeente Oosterhout en het UWV verwijzen naar elkaar.",
]
ROOT = Path(__file__).resolve().parents[2]


def test_warm_up_keeps_the_engine_it_loaded() -> None:
    engine = get_engine()
    warm_up()
    assert engine is not None
    assert get_engine() is engine
    assert get_lexicon() is not None


def test_concurrent_scans_give_the_same_findings_as_sequential_ones() -> None:
    expected = [scan(text) for text in TEXTS]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(scan, TEXTS * 20))
    assert results == expected * 20


def test_loading_deduce_leaves_no_debug_handler_on_the_root_logger() -> None:
    # deduce calls logging.basicConfig(stream=sys.stdout, level=DEBUG) when imported.
    root = logging.getLogger()
    assert not [h for h in root.handlers if type(h) is logging.StreamHandler]
    assert root.level != logging.DEBUG


def test_the_cache_lives_in_the_instance_folder_or_where_config_says(tmp_path: Path) -> None:
    app = Flask(__name__, instance_path=str(tmp_path / "instance"))
    with app.app_context():
        assert cache_dir() == Path(app.instance_path) / "privacy-cache"
    app.config["PRIVACY_CACHE_DIR"] = str(tmp_path / "elsewhere")
    with app.app_context():
        assert cache_dir() == tmp_path / "elsewhere"


def test_the_built_lookup_structures_are_cached_and_reused() -> None:
    # The session's warm-up wrote the cache; a fresh process must read, not rebuild, it.
    directory = cache_dir()
    assert (directory / "cache" / "lookup_structs.pickle").exists()
    assert (directory / "lexicon.pickle").exists()
    code = (
        "from learning.privacy import warm_up\n"
        "from learning.privacy.lexicon import load_times\n"
        "warm_up()\n"
        "print(load_times.engine_from_cache, load_times.lexicon_from_cache)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PRIVACY_CACHE_DIR": str(directory)},
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    assert result.stdout.split() == ["True", "True"]


def _transformed_lists() -> list[tuple[list[str], dict[str, list[str]]]]:
    """Deduce's own lists that carry a transform, with a sample of their raw items."""
    import json

    import deduce
    from deduce.utils import optional_load_items

    source = Path(deduce.__file__).parent / "data" / "lookup" / "src"
    cases = []
    for config in sorted(source.glob("**/transform.json")):
        items = sorted(
            item
            for path in config.parent.glob("**/items.txt")
            for item in optional_load_items(path) or set()
        )
        for transform in json.loads(config.read_text(encoding="utf-8"))["transforms"].values():
            cases.append((items[::7], transform))
    return cases


def test_the_fast_variations_equal_deduces_own_on_its_lists() -> None:
    from deduce.utils import str_variations

    from learning.privacy.lexicon import fast_str_variations

    cases = _transformed_lists()
    assert len(cases) >= 6
    compared = varied = 0
    for items, transform in cases:
        for item in items:
            expected = str_variations(item, transform)
            assert fast_str_variations(item, transform) == expected, item
            compared += 1
            varied += len(expected) > 1
    assert compared > 10_000
    assert varied > 1_000  # the shortcut is not all there is


@pytest.mark.slow
def test_a_first_build_names_its_steps(tmp_path: Path) -> None:
    """A fresh cache folder is built with progress; the tries are named in Dutch."""
    code = (
        "from learning.privacy import warm_up\n"
        "warm_up(on_step=lambda step: print('STEP', step, flush=True))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PRIVACY_CACHE_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    steps = [line.split(" ", 1)[1] for line in result.stdout.splitlines() if line[:5] == "STEP "]
    assert steps[0] == "lijsten inlezen"
    assert {"straatnamen", "zorginstellingen", "woordenlijsten"} <= set(steps)


def test_every_log_line_is_written_once_while_deduce_loads() -> None:
    """Another thread logging while deduce is imported must not be written twice."""
    code = (
        "import logging, sys, threading\n"
        "logging.getLogger('learning').setLevel(logging.INFO)\n"
        "logging.getLogger('learning').addHandler(logging.StreamHandler(sys.stderr))\n"
        "log = logging.getLogger('learning.audit.services')\n"
        "stop = threading.Event()\n"
        "def chatter():\n"
        "    while not stop.is_set():\n"
        "        log.info('audit line')\n"
        "t = threading.Thread(target=chatter); t.start()\n"
        "from learning.privacy.lexicon import _import_deduce\n"
        "_import_deduce()\n"
        "stop.set(); t.join()\n"
        "log.info('last line')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    output = result.stdout + result.stderr
    assert "INFO:learning" not in output
    assert output.count("last line") == 1


def test_the_fast_tries_hold_the_same_token_sequences_as_deduces_own() -> None:
    from learning.privacy.lexicon import get_engine, token_texts

    tokenizer = get_engine().tokenizers["default"]
    samples = [item for items, _transform in _transformed_lists() for item in items[::5]]
    samples += [
        "Jan van der Berg",
        "Mevrouw van den Bosch",
        "A. de la Fuente",
        "  Sint   Jan  ",
        "",
    ]
    merged = 0
    for text in samples:
        expected = [token.text for token in tokenizer.tokenize(text)]
        assert token_texts(tokenizer, text) == expected, text
        merged += any(" " in token for token in expected)
    assert len(samples) > 2_000
    assert merged >= 3  # "van der" is one token: the merging path is compared too
