"""One module per command. Each has ``register(subparsers)`` that adds its parser and sets
``run(args, env) -> ExitStatus``; its heavy imports happen inside ``run``."""

from advisor.commands import evaluate, explain, kb, quiz, schema

COMMANDS = (evaluate, explain, kb, quiz, schema)
