"""Every customer with a given email, across pages: the SDK follows Stripe's `starting_after`.

Run: STRIPE_SECRET_KEY=sk_test_... python list_customers.py
(STRIPE_BASE_URL points the client at another server, a test double or a proxy.)
"""

import os

from stripe_sdk import StripeSdkClient


def main() -> None:
    with StripeSdkClient(username=os.environ["STRIPE_SECRET_KEY"]) as client:
        customers = client.customers.list(email="jenny.rosen@example.com", limit=2)
        print(f"first page: {len(customers.data)} customers, more: {customers.has_next_page()}")
        for customer in customers:
            print(customer.id, customer.name)


if __name__ == "__main__":
    main()
