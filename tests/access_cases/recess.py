"""Access cases between sessions: presidium meetings, deputy activities, suggestions, a
deputy's record, roll calls (sessions:meeting_*, activity_*, suggestion_*, deputy_record,
session_attendance). The format is in tests/access_cases/__init__.py; point every case at T1's
objects (w.presidium_meeting, w.activity, w.suggestion, w.deputy, w.session…).
"""

CASES: list = []
