"""A type-checker probe, never run: what an editor must know about the GitHub SDK.

`pyright --strict` and `mypy --strict` accept it with no Unknown anywhere (pyright's strict mode
reports every Unknown it meets): a model's attribute, a nested model's attribute after narrowing
`None` away, an enum member and its value as arguments, pages and raw responses. The two marked
lines are mistakes each checker must flag: their ignore comments are checked as needed
(`reportUnnecessaryTypeIgnoreComment`, mypy's `warn_unused_ignores`), so a checker that stops
seeing the model's fields or the method's parameters fails the probe.
"""

from github_sdk import GithubSdkClient, models

OWNER, REPO = "octocat", "hello-world"


def owner(repository: models.FullRepository) -> str:
    return repository.owner.login


def author(issue: models.Issue) -> str | None:
    if issue.user is None:
        return None
    return issue.user.login


def titles(client: GithubSdkClient) -> list[str]:
    page = client.issues.list_for_repo(OWNER, REPO, state=models.IssueListForRepoState.OPEN)
    found = [issue.title for issue in page.data]
    found += [issue.title for issue in client.issues.list_for_repo(OWNER, REPO, state="closed")]
    client.issues.list_for_repo(OWNER, REPO, status="open")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    return found


def reason(issue: models.Issue) -> models.IssueStateReason | None:
    return issue.state_reason


def create(client: GithubSdkClient) -> int:
    models.IssueCreateRequestBody(title="Found a bug", lables=["bug"])  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    body = models.IssueCreateRequestBody(title="Found a bug", labels=["bug"])
    issue = client.issues.create(OWNER, REPO, body=body)
    response = client.with_raw_response.issues.create(OWNER, REPO, body={"title": "Found a bug"})
    return issue.number + response.parse().number + response.status_code
