"""Load the privacy and embedding models before the first user types, not during it."""

from __future__ import annotations

import logging
import threading

logger = logging.getLogger(__name__)


def warm_up_models() -> None:
    """~10 s for deduce and ~2 s for the sentence encoder, once per process."""
    from learning.patterns.embedding import EmbeddingUnavailable, embed
    from learning.privacy import warm_up

    warm_up()
    try:
        embed(["opwarmen"])
    except EmbeddingUnavailable:
        logger.warning("Embedding model unavailable; suggestions fall back to lexical matching")


def start_background_warm_up() -> threading.Thread:
    thread = threading.Thread(target=warm_up_models, name="warm-up", daemon=True)
    thread.start()
    return thread
