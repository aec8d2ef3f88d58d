"""The SSO tests run against a real OpenID Provider (tests/sso/provider.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.sso.provider import LMS, Provider, start_provider


@pytest.fixture
def provider(tmp_path: Path) -> Iterator[Provider]:
    with start_provider(tmp_path, LMS) as running:
        yield running


@pytest.fixture
def app_config(app_config: dict[str, Any], provider: Provider | None) -> dict[str, Any]:
    if provider is not None:  # None: the test starts its own (browser journeys)
        app_config.update(provider.config())
    return app_config
