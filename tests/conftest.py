"""Fixtures shared across the test folders live in ``tests/support``; this file only loads
them (pytest finds a ``conftest.py`` by folder, and the Qt fixtures serve ``views`` and ``qt``)."""

pytest_plugins = ["tests.support.qt_fixtures", "tests.support.i18n"]
