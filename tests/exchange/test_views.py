"""The import pages: upload, map, dry run, import, report; who may; the export download."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from learning.blockages.models import Blockage
from learning.exchange.models import ImportJob, ImportStatus
from tests.factories import BlockageFactory, UserFactory

TEXT = "De aanvraag voor bijzondere bijstand wordt pas na de verhuizing in behandeling genomen."
CSV = (
    "Knelpuntenlijst wijkteam\n\n"
    "Datum melding;Omschrijving van het knelpunt;Wet\n"
    f"3-12-2025;{TEXT};Participatiewet\n"
    f"4-12-2025;{TEXT.upper()};PW\n"
    "5-12-2025;Mevrouw Jansen, BSN 123456782;Wmo\n"
    ";;\n"
    "6-12-2025;Het leerlingenvervoer stopt bij een verhuizing binnen de gemeente.;Onderwijs\n"
).encode("cp1252")


def _upload(client, organisation, data: bytes = CSV, name: str = "lijst wijkteam.csv"):
    return client.post(
        "/importeren",
        data={"file": (io.BytesIO(data), name), "organisation": str(organisation.id)},
        content_type="multipart/form-data",
    )


def test_upload_map_dry_run_then_import(client, login_as, db, organisation, queued):
    chair = login_as("chair", organisations=[organisation])
    response = _upload(client, organisation)
    assert response.status_code == 302
    job = db.session.scalar(select(ImportJob))
    assert job.created_by_id == chair.id

    page = client.get(f"/importeren/{job.id}").get_data(as_text=True)
    assert "Omschrijving van het knelpunt" in page  # the header, found on row 3
    assert "123456782" not in page  # the preview is masked too
    assert 'value="description" selected' in page

    response = client.post(
        f"/importeren/{job.id}/koppeling",
        data={
            "sheet": job.sheet,
            "header_row": "3",
            "version": str(job.version),
            "kolom-0": "date",
            "kolom-1": "description",
            "kolom-2": "domain",
            "action": "proef",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert job.status == ImportStatus.CHECKED
    assert db.session.scalar(select(func.count(Blockage.id))) == 0
    page = client.get(f"/importeren/{job.id}").get_data(as_text=True)
    assert "Proefimport" in page
    assert "Dubbel: dezelfde tekst als rij 4" in page
    assert "Na het maskeren van persoonsgegevens" in page
    assert "Lege rij." in page

    response = client.post(f"/importeren/{job.id}/start", data={"version": str(job.version)})
    assert response.status_code == 302
    db.session.expire_all()
    assert job.status == ImportStatus.DONE
    assert job.counts == {
        "rows": 5,
        "imported": 2,
        "masked": 0,
        "refused": 1,
        "duplicates": 1,
        "empty": 1,
    }
    assert db.session.scalar(select(func.count(Blockage.id))) == 2


def test_an_xls_upload_gets_the_save_as_xlsx_message(client, login_as, organisation, db):
    login_as("programme_admin")
    response = _upload(
        client, organisation, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "a.xls"
    )
    assert response.status_code == 422
    assert "Opslaan als" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ImportJob.id))) == 0


def test_professionals_cannot_import_and_chairs_only_see_their_own(
    client, login_as, organisation, db, app
):
    login_as("professional")
    assert client.get("/importeren").status_code == 403
    assert _upload(client, organisation).status_code == 403

    other = app.test_client()
    owner = login_as("chair", organisations=[organisation])
    _upload(client, organisation)
    job = db.session.scalar(select(ImportJob))
    assert job.created_by_id == owner.id
    second_chair = UserFactory(roles=["chair"])
    db.session.commit()
    with other.session_transaction() as session:
        session["_user_id"] = second_chair.get_id()
    assert other.get(f"/importeren/{job.id}").status_code == 403
    assert other.post(f"/importeren/{job.id}/start", data={}).status_code == 403


def test_progress_partial_polls_while_running_and_reloads_when_done(
    htmx_client, login_as, organisation, db
):
    with htmx_client.session_transaction() as session:
        user = login_as("programme_admin")
        session["_user_id"] = user.get_id()
    _upload(htmx_client, organisation)
    job = db.session.scalar(select(ImportJob))
    job.status = ImportStatus.IMPORTING
    job.total_rows = 10
    job.processed_rows = 4
    db.session.commit()
    partial = htmx_client.get(f"/importeren/{job.id}/voortgang")
    html = partial.get_data(as_text=True)
    assert 'hx-trigger="load delay:1s"' in html
    assert 'value="40"' in html
    job.status = ImportStatus.DONE
    db.session.commit()
    done = htmx_client.get(f"/importeren/{job.id}/voortgang")
    assert done.status_code == 204
    assert done.headers["HX-Redirect"].endswith(f"/importeren/{job.id}")


def test_export_download_for_chairs(client, login_as, db):

    BlockageFactory(title='=HYPERLINK("http://evil")', description="Een knelpunt met een formule.")
    db.session.commit()
    login_as("professional")
    assert client.get("/export/knelpunten.csv").status_code == 403
    login_as("chair")
    response = client.get("/export/knelpunten.csv")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert "'=HYPERLINK" in text  # a spreadsheet shows it as text, never runs it
    xlsx = client.get("/export/knelpunten.xlsx")
    assert xlsx.data[:2] == b"PK"
    assert client.get("/export/knelpunten.pdf").status_code == 400
