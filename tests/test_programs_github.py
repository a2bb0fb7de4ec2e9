"""GitHub's programs (tests/programs/github/): JSON bodies, the token the project declares
(`GITHUB_TOKEN`, optional), `Link` pages, a raw upload by path; replies from the spec's own
examples. See tests/program_runs.py."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from tests.fault_server import FaultServer, Reply
from tests.program_runs import (
    Checks,
    Run,
    example,
    header,
    json_body,
    nth,
)

pytestmark = pytest.mark.slow  # npm downloads, SDKs of 130-1,200 operations generated and imported

GITHUB_TOKEN = "ghp_16C7e42F292c6912E7710c838347Ae178B4a"

# --- GitHub: JSON, the token the project declares, Link pages, the spec's own examples ------


def github_issues(github_spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Three issues from the spec's example: #1347 as given, #1348 unassigned (a null
    `nullable-simple-user`), #1349 with no milestone."""
    (issue,) = example(github_spec, "/repos/{owner}/{repo}/issues", "get", "200")
    unassigned = copy.deepcopy(issue) | {"number": 1348, "title": "Crash on start", "assignee": None, "assignees": []}
    no_milestone = copy.deepcopy(issue) | {"number": 1349, "title": "Typo in README", "milestone": None}
    return [issue, unassigned, no_milestone]


def link_pages(server: FaultServer, pages: list[Any], path: str, query: str) -> list[Reply]:
    """Replies for `pages`, each but the last with GitHub's Link header to the next."""
    replies = []
    for number, items in enumerate(pages, start=1):
        headers = {}
        if number < len(pages):
            last = f'<{server.url}{path}?{query}&page={len(pages)}>; rel="last"'
            headers["Link"] = f'<{server.url}{path}?{query}&page={number + 1}>; rel="next", {last}'
        replies.append(Reply(200, items, headers=headers))
    return replies


def test_github_list_issues(run_program: Run, server: FaultServer, github_spec: dict[str, Any]) -> None:
    issues = github_issues(github_spec)
    server.script = link_pages(
        server, [issues[:2], issues[2:]], "/repositories/1296269/issues", "labels=bug&per_page=2"
    )
    result = run_program("github/list_issues.py", GITHUB_TOKEN=GITHUB_TOKEN)
    check = Checks()
    check("program", result.ended, None)
    check(
        "requests",
        [(s.method, s.path, s.query) for s in server.seen],
        [
            ("GET", "/repos/octocat/Hello-World/issues", {"labels": ["bug"], "per_page": ["2"]}),
            ("GET", "/repositories/1296269/issues", {"labels": ["bug"], "per_page": ["2"], "page": ["2"]}),
        ],
    )
    check("authorization", [header(s, "Authorization") for s in server.seen], [f"Bearer {GITHUB_TOKEN}"] * 2)
    check(
        "output",
        result.out,
        ["#1347 Found a bug (octocat)", "#1348 Crash on start (nobody)", "#1349 Typo in README (octocat)"],
    )
    check.done()


def test_github_create_issue(run_program: Run, server: FaultServer, github_spec: dict[str, Any]) -> None:
    server.script = [Reply(201, example(github_spec, "/repos/{owner}/{repo}/issues", "post", "201"))]
    result = run_program("github/create_issue.py", GITHUB_TOKEN=GITHUB_TOKEN)
    seen = nth(server, 0)
    check = Checks()
    check("program", result.ended, None)
    check(
        "requests",
        [(s.method, s.path, s.raw_query) for s in server.seen],
        [("POST", "/repos/octocat/Hello-World/issues", "")],
    )
    check("content-type", header(seen, "Content-Type"), "application/json")
    check("authorization", header(seen, "Authorization"), f"Bearer {GITHUB_TOKEN}")
    check(
        "JSON body",
        json_body(seen),
        {
            "title": "Found a bug",
            "body": "I'm having a problem with this.",
            "assignees": ["octocat"],
            "milestone": 1,
            "labels": ["bug"],
        },
    )
    check("output", result.out, ["#1347 https://github.com/octocat/Hello-World/issues/1347"])
    check.done()


