from sncheck.cli import main

main(prog_name="sncheck")
