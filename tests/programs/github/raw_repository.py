"""How much rate limit is left, then the repository itself (parsed on demand).

Run: GITHUB_TOKEN=ghp_... python raw_repository.py (the token is optional here)
"""

from github_sdk import GithubSdkClient


def main() -> None:
    with GithubSdkClient() as client:
        raw = client.with_raw_response.repos.get(owner="octocat", repo="Hello-World")
        print("rate limit left:", raw.headers["x-ratelimit-remaining"])
        repository = raw.parse()
        print(repository.full_name, repository.stargazers_count, repository.owner.login)


if __name__ == "__main__":
    main()
