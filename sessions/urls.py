from django.urls import path

from sessions import views

app_name = "sessions"

urlpatterns = [
    path("townships/<int:township_pk>/", views.township_home, name="township_home"),
]
