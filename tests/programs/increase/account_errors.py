"""A missing account and a rejected create, as typed errors with Increase's problem body.

Run: INCREASE_BEARER_TOKEN=... python account_errors.py
"""

from increase_sdk import BadRequestError, IncreaseSdkClient, NotFoundError


def main() -> None:
    with IncreaseSdkClient() as client:
        try:
            client.accounts.retrieve(account_id="account_doesnotexist")
        except NotFoundError as error:
            print(f"lookup: {error.status_code} {error.body}")
        try:
            client.accounts.create(body={"name": "Payroll", "program_id": "not-a-program"})
        except BadRequestError as error:
            print(f"create: {error.status_code} {error.body}")


if __name__ == "__main__":
    main()
