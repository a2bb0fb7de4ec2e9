"""Open bugs of a repository, every page: the SDK follows GitHub's `Link: <...>; rel="next"`.

Run: GITHUB_TOKEN=ghp_... python list_issues.py
(GITHUB_BASE_URL points the client at GitHub Enterprise or a test double.)
"""

from github_sdk import GithubSdkClient


def main() -> None:
    with GithubSdkClient() as client:
        for issue in client.issues.list_for_repo(owner="octocat", repo="Hello-World", labels="bug", per_page=2):
            assignee = issue.assignee.login if issue.assignee else "nobody"
            print(f"#{issue.number} {issue.title} ({assignee})")


if __name__ == "__main__":
    main()
