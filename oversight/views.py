"""The county standing committee's view of its townships."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from congress import access


def dashboard(request: HttpRequest) -> HttpResponse:
    townships = access.townships(request.user).order_by("code")
    return render(request, "oversight/dashboard.html", {"townships": townships})
