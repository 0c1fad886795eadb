"""Import jobs: files that are not what they claim, CSV encodings and delimiters, sheets,
permissions, a failed import that resumes without doubles, and grouping with the import named."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from learning.blockages.models import Blockage
from learning.errors import DomainError, Forbidden
from learning.exchange import runner, services
from learning.exchange.models import ImportJob, ImportRow, ImportStatus, RowOutcome
from learning.exchange.sources import FileRefused
from learning.exchange.tasks import run_import
from learning.exchange.views import import_sources
from learning.extensions import db
from learning.patterns.queries import pattern_of
from learning.unit_of_work import commit, rollback
from tests.factories import LearningTableFactory, OrganisationFactory, UserFactory
from tests.patterns.texts import DEBT

TEXT = "De aanvraag voor bijzondere bijstand wordt pas na de verhuizing in behandeling genomen."


def _xlsx(rows: list[list], hidden_first: bool = False) -> bytes:
    book = Workbook()
    ws = book.active
    if hidden_first:
        ws.title = "Keuzelijsten"
        ws.sheet_state = "hidden"
        ws = book.create_sheet("Lijst")
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _job(user, organisation, name: str, data: bytes) -> ImportJob:
    job = services.create_job(user, organisation, name, io.BytesIO(data))
    commit()
    return job


def _run(job: ImportJob, dry_run: bool = False) -> dict:
    services.start(job.created_by, job, dry_run=dry_run, queue=False)
    commit()
    runner.run(job.id, checkpoint=commit)
    return runner.result(services.get_job(job.id))


# --- files that are not what they claim ----------------------------------------------------


def test_an_old_xls_is_refused_with_the_way_out(admin, organisation):
    with pytest.raises(FileRefused, match=r"Opslaan als.*\.xlsx"):
        _job(admin, organisation, "lijst.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)


def test_a_zip_renamed_to_xlsx_is_refused(admin, organisation):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("foto.txt", "geen werkmap")
    with pytest.raises(FileRefused, match="zipbestand, geen Excel-werkmap"):
        _job(admin, organisation, "lijst.xlsx", buffer.getvalue())


def test_a_csv_renamed_to_xlsx_is_refused(admin, organisation):
    with pytest.raises(FileRefused, match="geen Excel-werkmap"):
        _job(admin, organisation, "lijst.xlsx", b"Omschrijving\nIets\n")


def test_a_file_over_the_limit_is_refused_and_not_kept(app, admin, organisation, import_dir):
    app.config["IMPORT_MAX_BYTES"] = 1000
    try:
        with pytest.raises(FileRefused, match="te groot"):
            _job(admin, organisation, "groot.csv", b"Omschrijving\n" + b"x" * 5000)
    finally:
        del app.config["IMPORT_MAX_BYTES"]
    assert not any(import_dir.iterdir())


def test_a_zip_bomb_is_refused(app, admin, organisation):
    data = _xlsx([["Omschrijving"], ["a" * 50_000]])
    app.config["IMPORT_MAX_UNZIPPED_BYTES"] = 10_000
    try:
        with pytest.raises(FileRefused, match="te groot"):
            _job(admin, organisation, "bom.xlsx", data)
    finally:
        del app.config["IMPORT_MAX_UNZIPPED_BYTES"]


def test_too_many_rows_fail_the_job_with_a_dutch_reason(app, admin, organisation):
    data = "Omschrijving\n" + "".join(f"{TEXT} nummer {n}\n" for n in range(30))
    job = _job(admin, organisation, "veel.csv", data.encode())
    app.config["IMPORT_MAX_ROWS"] = 10
    try:
        with pytest.raises(FileRefused, match="meer dan 10 rijen"):
            _run(job)
    finally:
        del app.config["IMPORT_MAX_ROWS"]


# --- CSV -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "delimiter"),
    [
        ("Datum;Omschrijving;Wet\n1-12-2025;{t};Participatiewet\n".encode("cp1252"), ";"),
        ("\ufeffDatum\tOmschrijving\tWet\n1-12-2025\t{t}\tWmo\n".encode(), "\t"),
        (b'Datum,Omschrijving,Wet\n1-12-2025,"{t}",Jeugdwet\n', ","),
        ("Datum;Omschrijving;Wet\n1-12-2025;{t};Wmo\n".encode("utf-16"), ";"),
    ],
)
def test_csv_in_any_delimiter_and_encoding(admin, organisation, data, delimiter):
    data = (
        data.replace(b"{t}", TEXT.encode())
        if b"{t}" in data
        else data.decode("utf-16").replace("{t}", TEXT).encode("utf-16")
    )
    job = _job(admin, organisation, "lijst.csv", data)
    assert job.mapping == {"0": "date", "1": "description", "2": "domain"}
    summary = _run(job)
    assert summary["imported"] == 1
    assert db_text() == [TEXT]


def db_text() -> list[str]:
    return list(db.session.scalars(select(Blockage.description)))


def test_csv_with_mixed_encodings_keeps_every_row_and_says_so(admin, organisation):
    lines = [
        b"Omschrijving;Wijk",
        "De re\u00efntegratie stopt bij ziekte langer dan drie maanden;Noord".encode(),
        "Het cr\u00e8che-budget vervalt bij een nieuwe baan over de grens;Zuid".encode("cp1252"),
    ]
    job = _job(admin, organisation, "gemengd.csv", b"\n".join(lines))
    summary = _run(job)
    assert summary["imported"] == 2
    assert any("Windows-1252" in w for w in summary["warnings"])
    assert any("crèche-budget" in text for text in db_text()), db_text()


# --- sheets, rows, report ------------------------------------------------------------------


def test_hidden_sheet_is_not_the_default_and_excel_errors_are_warnings(admin, organisation):
    data = _xlsx(
        [
            ["Knelpuntenlijst 2025"],
            [],
            ["Datum melding", "Omschrijving van het knelpunt", "Wet"],
            ["#N/A", TEXT, "#N/B"],
            [None, None, None],
            ["3-12-2025", "Jan de Vries", "Wmo"],
        ],
        hidden_first=True,
    )
    job = _job(admin, organisation, "lijst.xlsx", data)
    assert job.sheet == "Lijst"
    assert job.header_row == 3
    summary = _run(job)
    assert summary == {
        "rows": 3,
        "imported": 1,
        "masked": 0,
        "refused": 1,
        "duplicates": 0,
        "empty": 1,
        "warnings": summary["warnings"],
    }
    assert any("#N/A" in w for w in summary["warnings"])
    assert any("#N/B" in w for w in summary["warnings"])
    refused = services.report_rows(services.get_job(job.id), RowOutcome.REFUSED)
    assert refused[0].row_number == 6
    assert "Vries" not in " ".join(refused[0].reasons)


def test_only_admins_and_chairs_of_the_organisation_import(organisation):
    professional = UserFactory(roles=["professional"], organisations=[organisation])
    with pytest.raises(Forbidden):
        services.create_job(professional, organisation, "l.csv", io.BytesIO(b"Omschrijving\n"))
    chair = UserFactory(roles=["chair"])
    with pytest.raises(Forbidden):
        services.create_job(chair, organisation, "l.csv", io.BytesIO(b"Omschrijving\n"))
    own = services.create_job(
        chair, chair.organisations[0], "l.csv", io.BytesIO(b"Omschrijving\nx\n")
    )
    assert own.created_by == chair


def test_mapping_without_description_is_refused(admin, organisation):
    job = _job(admin, organisation, "l.csv", f"Titel;Tekst\nKort;{TEXT}\n".encode())
    with pytest.raises(DomainError, match="omschrijving"):
        services.configure(admin, job, job.sheet, None, {0: "title"})
    with pytest.raises(DomainError, match="maar aan één kolom"):
        services.configure(admin, job, job.sheet, None, {0: "description", 1: "description"})


# --- failure and resume --------------------------------------------------------------------


def test_a_failed_import_resumes_without_doubles(admin, organisation, queued):
    rows = "Omschrijving\n" + "".join(f"{TEXT} Geval {n} van de lijst.\n" for n in range(9))
    job = _job(admin, organisation, "lijst.csv", rows.encode())
    services.start(admin, job, dry_run=False, queue=False)
    commit()
    batches = []

    def crash_after_two_batches() -> None:
        commit()
        batches.append(1)
        if len(batches) == 3:  # the row count, then two batches
            raise RuntimeError("worker lost")

    with pytest.raises(RuntimeError):
        runner.run(job.id, checkpoint=crash_after_two_batches, batch_size=3)
    rollback()
    runner.mark_failed(job.id, "De import stopte door een fout. Probeer het opnieuw.")
    commit()
    job = services.get_job(job.id)
    assert job.status == ImportStatus.FAILED
    assert job.processed_rows == 6
    assert count(Blockage) == 6

    services.start(admin, job, dry_run=False, queue=False)  # "Opnieuw proberen"
    commit()
    runner.run(job.id, checkpoint=commit, batch_size=3)

    job = services.get_job(job.id)
    assert job.status == ImportStatus.DONE
    assert count(Blockage) == 9
    assert count(ImportRow) == 9
    assert runner.result(job)["imported"] == 9


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_task_marks_a_broken_job_failed_with_a_dutch_reason(admin, organisation, import_dir):
    job = _job(admin, organisation, "lijst.csv", f"Omschrijving\n{TEXT}\n".encode())
    services.start(admin, job, dry_run=False, queue=False)
    commit()
    Path(import_dir / job.stored_as).unlink()  # the file vanished

    run_import(job.id)

    job = services.get_job(job.id)
    assert job.status == ImportStatus.FAILED
    assert "Upload het opnieuw" in job.error


# --- grouping -----------------------------------------------------------------------------


def test_imported_knelpunten_are_grouped_and_the_import_is_named_at_triage(
    app, admin, organisation
):
    other = OrganisationFactory(name="Kredietbank Maasdal")
    chair = UserFactory(roles=["chair"])
    LearningTableFactory(name="Werktafel Schulden", domains=["schulden"], chair=chair)
    rows = ["Titel;Omschrijving;Wet;Organisatie"]
    for n, (title, description) in enumerate(DEBT[:4]):
        org = other.name if n % 2 else organisation.name
        rows.append(f"{title};{description};schulden;{org}")
    job = _job(admin, organisation, "schulden.csv", "\n".join(rows).encode())

    summary = _run(job)

    assert summary["imported"] == 4
    blockages = db.session.scalars(select(Blockage)).all()
    patterns = {pattern_of(b) for b in blockages} - {None}
    assert patterns, "the imported knelpunten formed a pattern"
    pattern = patterns.pop()
    assert import_sources(pattern)[0][0].startswith("schulden.csv")
    assert pattern.state == "nieuw"  # 4 reports from 2 organisations: on the triage queue
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = chair.get_id()
    page = client.get("/patronen/triage").get_data(as_text=True)
    assert pattern.title in page
    assert "Bron: import schulden.csv" in page


def test_files_of_unfinished_imports_are_forgotten_after_a_week(admin, organisation, import_dir):
    job = _job(admin, organisation, "lijst.csv", f"Omschrijving\n{TEXT}\n".encode())
    stored = import_dir / job.stored_as
    assert services.forget_stale_files() == 0
    assert services.forget_stale_files(now=job.created_at + timedelta(days=8)) == 1
    commit()
    assert not stored.exists()
    assert services.get_job(job.id).status == ImportStatus.DISCARDED


def test_a_formula_typed_in_a_csv_is_not_imported_as_text(admin, organisation):
    data = f'Titel;Omschrijving\n=HYPERLINK("http://x");{TEXT}\nTitel;=SOM(A1:A3)\n'.encode()
    job = _job(admin, organisation, "formules.csv", data)
    summary = _run(job)
    assert summary["imported"] == 1
    assert summary["empty"] == 1  # the description was a formula: nothing to import
    assert any("Formule in titel" in w for w in summary["warnings"])
    assert not any("HYPERLINK" in text for text in db.session.scalars(select(Blockage.title)))
