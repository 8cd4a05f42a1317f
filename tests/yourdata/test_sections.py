"""Other apps' data travels as export sections (apps/yourdata/sections.py)."""

import ast
import io
import json
import zipfile
from pathlib import Path

import pytest

from apps.lifestyle.models import Tag
from apps.yourdata import exporting, importing, sections
from apps.yourdata.importing import ImportFileError


class NotesSection:
    """A stand-in for another app's section, keeping its rows in memory by person id."""

    key = "test_notes"
    label = "test notes"
    columns = ["text"]

    def __init__(self) -> None:
        self.rows: dict[int, list[str]] = {}

    def export(self, person):
        for text in self.rows.get(person.pk, []):
            yield {"text": text}

    def restore(self, person, items):
        texts = self.rows.setdefault(person.pk, [])
        created = 0
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError("each test note needs a text")
            if item["text"] not in texts:
                texts.append(item["text"])
                created += 1
        return created


@pytest.fixture
def notes_section():
    section = NotesSection()
    sections.register(section)
    yield section
    sections.unregister(section.key)


def export_json(person) -> dict:
    return json.loads(b"".join(exporting.json_bytes(person)))


def test_a_registered_section_is_written_into_the_json_export(person, notes_section):
    notes_section.rows[person.pk] = ["first"]

    assert export_json(person)["test_notes"] == [{"text": "first"}]


def test_a_section_with_columns_gets_its_own_csv_in_the_zip(person, notes_section):
    notes_section.rows[person.pk] = ["first"]

    archive = zipfile.ZipFile(io.BytesIO(b"".join(exporting.zip_bytes(person))))

    assert archive.read("test_notes.csv").decode("utf-8-sig").splitlines() == ["text", "first"]


def test_the_gutmind_import_restores_a_section_once(person, other_person, notes_section):
    notes_section.rows[person.pk] = ["first"]
    raw = b"".join(exporting.json_bytes(person))

    plan = importing.build_plan(other_person, importing.parse("gutmind", raw))
    # Other apps' registered sections (checkups') travel too: only this one is checked here.
    assert plan.report()["sections"]["test notes"] == 1
    assert importing.apply_plan(plan).sections["test_notes"] == 1
    again = importing.build_plan(other_person, importing.parse("gutmind", raw))
    assert importing.apply_plan(again).sections["test_notes"] == 0
    assert notes_section.rows[other_person.pk] == ["first"]


def test_a_section_refusing_an_item_rolls_the_whole_import_back(person, notes_section):
    data = json.loads(b"".join(exporting.json_bytes(person)))
    data["tags"] = [{"name": "coffee"}]
    data["test_notes"] = [{"text": "fine"}, {"oops": 1}]
    plan = importing.build_plan(person, importing.parse("gutmind", json.dumps(data).encode()))

    with pytest.raises(ImportFileError, match="Test notes: each test note needs a text"):
        importing.apply_plan(plan)
    assert not Tag.objects.filter(person=person).exists()


def test_an_unknown_key_is_named_in_the_preview_and_left_out(person):
    data = json.loads(b"".join(exporting.json_bytes(person)))
    data["from_the_future"] = [{"x": 1}]

    parsed = importing.parse("gutmind", json.dumps(data).encode())

    assert any("from_the_future" in notice for notice in parsed.notices)
    assert "from_the_future" not in parsed.sections


def test_a_section_may_not_take_a_core_key_or_lack_restore():
    class Broken:
        key = "checkins"

        def export(self, person):
            return []

        def restore(self, person, items):
            return 0

    with pytest.raises(ValueError):
        sections.register(Broken())
    with pytest.raises(TypeError):
        sections.register(object())


def test_accounts_imports_no_other_app():
    root = Path(__file__).resolve().parents[2] / "apps" / "accounts"
    imported = set()
    for source in root.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert not {name for name in imported if name.startswith("apps.") and ".accounts" not in name}
