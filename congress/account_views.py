"""The user's own account: changing one's password (any user, from the navigation; the
first thing a user whose password the county administrator set must do)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from congress import accounts
from congress.forms import submit
from congress.forms_county import OwnPasswordForm
from congress.middleware import PASSWORD_CHANGE_REQUIRED_KEY


@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = OwnPasswordForm(request.POST or None, user=request.user)
    account = submit(
        request,
        form,
        lambda data: accounts.account_password_change(
            account=request.user, password=data["password"], acting_user=request.user
        ),
    )
    if account is not None:
        update_session_auth_hash(request, account)  # stay logged in
        request.session.pop(PASSWORD_CHANGE_REQUIRED_KEY, None)
        messages.success(request, _("Your new password is set."))
        return redirect("home")
    return render(
        request,
        "registration/password_change.html",
        {"form": form, "required": request.session.get(PASSWORD_CHANGE_REQUIRED_KEY, False)},
    )
