from pocket_ledger.cli import main

main()
