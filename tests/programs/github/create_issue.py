"""File a bug, assigned and labelled.

Run: GITHUB_TOKEN=ghp_... python create_issue.py
"""

from github_sdk import GithubSdkClient


def main() -> None:
    with GithubSdkClient() as client:
        issue = client.issues.create(
            owner="octocat",
            repo="Hello-World",
            body={
                "title": "Found a bug",
                "body": "I'm having a problem with this.",
                "assignees": ["octocat"],
                "milestone": 1,
                "labels": ["bug"],
            },
        )
        print(f"#{issue.number} {issue.html_url}")


if __name__ == "__main__":
    main()
