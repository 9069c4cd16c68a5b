from django.urls import path

from sessions.views import home

urlpatterns = [
    path("townships/<int:township_pk>/", home.township_home, name="township_home"),
]
