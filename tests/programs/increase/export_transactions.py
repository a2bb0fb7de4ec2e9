"""Export an account's transactions as CSV and wait until the file is ready.

Run: INCREASE_BEARER_TOKEN=... python export_transactions.py
"""

from increase_sdk import IncreaseSdkClient


def main() -> None:
    with IncreaseSdkClient() as client:
        export = client.exports.create_and_wait(
            body={"category": "transaction_csv", "transaction_csv": {"account_id": "account_in71c4amph0vgo2qllky"}},
            poll_interval=0.1,
        )
        print(export.id, export.status.value, export.file_download_url)


if __name__ == "__main__":
    main()
