"""The package as a library: its public names, typed choices, and how it is installed."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, get_args, get_type_hints

from packaging.requirements import Requirement

import searchidx
from searchidx import (
    CommentHit,
    Export,
    ExportMeta,
    Grouping,
    Interval,
    SearchIndex,
    SortOrder,
    TimelineGrouping,
    TimelinePoint,
)
from searchidx.features.grouping import GROUPINGS
from searchidx.features.periods import INTERVALS
from searchidx.features.timeline import TIMELINE_GROUPINGS
from searchidx.query.parsing import SORT_ORDERS

ROOT = Path(__file__).resolve().parent.parent


def test_every_public_name_imports() -> None:
    for name in searchidx.__all__:
        assert getattr(searchidx, name) is not None, name
    assert {"TimelinePoint", "Export", "CommentHit", "ExportMeta"} <= set(searchidx.__all__)
    assert TimelinePoint.__module__ == "searchidx.models"
    assert Export.__module__ == "searchidx.features.export"
    assert CommentHit.__module__ == "searchidx.models"
    assert ExportMeta.__dataclass_fields__["fingerprint"]


def test_the_public_methods_take_literal_choices() -> None:
    search = get_type_hints(SearchIndex.search)
    assert search["sort"] == SortOrder
    assert search["group"] == Grouping | None
    assert search["interval"] == Interval
    assert get_type_hints(SearchIndex.iter_hits)["sort"] == SortOrder
    assert get_type_hints(SearchIndex.export)["sort"] == SortOrder
    timeline = get_type_hints(SearchIndex.timeline)
    assert timeline["interval"] == Interval
    assert timeline["by"] == TimelineGrouping | None


def test_the_choice_lists_are_the_literals() -> None:
    assert SORT_ORDERS == get_args(SortOrder) == ("relevance", "date", "-date")
    assert GROUPINGS == get_args(Grouping) == ("article",)
    assert INTERVALS == get_args(Interval) == ("day", "week", "month", "year")
    assert TIMELINE_GROUPINGS == get_args(TimelineGrouping) == ("source",)


def _pyproject() -> dict[str, Any]:
    project: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    return project


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, equals, version = line.partition("==")
            assert equals, f"constraints.txt pins exactly: {line!r}"
            pins[_normal(name)] = version.strip()
    return pins


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements() -> list[Requirement]:
    project = _pyproject()
    extras = project["optional-dependencies"]
    listed = [*project["dependencies"], *(req for reqs in extras.values() for req in reqs)]
    return [Requirement(text) for text in listed]


def test_dependencies_are_ranges_whose_pins_are_in_the_constraints() -> None:
    pins = _pins()
    assert "searchidx" not in pins  # the project itself is installed from the checkout
    for requirement in _requirements():
        if requirement.name == "searchidx":  # test's own [serve]
            continue
        specifiers = list(requirement.specifier)
        assert {spec.operator for spec in specifiers} == {">=", "<"}, requirement
        pinned = pins.get(_normal(requirement.name))
        assert pinned is not None, f"{requirement.name} is not pinned in constraints.txt"
        assert requirement.specifier.contains(pinned), f"{requirement.name}=={pinned}"


def test_web_server_is_an_extra_that_tests_and_make_install() -> None:
    project = _pyproject()
    runtime = {Requirement(text).name for text in project["dependencies"]}
    assert not runtime & {"starlette", "uvicorn"}
    extras = project["optional-dependencies"]
    assert {Requirement(text).name for text in extras["serve"]} >= {"starlette", "uvicorn"}
    assert "searchidx[serve]" in extras["test"]


def test_make_installs_only_through_the_constraints() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if "pip install" in line]
    assert installs
    for line in installs:
        assert "-c constraints.txt" in line or "--upgrade pip" in line, line
    uses = [line for line in makefile.splitlines() if "$(PIP_INSTALL)" in line]
    assert {"-e '.[serve]'", "-e '.[test]'", "-e '.[test,bench]'"} == {
        line.split("$(PIP_INSTALL) ")[1].strip() for line in uses
    }
