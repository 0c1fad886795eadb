"""Sign in and out, invitations, password reset, and the admin pages for users."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from learning.accounts import services
from learning.accounts.forms import (
    ForgotPasswordForm,
    InviteForm,
    LoginForm,
    NewPasswordForm,
    OrganisationForm,
)
from learning.accounts.models import Organisation, Role, User
from learning.extensions import db, limiter
from learning.permissions import login_required, roles_required
from learning.unit_of_work import commit
from learning.web import safe_next

bp = Blueprint("accounts", __name__)


def _login_account_key() -> str:
    """Failed logins are also limited per account, whoever tries (shared office addresses)."""
    return "login:" + services.normalise_email(request.form.get("email", ""))[:254]


def _failed(response) -> bool:
    return response.status_code != 302


@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"],
    key_func=_login_account_key,
    methods=["POST"],
    deduct_when=_failed,
)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            session.clear()  # a new session at login: nothing from before carries over
            login_user(user)
            session.permanent = True
            commit()
            return redirect(safe_next(request.args.get("next")))
        flash(_("Onbekend e-mailadres of onjuist wachtwoord."), "error")
    return render_template("accounts/login.html", form=form)


@bp.post("/uitloggen")
@login_required
def logout():
    services.end_sessions(current_user)  # a copied session cookie stops working too
    commit()
    logout_user()
    session.clear()
    flash(_("U bent uitgelogd."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        with services.constant_duration(services.FORGOT_PASSWORD_SECONDS):
            services.request_password_reset(form.email.data)
            commit()
        flash(
            _(
                "Als dit e-mailadres bij ons bekend is, ontvangt u een link "
                "om een nieuw wachtwoord in te stellen."
            ),
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    services.user_for_token(token, "reset")  # a bad link fails before the form is shown
    form = NewPasswordForm()
    if form.validate_on_submit():
        services.reset_password(token, form.password.data)
        commit()
        flash(_("Uw wachtwoord is gewijzigd. U kunt nu inloggen."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/new_password.html", form=form, title=_("Nieuw wachtwoord"))


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    user = services.user_for_token(token, "invite")
    form = NewPasswordForm()
    if form.validate_on_submit():
        services.accept_invitation(token, form.password.data)
        commit()
        session.clear()
        login_user(user)
        flash(_("Welkom bij het Leernetwerk."), "info")
        return redirect(url_for("blockages.list_blockages"))
    return render_template(
        "accounts/new_password.html", form=form, title=_("Kies een wachtwoord"), invited=user
    )


@bp.get("/beheer/gebruikers")
@roles_required(Role.PROGRAMME_ADMIN)
def list_users():
    users = db.session.scalars(select(User).order_by(User.name)).all()
    return render_template("accounts/users.html", users=users)


@bp.route("/beheer/gebruikers/uitnodigen", methods=["GET", "POST"])
@roles_required(Role.PROGRAMME_ADMIN)
def invite_user():
    form = InviteForm()
    form.organisations.choices = [(o.id, o.name) for o in services.live_organisations()]
    if form.validate_on_submit():
        organisations = [db.session.get(Organisation, oid) for oid in form.organisations.data]
        services.invite_user(
            current_user,
            form.email.data,
            form.name.data,
            {Role(r) for r in form.roles.data},
            [o for o in organisations if o is not None],
        )
        commit()
        flash(_("Uitnodiging verstuurd naar %(email)s.", email=form.email.data), "info")
        return redirect(url_for("accounts.list_users"))
    return render_template("accounts/invite.html", form=form)


@bp.route("/beheer/organisaties", methods=["GET", "POST"])
@roles_required(Role.PROGRAMME_ADMIN)
def list_organisations():
    form = OrganisationForm()
    if form.validate_on_submit():
        services.create_organisation(current_user, form.name.data, form.kind.data)
        commit()
        flash(_("Organisatie toegevoegd."), "info")
        return redirect(url_for("accounts.list_organisations"))
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    return render_template("accounts/organisations.html", form=form, organisations=organisations)


@bp.post("/beheer/organisaties/<int:organisation_id>/verwijderen")
@roles_required(Role.PROGRAMME_ADMIN)
def delete_organisation(organisation_id: int):
    services.delete_organisation(current_user, organisation_id)
    commit()
    flash(_("Organisatie verwijderd. Bestaande knelpunten blijven bewaard."), "info")
    return redirect(url_for("accounts.list_organisations"))
