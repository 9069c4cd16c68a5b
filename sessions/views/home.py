"""The township workspace: presidium staff keep their township's record."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from congress import access


def township_home(request: HttpRequest, township_pk: int) -> HttpResponse:
    township = access.get_township(request.user, township_pk)
    return render(request, "sessions/township_home.html", {"township": township})
