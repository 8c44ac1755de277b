"""Open data: JSON and CSV exports carry every field of every case and read back equal."""

from __future__ import annotations

import csv
import io
import json

from generator import export
from generator.corpus import load
from generator.export import csv_chunks, from_csv, json_chunks, record, to_csv, to_json
from tests.conftest import CASES, SYNTHETIC_CASE, TODAY, write_case
from tests.test_broken_records import run_cli


def _compact(value):
    """What a CSV cell can carry: empty lists and objects are the same as absent."""
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items() if v not in ([], {}, None, "")}
    if isinstance(value, list):
        return [_compact(v) for v in value]
    return value


def test_json_round_trips_every_field():
    corpus, _ = load([CASES], today=TODAY)
    data = json.loads(to_json(corpus))
    assert len(data) == len(corpus)
    for case, exported in zip(corpus, data, strict=True):
        body = exported.pop("body")
        assert exported == case.data
        assert body == case.body
        assert list(exported)[:3] == ["id", "title", "citation"]


def test_csv_round_trips_every_field():
    corpus, _ = load([CASES], today=TODAY)
    text = to_csv(corpus)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(corpus)
    assert {"id", "victims.total", "countries_involved.origin", "body"} <= set(rows[0])
    back = from_csv(text)
    for case, data in zip(corpus, back, strict=True):
        assert data.pop("body") == case.body
        assert data == _compact(case.data), case.path


def test_csv_keeps_nested_values(tmp_cases):
    write_case(tmp_cases, SYNTHETIC_CASE)
    corpus, _ = load([tmp_cases], today=TODAY)
    row = next(csv.DictReader(io.StringIO(to_csv(corpus))))
    assert row["victims.total"] == "3"
    assert row["acts"] == "recruitment; harbouring"
    assert json.loads(row["charges"])[0]["sentence"]["imprisonment_months"] == 60
    assert record(corpus.cases[0])["landmark"] is False and row["landmark"] == "false"


def test_cli_export_to_stdout_and_file(tmp_path):
    cases = tmp_path / "cases"
    write_case(cases, SYNTHETIC_CASE)
    result = run_cli("export", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout)[0]["id"] == "tst-2020-synthetic-one"
    result = run_cli("export", "--format", "csv", "--output", "out/cases.csv", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == ""
    assert (tmp_path / "out" / "cases.csv").read_text().startswith("id,title,citation")


def test_cli_export_refuses_invalid_cases(tmp_path):
    write_case(tmp_path / "cases", SYNTHETIC_CASE.replace("country: GBR", "country: XXX"))
    result = run_cli("export", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert "'XXX' is not a term" in result.stderr and "Traceback" not in result.stderr


def test_exports_written_in_pieces_are_the_whole_texts(corpus, monkeypatch):
    """The build writes the exports a piece at a time (at 50,000 cases each is hundreds of MB): the same bytes."""
    whole_json = json.dumps([record(c) for c in corpus], ensure_ascii=False, separators=(",", ":")) + "\n"
    whole_csv = to_csv(corpus)
    monkeypatch.setattr(export, "CHUNK", 10)
    json_pieces, csv_pieces = list(json_chunks(corpus)), list(csv_chunks(corpus))
    assert len(json_pieces) >= len(corpus) and len(csv_pieces) >= len(corpus)
    assert "".join(json_pieces) == whole_json == to_json(corpus)
    assert "".join(csv_pieces) == whole_csv
    assert "".join(json_chunks([])) == "[]\n"
