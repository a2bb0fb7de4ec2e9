"""`python -m generator` is an alias of the `sdkgen` command."""

from generator.cli.main import main

raise SystemExit(main())
