"""The township workspace. Each area keeps its own URL list (urls_workspace: the home page
and sessions; urls_recess: presidium meetings, activities, suggestions, deputies' records)."""

from sessions.urls_recess import urlpatterns as recess
from sessions.urls_workspace import urlpatterns as workspace

app_name = "sessions"

urlpatterns = workspace + recess
