"""The legacy list through `flask knelpunten import`, then out through `flask knelpunten export`:
every unique row exactly once, and no resident data anywhere."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from sqlalchemy import func, select

from learning.audit.models import AuditEntry
from learning.blockages.models import Blockage
from learning.exchange.models import ImportJob, ImportRow, ImportStatus
from learning.exchange.values import normalise
from tests.exchange.legacy_list import build


@pytest.fixture
def legacy(tmp_path: Path):
    path = tmp_path / "Knelpuntenlijst Ruwaard.xlsx"
    return path, build(path)


def _run(app, *args: str):
    result = app.test_cli_runner().invoke(args=["knelpunten", *args])
    return result


def _import(app, path: Path, *extra: str):
    result = _run(app, "import", str(path), "--organisation", "sociaal wijkteam maasdal", *extra)
    assert result.exit_code == 0, result.stderr + result.output
    return json.loads(result.stdout.strip().splitlines()[-1]), result


def test_legacy_list_goes_in_once_and_comes_out_without_resident_data(
    app, db, admin, legacy, queued, caplog
):
    path, expected = legacy
    caplog.set_level(logging.INFO)

    summary, result = _import(app, path)

    assert set(summary) == {
        "rows",
        "imported",
        "masked",
        "refused",
        "duplicates",
        "empty",
        "warnings",
    }
    assert summary["rows"] == expected.rows
    assert summary["imported"] == len(expected.unique_texts)
    assert summary["duplicates"] == expected.duplicates
    assert summary["empty"] == expected.empty
    assert summary["refused"] == expected.refused
    assert summary["masked"] >= expected.masked
    assert summary["rows"] == sum(
        summary[k] for k in ("imported", "refused", "duplicates", "empty")
    )
    assert "(100%)" in result.stderr  # progress on stderr
    assert any("#N/B" in w for w in summary["warnings"])
    assert any("MEE" in w for w in summary["warnings"])  # an unknown organisation, named
    # Grouped like logged knelpunten: the form's task is queued for each one.
    grouped = [args[0] for name, args in queued if name.endswith("process_blockage")]
    assert len(grouped) == summary["imported"]

    export = _run(app, "export", "--format", "jsonl")
    assert export.exit_code == 0
    records = [json.loads(line) for line in export.stdout.splitlines() if line.strip()]
    assert {"id", "title", "text", "domain", "organisation", "created", "pattern"} <= set(
        records[0]
    )
    texts = [normalise(r["text"]) for r in records]
    for unique in expected.unique_texts:
        assert sum(normalise(unique) in text for text in texts) == 1, unique
    assert len(records) == summary["imported"]

    stored = " ".join(
        [export.stdout, result.stdout, result.stderr, caplog.text]
        + [json.dumps(r.reasons) for r in db.session.scalars(select(ImportRow))]
        + [json.dumps(a.details) for a in db.session.scalars(select(AuditEntry))]
        + [b.title + b.description for b in db.session.scalars(select(Blockage))]
    )
    for resident in expected.resident_data:
        assert resident not in stored, resident
    job = db.session.scalar(select(ImportJob))
    assert job.status == ImportStatus.DONE
    assert job.stored_as is None  # the file with resident data is gone


def test_a_second_import_of_the_same_list_adds_nothing(app, db, admin, legacy, queued):
    path, _expected = legacy
    first, _result = _import(app, path)

    second, result = _import(app, path)

    assert second["imported"] == 0
    assert second["duplicates"] == first["imported"] + first["duplicates"]
    assert "staat al in Leernetwerk als knelpunt" in result.stderr
    assert db.session.scalar(select(func.count(Blockage.id))) == first["imported"]


def test_dry_run_reports_but_writes_no_knelpunt(app, db, admin, legacy, queued):
    path, expected = legacy

    summary, result = _import(app, path, "--dry-run")

    assert summary["imported"] == len(expected.unique_texts)
    assert db.session.scalar(select(func.count(Blockage.id))) == 0
    assert "Gemaskeerd" in result.stderr
    assert not queued


def test_map_option_and_sheet_option(app, db, admin, tmp_path, queued):
    path = tmp_path / "lijst.csv"
    path.write_text(
        "Wanneer;Wat;Extra\n3-12-2025;De aanvraag voor bijzondere bijstand duurt te lang;x\n",
        encoding="utf-8",
    )
    summary, _result = _import(app, path, "--map", "Wanneer=datum", "--map", "Wat=omschrijving")
    assert summary["imported"] == 1
    blockage = db.session.scalar(select(Blockage))
    assert blockage.reported_on.isoformat() == "2025-12-03"

    refused = _run(
        app, "import", str(path), "--organisation", "Sociaal Wijkteam Maasdal", "--sheet", "Nee"
    )
    assert refused.exit_code != 0
    assert "bestaat niet" in refused.stderr


def test_unknown_organisation_is_a_clear_error(app, db, admin, legacy):
    path, _expected = legacy
    result = _run(app, "import", str(path), "--organisation", "Bestaat Niet")
    assert result.exit_code != 0
    assert "Organisatie 'Bestaat Niet' bestaat niet" in result.stderr
    assert db.session.scalar(select(func.count(ImportJob.id))) == 0
