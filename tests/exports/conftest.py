"""Fixtures of the export tests: a connection to the demo store and its imports."""

import pytest


@pytest.fixture(scope="module")
def con(demo_store):
    return demo_store.connection()


@pytest.fixture(scope="module")
def sources(demo_store):
    return demo_store.catalog().imports
