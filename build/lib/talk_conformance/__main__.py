from talk_conformance.cli import main

raise SystemExit(main())
