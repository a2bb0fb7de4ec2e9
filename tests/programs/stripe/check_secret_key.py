"""Fail early, and say what to set, when the secret key is missing; else who are we?

Stripe authenticates with HTTP basic auth, the secret key as the user name and no password.

Run: STRIPE_SECRET_KEY=sk_test_... python check_secret_key.py
"""

import os

from stripe_sdk import SDKError, StripeSdkClient


def main() -> None:
    try:
        client = StripeSdkClient(username=os.getenv("STRIPE_SECRET_KEY", ""))
    except SDKError as error:
        print(f"not configured: {error}")
        raise SystemExit(2) from None
    with client:
        account = client.account.retrieve()
        print(account.id, account.email)


if __name__ == "__main__":
    main()
