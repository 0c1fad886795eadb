"""The process-wide deduce instance: loaded once, shared safely, and quiet."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from learning.privacy import contextual, scan, warm_up

TEXTS = [
    "Mevrouw Jansen (geb. 12-03-1961) woont op Kerkstraat 12 in Tilburg.",
    "Gesprek met Jan de Vries, tel. 06-12345678, over de Wmo-aanvraag in Oss.",
    "De gemeente Oosterhout en het UWV verwijzen naar elkaar.",
]


def test_warm_up_loads_deduce_once() -> None:
    engine = contextual._get_engine()
    warm_up()
    assert engine is not None
    assert contextual._get_engine() is engine


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
