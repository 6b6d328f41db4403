"""The registry's index of built-in claims matches what discovery finds."""
from synthover.paper_checks import registry


def test_builtin_index_matches_discovery():
    found = {c.id: m.__name__.removeprefix("synthover.paper_checks.")
             for m in registry._builtin_modules() for c in registry._claims_of(m, m.__name__)}
    assert found == registry.BUILTIN_INDEX


def test_get_returns_the_registered_claim():
    claims = registry.all_claims()
    for cid in registry.BUILTIN_INDEX:
        assert registry.get(cid.lower()) is claims[cid]
