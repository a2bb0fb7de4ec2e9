"""The async client: a repository's open issue count, then each open issue, every page.

Run: GITHUB_TOKEN=ghp_... python async_issues.py
"""

import asyncio

from github_sdk import AsyncGithubSdkClient


async def main() -> None:
    async with AsyncGithubSdkClient() as client:
        repository = await client.repos.get(owner="octocat", repo="Hello-World")
        print(repository.full_name, repository.open_issues_count)
        async for issue in client.issues.list_for_repo(owner="octocat", repo="Hello-World", per_page=2):
            print(f"#{issue.number} {issue.title}")


if __name__ == "__main__":
    asyncio.run(main())
