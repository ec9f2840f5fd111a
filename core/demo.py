"""Demo data: each app that has some declares its seeder in its own `demo.py`.

Used by `manage.py seed_demo` only, so the modules are found when the demo runs,
not at every start-up::

    from core.demo import seeder

    @seeder(order=10)
    def seed(*, seed: int) -> str:
        ...
        return "3 forløb"
"""

from collections.abc import Callable

from django.utils.module_loading import autodiscover_modules

Seeder = Callable[..., str]
_seeders: dict[str, tuple[int, Seeder]] = {}


def seeder(*, order: int) -> Callable[[Seeder], Seeder]:
    """Register an app's demo seeder: seed(*, seed) -> a one-line summary. Lower `order` runs first."""

    def register(function: Seeder) -> Seeder:
        _seeders[function.__module__] = (order, function)
        return function

    return register


def seed_all(*, seed: int) -> list[str]:
    """Run every app's seeder in order (after the young people exist); return their summaries."""
    autodiscover_modules("demo")
    return [function(seed=seed) for _order, function in sorted(_seeders.values(), key=lambda item: item[0])]
