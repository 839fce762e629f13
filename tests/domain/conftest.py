import pytest


@pytest.fixture(autouse=True)
async def _fresh(db: str) -> None:
    """Every domain test starts from a freshly seeded database."""