def test_github_upload_release_asset_by_path(
    run_program: Run, server: FaultServer, github_spec: dict[str, Any], tmp_path: Path
) -> None:
    build = tmp_path / "hello-1.0.zip"
    content = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) + b"PK\x05\x06" + bytes(18)
    build.write_bytes(content)
    path = "/repos/{owner}/{repo}/releases/{release_id}/assets"
    server.script = [Reply(201, example(github_spec, path, "post", "201"))]
    result = run_program("github/upload_release_asset.py", str(build), GITHUB_TOKEN=GITHUB_TOKEN)
    seen = nth(server, 0)
    check = Checks()
    check("program", result.ended, None)
    check(
        "requests",
        [(s.method, s.path, s.query) for s in server.seen],
        [("POST", "/repos/octocat/Hello-World/releases/1/assets", {"name": ["hello-1.0.zip"], "label": ["Build"]})],
    )
    check("content-type", header(seen, "Content-Type"), "application/octet-stream")
    check("authorization", header(seen, "Authorization"), f"Bearer {GITHUB_TOKEN}")
    check("body is the file", seen.body == content, True)
    check("output", result.out, ["example.zip 1024 uploaded"])
    check.done()


def test_github_errors(run_program: Run, server: FaultServer) -> None:
    docs = "https://docs.github.com/rest/issues/issues"
    invalid = {"value": "nobody-here", "resource": "Issue", "field": "assignees", "code": "invalid"}
    server.script = [
        Reply(404, {"message": "Not Found", "documentation_url": f"{docs}#get-an-issue", "status": "404"}),
        Reply(
            422, {"message": "Validation Failed", "errors": [invalid], "documentation_url": f"{docs}#create-an-issue"}
        ),
    ]
    result = run_program("github/issue_errors.py", GITHUB_TOKEN=GITHUB_TOKEN)
    check = Checks()
    check("program", result.ended, None)
    check(
        "requests (neither retried)",
        [(s.method, s.path) for s in server.seen],
        [("GET", "/repos/octocat/Hello-World/issues/999999"), ("POST", "/repos/octocat/Hello-World/issues")],
    )
    check("JSON body", json_body(nth(server, 1)), {"title": "Bug", "assignees": ["nobody-here"]})
    check("output", result.out, ["lookup: 404 Not Found", "create: 422 assignees invalid"])
    check.done()


@pytest.mark.parametrize("token", [GITHUB_TOKEN, None], ids=["token", "anonymous"])
def test_github_raw_response_of_the_specs_own_example(
    run_program: Run, server: FaultServer, github_spec: dict[str, Any], token: str | None
) -> None:
    """`repos.get` answered with GitHub's own example (which breaks GitHub's own schema); the
    token is optional, as the project declares it: without GITHUB_TOKEN the call goes out bare."""
    repository = example(github_spec, "/repos/{owner}/{repo}", "get", "200")
    server.script = [Reply(200, repository, headers={"X-RateLimit-Remaining": "4999"})]
    result = run_program("github/raw_repository.py", **({"GITHUB_TOKEN": token} if token else {}))
    check = Checks()
    check("program", result.ended, None)
    check("requests", [(s.method, s.path) for s in server.seen], [("GET", "/repos/octocat/Hello-World")])
    check("authorization", header(nth(server, 0), "Authorization"), f"Bearer {token}" if token else None)
    check("output", result.out, ["rate limit left: 4999", "octocat/Hello-World 80 octocat"])
    check.done()


def test_github_async(run_program: Run, server: FaultServer, github_spec: dict[str, Any]) -> None:
    issues = github_issues(github_spec)
    repository = example(github_spec, "/repos/{owner}/{repo}", "get", "200")
    pages = link_pages(server, [issues[:2], issues[2:]], "/repositories/1296269/issues", "per_page=2")
    server.script = [Reply(200, repository), *pages]
    result = run_program("github/async_issues.py", GITHUB_TOKEN=GITHUB_TOKEN)
    check = Checks()
    check("program", result.ended, None)
    check(
        "requests",
        [(s.method, s.path, s.query) for s in server.seen],
        [
            ("GET", "/repos/octocat/Hello-World", {}),
            ("GET", "/repos/octocat/Hello-World/issues", {"per_page": ["2"]}),
            ("GET", "/repositories/1296269/issues", {"per_page": ["2"], "page": ["2"]}),
        ],
    )
    check("authorization", {header(s, "Authorization") for s in server.seen}, {f"Bearer {GITHUB_TOKEN}"})
    check(
        "output",
        result.out,
        [
            f"octocat/Hello-World {repository['open_issues_count']}",
            "#1347 Found a bug",
            "#1348 Crash on start",
            "#1349 Typo in README",
        ],
    )
    check.done()
