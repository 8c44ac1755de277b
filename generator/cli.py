"""``caselaw``: the command-line front door over the generator's functions."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .corpus import TRANSLATION, load
from .problems import render
from .translations import translation_problems

DEFAULT_CASES = Path("cases")


class UsageError(Exception):
    """A mistake in how the command was called: exit status 2."""


def _today() -> dt.date:
    # CASELAW_TODAY lets tests and reproducible builds pin "today"; it is not a user setting.
    pinned = os.environ.get("CASELAW_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


def cmd_validate(args: argparse.Namespace) -> int:
    wanted = [Path(p) for p in args.paths]
    for path in wanted:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
    # <case>.<lang>.md files named on the command line are translations, checked against the whole database.
    translations = [p for p in wanted if p.is_file() and TRANSLATION.search(p.name)]
    paths = [p for p in wanted if p not in translations] or ([] if translations else [args.cases_dir])
    context = [args.cases_dir] if args.cases_dir.is_dir() else []
    corpus, problems = load(paths, today=_today(), context=context)
    if args.cases_dir.is_dir() and (translations or not wanted):
        database = corpus if not wanted else load([args.cases_dir], today=_today())[0]
        problems += translation_problems(args.cases_dir, database, translations or None)
    if args.format == "json":
        print(render(problems, "json"))
    elif problems:
        print(render(problems, args.format))
    files = len({p.path for p in problems})
    if args.format == "human":
        if problems:
            print(f"\n{len(problems)} problem(s) in {files} file(s); {len(corpus)} valid case(s).", file=sys.stderr)
        else:
            print(f"{len(corpus)} case(s) valid.", file=sys.stderr)
    return 1 if problems else 0


def _load_valid(cases_dir: Path) -> list:
    if not cases_dir.is_dir():
        raise UsageError(f"{cases_dir}: no such folder")
    corpus, problems = load([cases_dir], today=_today())
    if problems:
        print(render(problems, "human"), file=sys.stderr)
        print(f"\n{len(problems)} problem(s): fix them first (caselaw validate).", file=sys.stderr)
        raise SystemExit(1)
    return list(corpus)


def _write_output(text: str, output: str | None) -> None:
    if not output or output == "-":
        sys.stdout.write(text)
        return
    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)


def cmd_export(args: argparse.Namespace) -> int:
    from .export import to_csv, to_json

    cases = _load_valid(args.cases_dir)
    _write_output(to_json(cases) if args.format == "json" else to_csv(cases), args.output)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import REQUIRED_INPUTS, check_inputs, make_id, render_new_case

    values = {"title": args.title, "country": args.country, "court": args.court, "court_level": args.court_level,
              "decision_date": args.date, "crime_types": args.crime_type, "citation": args.citation, "id": args.id}
    prompts = {"title": "Case name", "country": "Jurisdiction (ISO alpha-3, e.g. GBR, or ECTHR)", "court": "Court",
               "court_level": "Court level (e.g. first_instance, appeal, supreme)", "decision_date": "Decision date (YYYY-MM-DD)",
               "crime_types": "Crime types, comma-separated (e.g. trafficking_in_persons)"}
    missing = [k for k in REQUIRED_INPUTS if not values.get(k)]
    if missing and sys.stdin.isatty() and not args.no_input:
        for key in missing:
            answer = input(f"{prompts[key]}: ").strip()
            values[key] = [a.strip() for a in answer.split(",") if a.strip()] if key == "crime_types" else answer
        missing = [k for k in REQUIRED_INPUTS if not values.get(k)]
    if missing:
        flags = {"decision_date": "--date", "crime_types": "--crime-type"}
        raise UsageError("missing " + ", ".join(flags.get(k, "--" + k.replace("_", "-")) for k in missing))
    errors = check_inputs(values)
    if errors:
        raise UsageError("; ".join(errors))
    values["id"] = values["id"] or make_id(values["country"], values["decision_date"], values["title"])
    target = args.cases_dir / values["country"].lower() / f"{values['id']}.md"
    if target.exists():
        raise UsageError(f"{target} already exists; choose another --id")
    if args.cases_dir.is_dir():
        corpus, _ = load([args.cases_dir], today=_today())
        if values["id"] in corpus.by_id:
            raise UsageError(f"id '{values['id']}' is already used by {corpus.by_id[values['id']].path}; choose another --id")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_new_case(values, _today()), encoding="utf-8")
    print(target)
    print("Fill in the fields, then run: caselaw validate " + str(target), file=sys.stderr)
    return 0


def cmd_reference(args: argparse.Namespace) -> int:
    from .reference import render_reference

    _write_output(render_reference(), args.output)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import published_schema

    _write_output(json.dumps(published_schema(), indent=2, ensure_ascii=False) + "\n", args.output)
    return 0


def _checked_config(args: argparse.Namespace) -> Path:
    config = Path(args.config_file)
    if not config.is_file():
        raise UsageError(f"{config}: no such file (run from the project folder, or pass -f mkdocs.yml)")
    _load_valid(args.cases_dir)  # friendly errors before MkDocs starts
    return config


def cmd_build(args: argparse.Namespace) -> int:
    from .mkdocs_plugin.site_build import BuildFailed, build_atomic

    config = _checked_config(args)
    try:
        target = build_atomic(config, Path(args.site_dir), strict=not args.no_strict, verbose=args.verbose)
    except BuildFailed as exc:
        print(f"caselaw build: {exc}\nThe previous site, if any, is unchanged.", file=sys.stderr)
        return 1
    print(f"Built {target}", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .mkdocs_plugin.serve import serve
    from .mkdocs_plugin.site_build import BuildFailed

    config = _checked_config(args)
    print(f"Building, then serving on http://{args.host}:{args.port}/ (Ctrl+C to stop)", file=sys.stderr)
    try:
        serve(config, host=args.host, port=args.port)
    except BuildFailed as exc:
        print(f"caselaw serve: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_check_urls(args: argparse.Namespace) -> int:
    from . import url_guard

    if not args.cases_dir.is_dir():
        raise UsageError(f"{args.cases_dir}: no such folder")
    manifest = Path(args.manifest)
    current = url_guard.current_urls(args.cases_dir)
    if not manifest.is_file() and not args.update:
        raise UsageError(f"{manifest}: no such file; create it with: caselaw check-urls --update")
    published = url_guard.read_manifest(manifest) if manifest.is_file() else {}
    if args.update:
        added = len(set(current) - set(published))
        url_guard.write_manifest(manifest, url_guard.updated(published, current))
        print(f"{manifest}: {added} URL(s) added.", file=sys.stderr)
        published = url_guard.read_manifest(manifest)
    report = url_guard.check(published, current)
    text = url_guard.explain(report, str(manifest), args.format)
    if text:
        print(text, file=sys.stdout if args.format == "github" else sys.stderr)
    if report.ok:
        print(f"{len(published)} published URL(s) checked: none lost.", file=sys.stderr)
    return 0 if report.ok else 1


def cmd_issue_form(args: argparse.Namespace) -> int:
    from .issue_form import render_issue_form

    _write_output(render_issue_form(), args.output)
    return 0


def cmd_preview(args: argparse.Namespace) -> int:
    from .preview import PreviewFailed, preview

    path = Path(args.path)
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    config = Path(args.config_file)
    if not config.is_file():
        raise UsageError(f"{config}: no such file (run from the project folder, or pass -f mkdocs.yml)")
    try:
        page = preview(path, cases_dir=args.cases_dir, config_file=config, site_dir=Path(args.site_dir), today=_today())
    except PreviewFailed as exc:
        print(f"caselaw preview: {exc}", file=sys.stderr)
        return 1
    print(page)
    if args.open:
        import webbrowser

        webbrowser.open(page.resolve().as_uri())
    return 0


def cmd_offline(args: argparse.Namespace) -> int:
    from .offline import OfflineFailed, build_offline, publish

    config = _checked_config(args)
    try:
        made = build_offline(config, Path(args.site_dir), zim=not args.no_zim, verbose=args.verbose)
        copied = publish(made, Path(args.publish)) if args.publish else []
    except OfflineFailed as exc:
        print(f"caselaw offline: {exc}", file=sys.stderr)
        return 1
    print(f"{made.folder}/index.html ({made.pages} pages)", file=sys.stderr)
    for path in [made.zip, made.zim, *copied]:
        if path:
            print(path)
    return 0


def cmd_check_links(args: argparse.Namespace) -> int:
    from . import linkcheck

    if not args.external:
        site = Path(args.site_dir)
        if not site.is_dir():
            raise UsageError(f"{site}: no such folder; build the site first (caselaw build -d {site})")
        broken = linkcheck.check_site(site)
        if broken:
            print(linkcheck.explain(broken), file=sys.stderr)
            print(f"\n{len(broken)} broken internal link(s) in {site}.", file=sys.stderr)
            return 1
        print(f"{site}: every internal link and anchor resolves.", file=sys.stderr)
        return 0
    if args.timeout <= 0 or args.workers < 1:
        raise UsageError("--timeout must be positive and --workers at least 1")
    urls: dict[str, list[str]] = {url: [] for url in args.url} if args.url else linkcheck.source_urls(_load_valid(args.cases_dir))
    results = linkcheck.check_external(urls, timeout=args.timeout, workers=args.workers)
    for line in linkcheck.report(results):
        print(line)
    return 0  # dead sources are reported, never a reason to fail


def cmd_i18n(args: argparse.Namespace) -> int:
    from . import catalogues

    root = Path(args.root) if args.root else catalogues.ROOT
    if not (root / "theme").is_dir():
        raise UsageError(f"{root}: not the project folder (no theme/); pass --root")
    directory = Path(args.catalogues) if args.catalogues else root / "generator" / "i18n"
    if args.action == "extract":
        try:
            changed = catalogues.update(root, directory)
        except catalogues.CatalogueError as exc:
            print(f"caselaw i18n: {exc}", file=sys.stderr)
            return 1
        for path in changed:
            print(catalogues.relative(path, Path.cwd()))
        todo = {lang: len(catalogues.untranslated(lang, directory)) for lang in catalogues.TRANSLATED}
        count = len([m for m in catalogues.extract(root) if m.id])
        waiting = ", ".join(f"{lang} {n}" for lang, n in todo.items() if n) or "none"
        print(f"{count} message(s); {len(changed)} file(s) changed; untranslated or fuzzy: {waiting}.", file=sys.stderr)
        return 0
    found = catalogues.problems(root, directory)
    for line in found:
        print(line)
    if found:
        print(f"\n{len(found)} problem(s) in the message catalogues ({directory}).", file=sys.stderr)
        return 1
    print(f"Message catalogues complete: {', '.join(catalogues.TRANSLATED)} translate every string of the interface.", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="caselaw", description="Case-law database on trafficking in persons and smuggling of migrants.")
    parser.add_argument("--version", action="version", version=f"caselaw {__version__}")
    parser.add_argument("--cases-dir", type=Path, default=DEFAULT_CASES, help="folder of case files (default: cases)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check case files and report every problem")
    p.add_argument("paths", nargs="*", help="files or folders (default: all of cases/)")
    p.add_argument("--format", choices=["human", "json", "github"], default="human")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("new", help="write a new case file with every field explained")
    p.add_argument("--title")
    p.add_argument("--citation")
    p.add_argument("--country", help="ISO 3166-1 alpha-3 code, or ECTHR, IACTHR, ECOWAS, CJEU, ...")
    p.add_argument("--court")
    p.add_argument("--court-level")
    p.add_argument("--date", help="decision date, YYYY-MM-DD")
    p.add_argument("--crime-type", action="append", help="repeat for several")
    p.add_argument("--id", help="override the generated id")
    p.add_argument("--no-input", action="store_true", help="never prompt")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("export", help="every case as open data")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.add_argument("--output", "-o", help="file to write (default: standard output)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("reference", help="write the case record reference (Markdown)")
    p.add_argument("--output", "-o")
    p.set_defaults(func=cmd_reference)

    p = sub.add_parser("build", help="validate the cases, then build the site (replaces DIR only when complete)")
    p.add_argument("-d", "--site-dir", default="site", help="output folder (default: site)")
    p.add_argument("-f", "--config-file", default="mkdocs.yml")
    p.add_argument("--no-strict", action="store_true", help="do not treat MkDocs warnings as errors")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="validate the cases, then build and serve the site with live reload")
    p.add_argument("-f", "--config-file", default="mkdocs.yml")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("schema", help="write the JSON Schema with vocabularies resolved")
    p.add_argument("--output", "-o")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("check-urls", help="fail when a published case URL would disappear without an alias")
    p.add_argument("--manifest", default="published-urls.txt", help="the committed list of published URLs (default: published-urls.txt)")
    p.add_argument("--update", action="store_true", help="add the URLs of new cases to the manifest (never removes one)")
    p.add_argument("--format", choices=["human", "github"], default="human")
    p.set_defaults(func=cmd_check_urls)

    p = sub.add_parser("check-links", help="check every internal link of a built site; --external: report dead official sources")
    p.add_argument("-d", "--site-dir", default="site", help="the built site (default: site)")
    p.add_argument("--external", action="store_true", help="check the cases' official source addresses on the web instead (never fails)")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for each address (default: 10)")
    p.add_argument("--workers", type=int, default=8, help="addresses checked at the same time (default: 8)")
    p.add_argument("--url", action="append", default=[], help="check this address instead of the cases' sources (repeatable)")
    p.set_defaults(func=cmd_check_links)

    p = sub.add_parser("issue-form", help="write the GitHub issue form to propose a case, generated from the schema")
    p.add_argument("--output", "-o")
    p.set_defaults(func=cmd_issue_form)

    p = sub.add_parser("offline", help="build the site to read without internet: a folder for file://, a ZIP and a ZIM for Kiwix")
    p.add_argument("-d", "--site-dir", default="offline", help="output folder (default: offline)")
    p.add_argument("-f", "--config-file", default="mkdocs.yml")
    p.add_argument("--no-zim", action="store_true", help="make the folder and the ZIP only")
    p.add_argument("--publish", metavar="SITE", help="also copy the ZIP and ZIM into SITE/downloads/ of a built site and list them there")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=cmd_offline)

    p = sub.add_parser("i18n", help="the interface's message catalogues: extract its strings, or check the translations")
    p.add_argument("action", choices=["extract", "check"],
                   help="extract: rewrite generator/i18n/messages.pot and merge it into each <lang>.po; "
                        "check: list every missing, fuzzy or broken translation and a stale messages.pot (exit 1)")
    p.add_argument("--catalogues", metavar="DIR", help="folder of messages.pot and the <lang>.po files (default: generator/i18n)")
    p.add_argument("--root", metavar="DIR", help="the project folder whose theme/, generator/, site_search/ and mkdocs.yml are read "
                                                   "(default: the one this caselaw runs from)")
    p.set_defaults(func=cmd_i18n)

    p = sub.add_parser("preview", help="render one case file with the site's templates, fast")
    p.add_argument("path", help="the case file")
    p.add_argument("-d", "--site-dir", default=".preview", help="output folder (default: .preview)")
    p.add_argument("-f", "--config-file", default="mkdocs.yml")
    p.add_argument("--open", action="store_true", help="open the page in a web browser")
    p.set_defaults(func=cmd_preview)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"caselaw {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        print(f"caselaw {args.command}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
