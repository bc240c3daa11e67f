"""``python -m dico_sdk`` runs the ``dico`` command."""

from dico_sdk.cli import main

main()
