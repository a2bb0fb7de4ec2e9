"""A missing issue and an issue GitHub refuses, as typed errors with GitHub's error body.

Run: GITHUB_TOKEN=ghp_... python issue_errors.py
"""

from github_sdk import GithubSdkClient, NotFoundError, UnprocessableEntityError, models


def main() -> None:
    with GithubSdkClient() as client:
        try:
            client.issues.get(owner="octocat", repo="Hello-World", issue_number=999999)
        except NotFoundError as error:
            message = error.body.message if isinstance(error.body, models.BasicError) else error.body
            print(f"lookup: {error.status_code} {message}")
        try:
            client.issues.create(
                owner="octocat", repo="Hello-World", body={"title": "Bug", "assignees": ["nobody-here"]}
            )
        except UnprocessableEntityError as error:
            if isinstance(error.body, models.ValidationError):
                for problem in error.body.errors or []:
                    print(f"create: {error.status_code} {problem.field} {problem.code}")


if __name__ == "__main__":
    main()
