"""The async client: create a customer, then walk every customer with `async for`.

Run: STRIPE_SECRET_KEY=sk_test_... python async_customers.py
"""

import asyncio
import os

from stripe_sdk import AsyncStripeSdkClient


async def main() -> None:
    async with AsyncStripeSdkClient(username=os.environ["STRIPE_SECRET_KEY"]) as client:
        created = await client.customers.create(
            body={"email": "jenny.rosen@example.com", "metadata": {"order_id": "6735"}}
        )
        print("created", created.id)
        first = await client.customers.list(limit=2)
        print(f"first page: {[c.id for c in first.data]}")
        async for customer in client.customers.list(limit=2):
            print(customer.id, customer.email)


if __name__ == "__main__":
    asyncio.run(main())
