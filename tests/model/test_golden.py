"""The inspected model of every example document, compared with its golden file (``make golden`` refreshes)."""

import json

import pytest

from tests.documents import document_params, golden_path
from tests.refresh_golden import model_text


@pytest.mark.parametrize("document", document_params())
def test_model_matches_golden(document):
    expected_path = golden_path(document)
    assert expected_path.exists(), f"no golden file for {document.name}; run `make golden`"
    actual = json.loads(model_text(document))
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    for key in expected.keys() | actual.keys():
        assert actual.get(key) == expected.get(key), (
            f"{document.name}: '{key}' differs from {expected_path.name}; run `make golden` if intended"
        )


@pytest.mark.parametrize("document", document_params())
def test_examples_have_no_errors(document):
    errors = [d for d in json.loads(model_text(document))["diagnostics"] if d["severity"] == "error"]
    assert errors == []
