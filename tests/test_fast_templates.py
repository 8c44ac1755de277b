"""The templates' faster lookups give exactly what Jinja's and MkDocs' own give."""

from __future__ import annotations

import os
from collections import OrderedDict

import jinja2
import pytest

from generator.mkdocs_plugin import fast_templates

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
    fast_templates.install(fast)
    assert fast.getattr is not plain.getattr
    assert _render(fast, source) == _render(plain, source)


def test_a_dict_method_wins_over_a_key_of_the_same_name() -> None:
    env = jinja2.Environment()
    fast_templates.install(env)
    assert _render(env, "{{ d.items is callable }}") == "True"
    assert _render(env, "{{ d.court }}") == "Court of Appeal"


def test_strict_undefined_still_raises() -> None:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    fast_templates.install(env)
    with pytest.raises(jinja2.UndefinedError, match="missing"):
        _render(env, "{{ d.missing }}")


def test_installing_twice_wraps_once() -> None:
    env = jinja2.Environment()
    fast_templates.install(env)
    first = env.getattr
    fast_templates.install(env)
    assert env.getattr is first


def test_url_filter_answers_are_remembered_and_the_same() -> None:
    """MkDocs' url filter, remembered per (address, page URL, base URL): the same answers, asked once."""
    from types import SimpleNamespace

    from mkdocs.utils.templates import url_filter

    asked = []

    @jinja2.pass_context
    def counting(context, value):
        asked.append(value)
        return url_filter(context, value)

    env = jinja2.Environment()
    env.filters["url"] = counting
    fast_templates.install(env)
    source = "{{ 'assets/a.css' | url }} {{ 'cases/x/' | url }} {{ 'https://example.org/' | url }} {{ 'assets/a.css' | url }}"
    pages = [SimpleNamespace(url="cases/y/"), SimpleNamespace(url=""), SimpleNamespace(url="cases/y/")]
    out = [env.from_string(source).render(page=page, base_url="..") for page in pages]
    assert out == ["../../assets/a.css ../x/ https://example.org/ ../../assets/a.css",
                   "assets/a.css cases/x/ https://example.org/ assets/a.css",
                   "../../assets/a.css ../x/ https://example.org/ ../../assets/a.css"]
    assert len(asked) == 6  # three addresses, for two distinct page URLs


def test_templates_are_not_checked_against_their_files_during_a_build(tmp_path) -> None:
    (tmp_path / "t.html").write_text("one", encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)))
    fast_templates.install(env)
    assert env.get_template("t.html").render() == "one"
    (tmp_path / "t.html").write_text("two", encoding="utf-8")
    later = (tmp_path / "t.html").stat().st_mtime + 10
    os.utime(tmp_path / "t.html", (later, later))  # plain Jinja would see the change and compile it again
    assert env.get_template("t.html").render() == "one"  # the build's environment keeps what it compiled
    assert type(env.cache) is dict


def test_a_remembered_include_is_the_include_rendered_once_per_key_and_page() -> None:
    from types import SimpleNamespace

    partials = {"item.html": "{% autoescape true %}<li>{{ tick() }}{{ item.title }} {{ page.url }}</li>{% endautoescape %}"}
    renders: list[str] = []
    environments = []
    for _ in range(2):
        env = jinja2.Environment(loader=jinja2.DictLoader(partials), autoescape=True)
        env.globals["tick"] = lambda: renders.append("x") or ""
        environments.append(env)
    plain, fast = environments
    fast_templates.install(fast)
    items = [{"id": "a", "title": "A & B"}, {"id": "b", "title": "<C>"}, {"id": "a", "title": "A & B"}]
    remembered = "{% for item in items %}{{ include_remembered('item.html', item.id, item=item) }}{% endfor %}"
    included = "{% for item in items %}{% include 'item.html' %}{% endfor %}"
    urls = ("countries/x/", "themes/y/", "countries/x/")
    expected = [plain.from_string(included).render(items=items, page=SimpleNamespace(url=url)) for url in urls]
    assert len(renders) == 9
    renders.clear()
    out = [fast.from_string(remembered).render(items=items, page=SimpleNamespace(url=url)) for url in urls]
    assert out == expected and "A &amp; B" in out[0] and "&lt;C&gt;" in out[0] and out[1].count("themes/y/") == 3
    assert len(renders) == 4  # two keys on two page URLs


