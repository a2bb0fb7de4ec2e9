"""Upload a receipt as dispute evidence: the file goes up as a multipart part, by path.

Run: STRIPE_SECRET_KEY=sk_test_... python upload_dispute_evidence.py receipt.pdf
"""

import os
import sys
from pathlib import Path

from stripe_sdk import StripeSdkClient


def main() -> None:
    receipt = Path(sys.argv[1])
    with StripeSdkClient(username=os.environ["STRIPE_SECRET_KEY"]) as client:
        uploaded = client.files.create(body={"file": receipt, "purpose": "dispute_evidence"})
        print(uploaded.id, uploaded.filename, uploaded.size)


if __name__ == "__main__":
    main()
