"""A customer with a postal address and our order number in its metadata.

Stripe reads form bodies with nested keys (`address[city]=...`), as its API reference shows.

Run: STRIPE_SECRET_KEY=sk_test_... python create_customer.py
"""

import os

from stripe_sdk import StripeSdkClient


def main() -> None:
    with StripeSdkClient(username=os.environ["STRIPE_SECRET_KEY"]) as client:
        customer = client.customers.create(
            body={
                "name": "Jenny Rosen",
                "email": "jenny.rosen@example.com",
                "address": {
                    "line1": "510 Townsend St",
                    "city": "San Francisco",
                    "state": "CA",
                    "postal_code": "94103",
                    "country": "US",
                },
                "metadata": {"order_id": "6735"},
            }
        )
        print(customer.id, customer.email)


if __name__ == "__main__":
    main()
