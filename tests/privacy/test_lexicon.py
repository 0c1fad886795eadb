"""The process-wide deduce instance and word lists: loaded once, cached, shared, quiet."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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
