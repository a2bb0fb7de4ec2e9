"""Read Stripe's request id from the headers, then parse the customer.

Run: STRIPE_SECRET_KEY=sk_test_... python raw_customer.py
"""

import os

from stripe_sdk import StripeSdkClient, models


def main() -> None:
    with StripeSdkClient(username=os.environ["STRIPE_SECRET_KEY"]) as client:
        raw = client.with_raw_response.customers.retrieve(customer="cus_NffrFeUfNV2Hib")
        print(raw.status_code, raw.headers["request-id"])
        customer = raw.parse()
        if isinstance(customer, models.Customer):
            print(customer.id, customer.email, customer.balance)


if __name__ == "__main__":
    main()
