"""Hand-written code for streams_32, created once and never touched again by the generator.

Put helpers, subclasses of the generated clients or extra methods here, and import them from
`streams_32.custom`. Every client calls `init_client` (below) at the end of its `__init__`:
add event hooks, attributes or defaults there. Regenerating the SDK keeps this file as it is;
other files you add to the project are kept too (the generator removes only files it wrote).
"""

from __future__ import annotations

import typing as _t

if _t.TYPE_CHECKING:
    from ._client import AsyncStreams32Client, Streams32Client


def init_client(client: Streams32Client | AsyncStreams32Client) -> None:
    """Called by every new client. For example, to log each request:

    client.event_hooks["request"].append(lambda request: print(request.method, request.url))
    """
