"""The curated public surface: every public name exported, ``__all__`` sorted and complete."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import ModuleType

import pytest

import dico_sdk
from dico_sdk import errors

PUBLIC_MODULES = [
    "dico_sdk",
    "dico_sdk.calc",
    "dico_sdk.client",
    "dico_sdk.codec",
    "dico_sdk.errors",
    "dico_sdk.hub",
    "dico_sdk.messages",
    "dico_sdk.rules",
    "dico_sdk.schemas",
    "dico_sdk.store",
    "dico_sdk.testing",
    "dico_sdk.transport",
]


def _module(name: str) -> ModuleType:
    return importlib.import_module(name)


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_is_sorted_and_unique(name: str) -> None:
    exported = list(_module(name).__all__)
    assert exported == sorted(exported)
    assert len(exported) == len(set(exported))


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_names_exist(name: str) -> None:
    module = _module(name)
    missing = [item for item in module.__all__ if not hasattr(module, item)]
    assert missing == []


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_is_complete(name: str) -> None:
    """Every public class or function defined in (or imported into) the module is in __all__."""
    module = _module(name)
    public = {
        attr
        for attr, value in vars(module).items()
        if not attr.startswith("_")
        and (inspect.isclass(value) or inspect.isfunction(value))
        and getattr(value, "__module__", "").startswith("dico_sdk")
    }
    assert public - set(module.__all__) == set()


def test_every_error_is_exported_from_the_package() -> None:
    for name in errors.__all__:
        assert getattr(dico_sdk, name) is getattr(errors, name)


def test_private_modules_are_underscored() -> None:
    """Implementation modules are private: only layer packages and a few modules are public."""
    public_leaf_modules = {"errors", "cli", "calc"}
    for info in pkgutil.walk_packages(dico_sdk.__path__, "dico_sdk."):
        leaf = info.name.rsplit(".", 1)[-1]
        if info.ispkg or leaf.startswith("_") or "._generated" in info.name:
            continue
        assert leaf in public_leaf_modules, f"{info.name} should be a _private module"
