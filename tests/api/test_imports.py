"""Import jobs through the API: upload a list, then follow its status."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from learning.blockages.models import Blockage
from tests.factories import OrganisationFactory

TEXT = "De aanvraag voor bijzondere bijstand wordt pas na de verhuizing in behandeling genomen."


@pytest.fixture(autouse=True)
def import_dir(app, tmp_path):
    app.config["IMPORT_DIR"] = str(tmp_path)
    yield
    app.config.pop("IMPORT_DIR")


def _post(api, headers, organisation_id, data: bytes, name: str = "lijst.csv", **fields):
    return api.post(
        "/api/v1/imports",
        data={"organisation_id": str(organisation_id), "file": (io.BytesIO(data), name), **fields},
        headers=headers,
        content_type="multipart/form-data",
    )


def test_an_admin_imports_a_list_and_reads_the_status(api, token_for, db):
    organisation = OrganisationFactory()
    _admin, headers = token_for("programme_admin")
    data = f"Wat ging er mis;Wet\n{TEXT};Participatiewet\n{TEXT};PW\n".encode()

    response = _post(api, headers, organisation.id, data)

    assert response.status_code == 202, response.get_data(as_text=True)
    job = response.get_json()
    assert job["mapping"] == {"0": "description", "1": "domain"}
    status = api.get(f"/api/v1/imports/{job['id']}", headers=headers).get_json()
    assert status["status"] == "done"  # tasks run eagerly in the tests
    assert status["counts"]["imported"] == 1
    assert status["counts"]["duplicates"] == 1
    assert db.session.scalar(select(func.count(Blockage.id))) == 1


def test_a_dry_run_with_an_explicit_mapping(api, token_for, db):
    organisation = OrganisationFactory()
    _admin, headers = token_for("programme_admin")
    data = f"Kolom A;Kolom B\nx;{TEXT}\n".encode()
    response = _post(
        api, headers, organisation.id, data, mapping="Kolom B=omschrijving", dry_run="true"
    )
    assert response.status_code == 202
    status = api.get(f"/api/v1/imports/{response.get_json()['id']}", headers=headers).get_json()
    assert status["status"] == "checked"
    assert status["counts"]["imported"] == 1
    assert db.session.scalar(select(func.count(Blockage.id))) == 0


def test_professionals_may_not_import_and_others_do_not_see_a_job(api, token_for, db):
    organisation = OrganisationFactory()
    _user, professional = token_for("professional", organisations=[organisation])
    response = _post(api, professional, organisation.id, f"Omschrijving\n{TEXT}\n".encode())
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"

    _admin, admin = token_for("programme_admin")
    job = _post(api, admin, organisation.id, f"Omschrijving\n{TEXT}\n".encode()).get_json()
    assert api.get(f"/api/v1/imports/{job['id']}", headers=professional).status_code == 404


def test_a_file_that_is_not_what_it_claims_is_a_dutch_422(api, token_for):
    organisation = OrganisationFactory()
    _admin, headers = token_for("programme_admin")
    response = _post(api, headers, organisation.id, b"PK\x03\x04rommel", name="lijst.xlsx")
    assert response.status_code == 422
    assert "Excel" in response.get_json()["detail"]
