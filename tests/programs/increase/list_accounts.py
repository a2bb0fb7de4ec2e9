"""Open accounts, a page at a time: the SDK follows Increase's `cursor` / `next_cursor`.

Run: INCREASE_BEARER_TOKEN=... python list_accounts.py
(INCREASE_BASE_URL points the client at the sandbox, https://sandbox.increase.com.)
"""

from increase_sdk import IncreaseSdkClient


def main() -> None:
    with IncreaseSdkClient() as client:
        page = client.accounts.list(status="open", limit=1)
        while True:
            for account in page.data:
                print(account.id, account.name, account.status.value)
            if not page.has_next_page():
                break
            page = page.next_page()


if __name__ == "__main__":
    main()
