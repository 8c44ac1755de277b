"""The same templates, rendered with less work per page: tens of thousands of pages use them.

- ``{{ case.data.court }}`` without an exception per lookup. Jinja resolves ``x.name`` by
  trying the attribute first and the item second, so every lookup of a dict's key through
  a dot (the templates read the records that way, tens of times a page) raises and
  catches an AttributeError, and a missing key raises twice. A plain dict has no
  attribute beyond its type's methods, so for any other name the item is the only
  possible answer: looking it up first changes no result.
- Templates are not checked against their files on every ``include``, and are found in a
  plain dict rather than Jinja's locked LRU cache: MkDocs makes a new environment for every
  build, so none can change during one (Jinja otherwise reads the file's time and takes a
  lock once per include, per page).
- MkDocs' ``url`` filter remembers its answers: its result depends only on the address,
  the page's URL and the base URL, and a page links to the same assets and cases as its
  neighbours (the stamped pages of one shape share their page).
- ``include_remembered(name, key, **variables)``: a partial rendered once per key and page
  URL, for the templates to use where a partial depends only on what the key names. A case
  is listed on ten or so list pages (its country, year, crime types, themes...), its item
  rendered the same on each of them (the stamped lists of one depth share their page).
- Every call a template makes (``cl.term(...)``, a macro, ``_()``) goes through
  ``Context.call``, which asks the callable, and its ``__call__``, for a ``jinja_pass_arg``
  attribute: two failed lookups, each raising an AttributeError inside, for every call of
  a plain function or method. A function keeps its attributes in its ``__dict__``, so for
  those the answer is read there; anything else takes Jinja's own path.
- ``_('...')`` and ``ngettext`` without variables of their own are translated once per message
  (the translations of a build do not change): some 40 such calls a case page.
"""

from __future__ import annotations

from types import FunctionType, MethodType
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from jinja2.utils import _PassArg
from markupsafe import Markup

_DICT_ATTRIBUTES = frozenset(dir(dict))


def install(env: Any) -> None:
    """Make ``env`` do the same with less work (see above); installing twice changes nothing more.

    Install after the translations (``install_gettext_translations``), whose functions are wrapped.
    """
    if getattr(env.getattr, "_caselaw", False):
        return
    generic = env.getattr

    def getattr_(obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return env.undefined(obj=obj, name=attribute)
        return generic(obj, attribute)

    getattr_._caselaw = True  # type: ignore[attr-defined]
    env.getattr = getattr_
    env.auto_reload = False
    if env.cache is not None and not isinstance(env.cache, dict):
        env.cache = dict(env.cache.items())
    if "url" in env.filters:
        env.filters["url"] = _remembered(env.filters["url"])
    env.globals["include_remembered"] = _included(env)
    env.context_class = _Context
    for name in ("gettext", "ngettext"):
        if name in env.globals:
            env.globals[name] = _translated_once(env.globals[name])


def _where(context: Any) -> tuple[str | None, str]:
    """What a relative URL made in ``context`` depends on: the page's URL and the base URL."""
    return getattr(context.get("page"), "url", None), context.get("base_url", "")


def _remembered(url_filter: Any) -> Any:
    answers: dict[tuple[str, str | None, str], str] = {}

    @pass_context
    def url(context: Any, value: Any) -> str:
        key = (str(value), *_where(context))
        found = answers.get(key)
        if found is None:
            found = answers[key] = url_filter(context, value)
        return found

    return url


def _included(env: Any) -> Any:
    rendered: dict[tuple[str, Any, str | None, str], Markup] = {}

    @pass_context
    def include_remembered(context: Any, name: str, key: Any, **variables: Any) -> Markup:
        """``{% include name %}`` with ``variables`` set, rendered once per ``key`` and page URL."""
        remembered = (name, key, *_where(context))
        found = rendered.get(remembered)
        if found is None:
            found = rendered[remembered] = Markup(env.get_template(name).render({**context.get_all(), **variables}))
        return found

    return include_remembered


def _pass_arg(obj: Any) -> Any:
    """What Jinja's ``_PassArg.from_obj`` finds on a plain function or method (None if nothing), read without
    raising; ``_NOT_PLAIN`` for any other callable, which is left to Jinja."""
    kind = type(obj)
    if kind is MethodType:
        obj = obj.__func__
        kind = type(obj)
    return obj.__dict__.get("jinja_pass_arg") if kind is FunctionType else _NOT_PLAIN


_NOT_PLAIN = object()


class _Context(Context):
    """Jinja's context, with the answer to "does this function take the context?" read, not tried."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        pass_arg = _pass_arg(__obj)
        if pass_arg is _NOT_PLAIN or kwargs.get("_loop_vars") or kwargs.get("_block_vars"):
            return super().call(__obj, *args, **kwargs)
        if pass_arg is _PassArg.context:
            args = (__self, *args)
        elif pass_arg is _PassArg.eval_context:
            args = (__self.eval_ctx, *args)
        elif pass_arg is _PassArg.environment:
            args = (__self.environment, *args)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined("value was undefined because a callable raised a StopIteration exception")


def _translated_once(translate: Any) -> Any:
    """Jinja's newstyle ``gettext`` or ``ngettext``, remembering its answers to calls without variables."""
    if _pass_arg(translate) is not _PassArg.context:
        return translate  # not newstyle gettext: left as it is
    answers: dict[tuple[Any, ...], Any] = {}

    @pass_context
    def translated(context: Any, *args: Any, **variables: Any) -> Any:
        if variables:
            return translate(context, *args, **variables)
        key = (context.eval_ctx.autoescape, *args)
        found = answers.get(key)
        if found is None:
            found = answers[key] = translate(context, *args)
        return found

    return translated