class _Terms:
    def term(self, key):
        return f"<{key}>"


@jinja2.pass_context
def _from_context(context, name):
    return context.get(name)


@jinja2.pass_environment
def _from_environment(environment, value):
    return f"{value}:{environment.autoescape}"


@jinja2.pass_eval_context
def _from_eval_context(eval_ctx, value):
    return f"{value}:{eval_ctx.autoescape}"


class _CallableTakingContext:
    @jinja2.pass_context
    def __call__(self, context):
        return context.get("x")


def _stops():
    raise StopIteration


CALLS = [
    "{{ terms.term('a & b') }}",                   # a method
    "{{ plain(3) }}",                              # a function
    "{{ '-'.join(['a', 'b']) }}|{{ len('abc') }}",  # built-in methods and functions
    "{{ from_context('x') }}",
    "{% for x in [1, 2] %}{{ from_context('x') }}{% endfor %}",  # loop variables reach the context
    "{% set y = 5 %}{{ from_context('y') }}",
    "{{ from_environment('v') }}|{{ from_eval_context('v') }}",
    "{{ callable_taking_context() }}",
    "{% macro m(a) %}[{{ a }}]{% endmacro %}{{ m('<i>') }}",
    "{{ stops() is defined }}",
    "{{ _('Court') }}|{{ _('100%% sure') }}|{{ _('%(n)s cases', n='<3>') }}|{{ _('%(n)s cases', n=4) }}",
    "{{ ngettext('%(num)s case', '%(num)s cases', 1) }}|{{ ngettext('%(num)s case', '%(num)s cases', 2) }}"
    "|{{ ngettext('%(num)s case', '%(num)s cases', 2, where='<b>') }}",
    "{% trans %}At a glance{% endtrans %}|{% trans n=2 %}{{ n }} cases{% endtrans %}"
    "|{% trans count=3 %}{{ count }} case{% pluralize %}{{ count }} cases{% endtrans %}",
]


@pytest.mark.parametrize("autoescape", [True, False])
@pytest.mark.parametrize("source", CALLS)
def test_calls_and_translations_give_what_jinja_gives(source: str, autoescape: bool) -> None:
    import gettext

    environments = []
    for _ in range(2):
        env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape)
        env.install_gettext_translations(gettext.NullTranslations(), newstyle=True)
        env.globals.update(terms=_Terms(), plain=lambda n: n * 2, from_context=_from_context, from_environment=_from_environment,
                           from_eval_context=_from_eval_context, callable_taking_context=_CallableTakingContext(), stops=_stops,
                           len=len)
        environments.append(env)
    plain, fast = environments
    fast_templates.install(fast)
    assert fast.context_class is not plain.context_class
    for _ in range(2):  # the second time from what was remembered
        assert fast.from_string(source).render(x="<x>") == plain.from_string(source).render(x="<x>")


def test_messages_without_variables_are_translated_once() -> None:
    import gettext

    asked: list[str] = []

    class Counting(gettext.NullTranslations):
        def gettext(self, message):
            asked.append(message)
            return "»" + message

    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    env.install_gettext_translations(Counting(), newstyle=True)
    fast_templates.install(env)
    template = env.from_string("{% for i in range(3) %}{{ _('Court') }} {{ _('%(n)s cases', n=i) }} {% endfor %}")
    assert template.render() == "»Court »0 cases »Court »1 cases »Court »2 cases "
    assert asked.count("Court") == 1 and asked.count("%(n)s cases") == 3
