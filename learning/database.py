"""Statements SQLAlchemy spells per database dialect (PostgreSQL in production, SQLite on a
first run): insert a row unless its unique key exists."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.dialects import postgresql, sqlite

from learning.extensions import db

Model = TypeVar("Model", bound=db.Model)

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def insert_unless_exists(model: type[Model], unique: list[str], **values: Any) -> Model | None:
    """INSERT .. ON CONFLICT (unique) DO NOTHING RETURNING the new row; None when it existed.

    Unlike "select, then insert", two transactions racing for the same key cannot both insert:
    the second one waits for the first and then inserts nothing, so this is a claim.
    """
    insert = _INSERTS[db.session.get_bind().dialect.name]
    statement = (
        insert(model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=unique)
        .returning(model)
    )
    return db.session.scalars(statement).first()
