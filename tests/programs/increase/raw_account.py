"""The request id Increase sends back, then the account parsed from the same response.

Run: INCREASE_BEARER_TOKEN=... python raw_account.py
"""

from increase_sdk import IncreaseSdkClient


def main() -> None:
    with IncreaseSdkClient() as client:
        raw = client.with_raw_response.accounts.retrieve(account_id="account_in71c4amph0vgo2qllky")
        print(raw.status_code, raw.headers["x-request-id"])
        account = raw.parse()
        print(account.id, account.name, account.informational_entity_id)


if __name__ == "__main__":
    main()
