#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegwijs.settings")
    # The command line is a developer's tool first; the web server (wsgi.py) keeps the safe
    # production default. Operators set WEGWIJS_ENV=production for their commands.
    os.environ.setdefault("WEGWIJS_ENV", "development")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
