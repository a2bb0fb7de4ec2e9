"""Open an account for an entity under a program.

Run: INCREASE_BEARER_TOKEN=... python create_account.py
"""

from increase_sdk import IncreaseSdkClient


def main() -> None:
    with IncreaseSdkClient() as client:
        account = client.accounts.create(
            body={
                "name": "New Account!",
                "entity_id": "entity_n8y8tnk2p9339ti393yi",
                "program_id": "program_i2v2os4mwza1oetokh9i",
            }
        )
        print(account.id, account.status.value, account.created_at.isoformat())


if __name__ == "__main__":
    main()
