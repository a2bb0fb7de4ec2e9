"""A type-checker probe, never run: what an editor must know about the Stripe SDK.

`pyright --strict` and `mypy --strict` accept it with no Unknown anywhere (pyright's strict mode
reports every Unknown it meets): a model's attribute, a nested model's attribute after narrowing
`None` away, an enum member and its value as arguments, pages and raw responses. The two marked
lines are mistakes each checker must flag: their ignore comments are checked as needed
(`reportUnnecessaryTypeIgnoreComment`, mypy's `warn_unused_ignores`), so a checker that stops
seeing the model's fields or the method's parameters fails the probe.
"""

from stripe_sdk import StripeSdkClient, models


def city(customer: models.Customer) -> str | None:
    if customer.address is None:
        return None
    return customer.address.city


def first_error(error: models.Error) -> str | None:
    return error.error.message


def lookup(client: StripeSdkClient, customer_id: str) -> str:
    found = client.customers.retrieve(customer_id)
    if isinstance(found, models.Customer):
        return found.email or found.id
    return found.id


def open_invoices(client: StripeSdkClient) -> list[str]:
    page = client.invoices.list(status=models.InvoiceListStatus.OPEN, limit=3)
    ids = [invoice.id or "" for invoice in page.data]
    ids += [invoice.id or "" for invoice in client.invoices.list(status="paid")]
    client.invoices.list(state="open")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    return ids


def status(invoice: models.Invoice) -> models.InvoiceStatus | None:
    return invoice.status


def address() -> models.Address:
    models.Address(citty="Berlin")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    return models.Address(city="Berlin", postal_code="10115")


def raw_balance(client: StripeSdkClient) -> int:
    response = client.with_raw_response.customers.retrieve("cus_123")
    customer = response.parse()
    balance = customer.balance if isinstance(customer, models.Customer) else None
    return response.status_code + (balance or 0)
