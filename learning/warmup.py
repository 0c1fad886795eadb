"""Load the privacy and embedding models before the first user types, not during it."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

logger = logging.getLogger(__name__)


def warm_up_models(app: Flask | None = None) -> None:
    """~10 s for deduce and ~2 s for the sentence encoder, once per process; with the app,
    also the pages of the shared vector index (when it exists: never build it here)."""
    from learning.patterns.embedding import EmbeddingUnavailable, embed
    from learning.privacy import warm_up

    warm_up()
    try:
        embed(["opwarmen"])
    except EmbeddingUnavailable:
        logger.warning("Embedding model unavailable; suggestions fall back to lexical matching")
    if app is not None and Path(app.config["VECTOR_INDEX_PATH"]).exists():
        from learning.patterns.vectors import shared_index

        with app.app_context():
            shared_index().warm()


def start_background_warm_up(app: Flask | None = None) -> threading.Thread:
    thread = threading.Thread(target=warm_up_models, args=(app,), name="warm-up", daemon=True)
    thread.start()
    return thread
