"""The templates' faster dict lookup gives exactly what Jinja's own lookup gives."""

from __future__ import annotations

from collections import OrderedDict

import jinja2
import pytest

from generator.mkdocs_plugin import fast_lookup

TEMPLATES = [
    "{{ d.court }}",                     # a key
    "{{ d.missing }}|{{ d.missing is defined }}",  # a missing key: undefined, as before
    "{{ d['court'] }}",
    "{{ d.items() | list }}",            # a dict method, not a key named so
    "{{ d.get('court') }}",
    "{{ d.keys() | list }}",
    "{{ o.court }}",                     # an object's attribute
    "{{ od.court }}|{{ od.missing is defined }}",  # a dict subclass: Jinja's path
    "{% for k, v in d | dictsort %}{{ k }}={{ v }};{% endfor %}",
    "{{ nested.a.b }}|{{ nested.a.c is defined }}",
]


class _Obj:
    court = "High Court"


def _render(env: jinja2.Environment, source: str) -> str:
    data = {"court": "Court of Appeal", "items": "a key named items", "year": 2020}
    return env.from_string(source).render(d=data, o=_Obj(), od=OrderedDict(data), nested={"a": {"b": 1}})


@pytest.mark.parametrize("source", TEMPLATES)
def test_same_output_as_jinja(source: str) -> None:
    plain = jinja2.Environment()
    fast = jinja2.Environment()
    fast_lookup.install(fast)
    assert fast.getattr is not plain.getattr
    assert _render(fast, source) == _render(plain, source)


def test_a_dict_method_wins_over_a_key_of_the_same_name() -> None:
    env = jinja2.Environment()
    fast_lookup.install(env)
    assert _render(env, "{{ d.items is callable }}") == "True"
    assert _render(env, "{{ d.court }}") == "Court of Appeal"


def test_strict_undefined_still_raises() -> None:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    fast_lookup.install(env)
    with pytest.raises(jinja2.UndefinedError, match="missing"):
        _render(env, "{{ d.missing }}")


def test_installing_twice_wraps_once() -> None:
    env = jinja2.Environment()
    fast_lookup.install(env)
    first = env.getattr
    fast_lookup.install(env)
    assert env.getattr is first
