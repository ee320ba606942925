"""The document's own webhook verification example, in JavaScript, run with `node`, accepts a delivery the
generated service really sent and rejects it with the body tampered with.

For every example document (ours, and ../shared/specs where it exists) whose signature verification example
is JavaScript: the scaffolded project's worker delivers one event to a receiver on 127.0.0.1; the example is
loaded in a `vm` context (`require('crypto')` real; `app`, `express`, `process.env` and other modules stubbed),
its verification function is found and called with arguments chosen by their names (raw body, signature header,
timestamp header, secret), the headers named by the model's `webhooks.signature`. A TypeScript example is not
JavaScript: it is skipped, not transpiled.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from generator.model.schema import Signature
from generator.pipeline import read_spec
from tests.documents import own_documents, shared_documents
from tests.scaffolding import check_python

JAVASCRIPT = {"javascript", "js", "node", "nodejs", "mjs", "cjs"}
TYPESCRIPT = {"typescript", "ts", "tsx"}
_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*)\n(?P<code>.*?)^(?P=fence)[ \t]*$", re.M | re.S)


def example_languages(document: Path, example: str) -> set[str]:
    """The fence languages of the document's code blocks that make up the signature example."""
    text = document.read_text(encoding="utf-8").replace("\r\n", "\n")
    languages = set()
    for block in _FENCE.finditer(text):
        code = block["code"].strip()
        if code and code in example:
            languages.add(block["info"].split()[0].lower() if block["info"].strip() else "")
    return languages


def document_cases() -> list[object]:
    cases: list[object] = []
    documents = [(path, path.stem) for path in own_documents()]
    documents += [(path, f"shared-{path.stem}") for path in shared_documents()]
    for path, name in documents:
        webhooks = read_spec(path).spec.webhooks
        signature = webhooks.signature if webhooks else Signature()
        languages = example_languages(path, signature.example) if signature.example else set()
        if languages & JAVASCRIPT:
            cases.append(pytest.param(path, id=name))
            continue
        if languages & TYPESCRIPT:
            reason = f"{path.name}: the verification example is TypeScript, not JavaScript"
        elif signature.example:
            reason = f"{path.name}: the verification example is not JavaScript ({', '.join(sorted(languages)) or '?'})"
        else:
            reason = f"{path.name}: no webhook signature verification example"
        cases.append(pytest.param(path, id=name, marks=pytest.mark.skip(reason=reason)))
    if not shared_documents():
        cases.append(pytest.param(None, id="shared", marks=pytest.mark.skip(reason="../shared/specs is not here")))
    return cases


@dataclass
class Captured:
    headers: dict[str, str]  # names in lower case
    body: bytes


