from interview_desk.cli import main

raise SystemExit(main())
