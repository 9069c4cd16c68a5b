#!/usr/bin/env python
import os
import sys

# Commands that only write source files (migrations, the message catalogue): they never serve a
# request or sign anything, so they run as development whatever the environment says. Every
# other command follows DEBUG, which is off unless set (config/settings.py refuses to start
# without a real SECRET_KEY then).
SOURCE_COMMANDS = {"makemigrations", "makemessages", "squashmigrations"}

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if sys.argv[1:2] and sys.argv[1] in SOURCE_COMMANDS:
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
