"""The async client: open an account, then walk every account with `async for`.

Run: INCREASE_BEARER_TOKEN=... python async_accounts.py
"""

import asyncio

from increase_sdk import AsyncIncreaseSdkClient


async def main() -> None:
    async with AsyncIncreaseSdkClient() as client:
        opened = await client.accounts.create(body={"name": "Payroll"})
        print("opened", opened.id)
        async for account in client.accounts.list(limit=1):
            print(account.id, account.name)


if __name__ == "__main__":
    asyncio.run(main())