class Receiver:
    """One threaded HTTP server on 127.0.0.1 that records what it is sent and answers 204."""

    def __init__(self) -> None:
        self.requests: list[Captured] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append(Captured({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    served = Receiver()
    yield served
    served.close()


# Runs in the generated project: registers an endpoint through its API, emits one event, and lets a worker
# deliver what is due; prints the endpoint's secret.
DELIVER = """
import asyncio, json, sys
from fastapi.testclient import TestClient
from tests.settings import TEST_SETTINGS
from {package}.api.routes.webhooks import MANAGE_SCOPE
from {package}.cli import upgrade_database
from {package}.core.config import Settings
from {package}.events.catalog import event_types, payload_data
from {package}.main import create_app
from {package}.services.api_keys import create_api_key
from {package}.webhooks.worker import Worker

url, database = sys.argv[1], sys.argv[2]
settings = Settings(_env_file=None, database_url=database, **TEST_SETTINGS)
upgrade_database(settings)
app = create_app(settings)
with TestClient(app) as client:
    with app.state.db.session() as session:
        key = create_api_key(session, "js example", [MANAGE_SCOPE]).key
        session.commit()
    headers = {{"Authorization": f"Bearer {{key}}"}}
    event_type, event = next(iter(event_types().items()))
    created = client.post("/api/v1/webhooks", json={{"url": url, "events": [event_type]}}, headers=headers)
    assert created.status_code == 201, created.text
    data = payload_data(event) or {{"object": "sample", "id": "obj_1"}}
    emitted = client.post("/api/v1/events", json={{"type": event_type, "data": data}}, headers=headers)
    assert emitted.status_code == 202, emitted.text
    assert asyncio.run(Worker(app.state.db, settings).run_due()) == 1
print(json.dumps({{"secret": created.json()["secret"]}}))
"""

# Loads the example in a vm context, finds its verification function and calls it; prints the answers.
RUN_EXAMPLE = r"""
const vm = require('vm');
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const stub = new Proxy(function () {}, {
  get: (target, name) => (name === Symbol.toPrimitive ? () => '' : name === 'then' ? undefined : stub),
  apply: () => stub,
  construct: () => stub,
});
const context = {
  require: (name) => (name === 'crypto' || name === 'node:crypto' ? require('crypto') : stub),
  Buffer, console, URL, TextEncoder, TextDecoder,
  process: { env: new Proxy({}, { get: () => 'stub' }) },
  app: stub, express: stub, router: stub, module: { exports: {} }, exports: {},
};
vm.createContext(context);
vm.runInContext(input.code, context, { filename: 'example.js' });
const exported = Object.entries({ ...context, ...context.module.exports, ...context.exports });
const candidates = exported.filter(([name, value]) => typeof value === 'function' && /verif/i.test(name));
if (candidates.length !== 1) {
  throw new Error(`expected one verification function, found: ${candidates.map(([n]) => n).join(', ') || 'none'}`);
}
const [name, verify] = candidates[0];
const source = verify.toString();
const list = source.slice(source.indexOf('(') + 1, source.indexOf(')'));
const parameters = list.split(',').map((p) => p.trim().split(/[\s=]/)[0]).filter(Boolean);
function argument(parameter, body) {
  if (/toleran|window|max.?age/i.test(parameter)) return undefined;  // the example's default
  if (/^t$|^ts$|time|stamp/i.test(parameter)) return input.timestamp;
  if (/secret|key/i.test(parameter)) return input.secret;
  if (/body|payload|raw|data/i.test(parameter)) return body;
  if (/sig|header/i.test(parameter)) return input.signature;
  throw new Error(`no argument for parameter ${parameter} of ${name}`);
}
function call(body) {
  try {
    return verify(...parameters.map((parameter) => argument(parameter, body)));
  } catch (error) {
    return `threw ${error.message}`;
  }
}
const body = Buffer.from(input.body, 'base64');
const tampered = Buffer.from(body.toString('utf8').replace(/.$/s, ' }'));
console.log(JSON.stringify({ name, parameters, genuine: call(body), tampered: call(tampered) }));
"""


def package_of(project: Path) -> str:
    (package,) = [path.name for path in (project / "src").iterdir() if path.is_dir() and path.name.isidentifier()]
    return package


def deliver_one(project: Path, url: str, database: Path) -> str:
    """The project's worker delivers one event to ``url``; the endpoint's secret."""
    done = subprocess.run(
        [check_python(), "-c", DELIVER.format(package=package_of(project)), url, f"sqlite:///{database}"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(project / "src"), str(project)])},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    secret: str = json.loads(done.stdout.strip().splitlines()[-1])["secret"]
    return secret


def timestamp_header(signature: Signature) -> str:
    """The header the spec's timestamp travels in: one it names beside the signature, else Standard Webhooks'."""
    named = [header for header in signature.extra_headers if "timestamp" in header.lower()]
    return named[0] if named else "webhook-timestamp"


def run_example(example: str, captured: Captured, signature: Signature, secret: str) -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "node is not installed"
    arguments = {
        "code": example,
        "body": base64.b64encode(captured.body).decode(),
        "signature": captured.headers[signature.header.lower()],
        "timestamp": captured.headers[timestamp_header(signature).lower()],
        "secret": secret,
    }
    done = subprocess.run(
        [node, "-e", RUN_EXAMPLE], input=json.dumps(arguments), capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    answers: dict[str, Any] = json.loads(done.stdout)
    return answers


@pytest.mark.slow
@pytest.mark.parametrize("document", document_cases())
def test_the_documents_javascript_example_verifies_a_real_delivery(
    document: Path, projects: dict[str, Path], receiver: Receiver, tmp_path: Path
) -> None:
    webhooks = read_spec(document).spec.webhooks
    assert webhooks is not None
    signature = webhooks.signature
    project = projects[document.name]
    secret = deliver_one(project, receiver.url, tmp_path / "deliver.db")
    (captured,) = receiver.requests
    answers = run_example(signature.example, captured, signature, secret)
    assert answers["genuine"] is True, f"{document.name}'s example refused a real delivery: {answers}"
    assert answers["tampered"] is not True, f"{document.name}'s example accepted a tampered body: {answers}"
