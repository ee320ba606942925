"""Values from a spec are data: quotes, braces, Jinja syntax, newlines, path tricks, unicode and Python
keywords land in the output as themselves, the output imports and passes its checks, and nothing is
written outside the output folder."""

import json
from pathlib import Path

import pytest

from tests.scaffolding import check_project, failures, scaffold_project

HOSTILE = (
    """# Integration Specifications: Ünïcode "Quoted" {{7*7}} {% raw %} ../../etc \\ back

## Overview
It's {{ config }} and {% for x in y %} with "quotes" and """
    + "'''"
    + ''' and """ too.

## OAuth 2.0 Provider
```yaml
Scopes:
  - read:orders - Read "orders" {{7*7}} \\n '''
    + "'''"
    + '''
  - webhook:manage - Manage {% if true %}hooks{% endif %}
```

## Webhook System
### Webhook Configuration
```json
{"url": "https://c.example/h", "events": ["order.class"], "headers": {"X-Evil": "a\\r\\nInjected: b", "X-Brace": "{{7*7}}"}, "secret": "whsec_x"}
```
### Event Catalog
| Event | Description | Payload Schema |
|-------|-------------|----------------|
| `order.class` | Fires when {{7*7}} \\| """ and ../../ happen | `order.v1` |
| `order.import` | Keyword-named event ü | `order.v1` |

### Event Payloads
**`order.class`**
```json
{"type": "order.class", "data": {"class": "{{7*7}}", "from": "../../etc/passwd", "model_config": 1, "some-field": "\\"\\"\\"", "ünï": true}}
```

## Error Handling
### Error Response Format
```json
{"error": {"type": "x", "code": "bad_thing", "message": "It's \\"bad\\" {{7*7}}\\n", "field": "f", "request_id": "r", "documentation": "https://docs.example.com/{code}/errors/bad_thing"}}
```

## CRM Integration (Salesforce)
### Field Mapping
| Our Field | Salesforce Field | Transform |
|---|---|---|
| order.class | Account.Name__c | Prefix with "{{7*7}}\\" |
| order."""x | Account.X__c | Geocode """ {% raw %} \\ it |
| order.y | Account.Y__c | Enum map ("a"→"{{7*7}}", b→"""B) |
'''
)


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    spec = root / 'evil "{{7*7}}" name.md'
    spec.write_text(HOSTILE, encoding="utf-8")
    return scaffold_project(spec, root / "out").target


def test_nothing_is_written_outside_the_output_folder(hostile_project: Path) -> None:
    root = hostile_project.parent
    assert sorted(p.name for p in root.iterdir()) == ['evil "{{7*7}}" name.md', "out"]
    for path in hostile_project.rglob("*"):
        assert path.resolve().is_relative_to(hostile_project.resolve())
        assert not path.is_symlink()


def test_jinja_syntax_in_values_stays_text(hostile_project: Path) -> None:
    catalog = json.loads(next(hostile_project.rglob("catalog.json")).read_text(encoding="utf-8"))
    assert catalog[0]["description"] == 'Fires when {{7*7}} | """ and ../../ happen'
    readme = (hostile_project / "README.md").read_text(encoding="utf-8")
    title = readme.splitlines()[0]  # (the rest of the README cites RFC 6749)
    assert "{{7\\*7}}" in title and "49" not in title  # markdown-escaped, never evaluated
    config = next(hostile_project.rglob("config.py")).read_text(encoding="utf-8")
    assert 'app_name: str = "Ünïcode \\"Quoted\\" {{7*7}} {% raw %} ../../etc \\\\ back"' in config


def test_field_mapping_values_stay_data(hostile_project: Path) -> None:
    table = next(hostile_project.rglob("mappings/table.py")).read_text(encoding="utf-8")
    assert 'partial(transforms.prefix, text="{{7*7}}\\\\")' in table
    assert '"order.\\"\\"\\"x"' in table
    custom = next(hostile_project.rglob("mappings/custom.py")).read_text(encoding="utf-8")
    assert "def transform_order_x(value: Any) -> Any:" in custom
    assert '\\"\\"\\" {% raw %} \\\\ it' in custom


def test_names_are_made_safe(hostile_project: Path) -> None:
    packages = [p.name for p in (hostile_project / "src").iterdir()]
    assert packages == ["unicode_quoted_7_7_raw_etc_back"]


def test_hostile_project_passes_its_checks(hostile_project: Path, tmp_path: Path) -> None:
    results = check_project(hostile_project, tmp_path / "mypy-cache")
    assert all(r.ok for r in results), failures(results)


def test_keyword_app_name_becomes_an_importable_package(tmp_path: Path) -> None:
    spec = tmp_path / "spec.md"
    spec.write_text("# Integration Specifications: Import\n## Overview\nA service.\n", encoding="utf-8")
    project = scaffold_project(spec, tmp_path / "out").target
    assert (project / "src" / "import_app" / "main.py").is_file()
    results = check_project(project, tmp_path / "mypy-cache")
    assert all(r.ok for r in results), failures(results)
