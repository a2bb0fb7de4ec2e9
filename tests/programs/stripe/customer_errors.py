"""What a missing customer and a rejected update look like: typed errors with Stripe's body.

Run: STRIPE_SECRET_KEY=sk_test_... python customer_errors.py
"""

import os

from stripe_sdk import APIStatusError, BadRequestError, NotFoundError, StripeSdkClient, models


def describe(error: APIStatusError) -> str:
    if isinstance(error.body, models.Error):
        problem = error.body.error
        return f"{error.status_code} {problem.code}: {problem.message} (param {problem.param})"
    return f"{error.status_code} {error.body!r}"


def main() -> None:
    with StripeSdkClient(username=os.environ["STRIPE_SECRET_KEY"]) as client:
        try:
            client.customers.retrieve(customer="cus_doesnotexist")
        except NotFoundError as error:
            print("lookup:", describe(error))
        try:
            client.customers.update(customer="cus_NffrFeUfNV2Hib", body={"email": "not-an-email"})
        except BadRequestError as error:
            print("update:", describe(error))


if __name__ == "__main__":
    main()
