from congdoan.cli import main

raise SystemExit(main())
