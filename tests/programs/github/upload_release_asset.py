"""Attach a build to a release: the asset is the raw body, read from the path given.

Run: GITHUB_TOKEN=ghp_... python upload_release_asset.py dist/hello-1.0.zip
"""

import sys
from pathlib import Path

from github_sdk import GithubSdkClient


def main() -> None:
    build = Path(sys.argv[1])
    with GithubSdkClient() as client:
        asset = client.repos.upload_release_asset(
            owner="octocat", repo="Hello-World", release_id=1, name=build.name, label="Build", body=build
        )
        print(asset.name, asset.size, asset.state)


if __name__ == "__main__":
    main()
