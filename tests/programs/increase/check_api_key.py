"""Refuse to start without an API key, and say which setting is missing.

Run: INCREASE_BEARER_TOKEN=... python check_api_key.py
"""

from increase_sdk import IncreaseSdkClient, SDKError


def main() -> None:
    try:
        client = IncreaseSdkClient()
    except SDKError as error:
        print(f"not configured: {error}")
        raise SystemExit(2) from None
    with client:
        account = client.accounts.retrieve(account_id="account_in71c4amph0vgo2qllky")
        print(account.id, account.name)


if __name__ == "__main__":
    main()
