"""Test configuration: fixtures come from tests/fixtures/ as plugins."""

pytest_plugins = [
    "tests.fixtures.database",
    "tests.fixtures.app",
    "tests.fixtures.people",
    "tests.fixtures.content",
    "tests.fixtures.browser",
    "tests.fixtures.redis",
]
