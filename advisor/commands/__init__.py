"""One module per command. Each has ``register(subparsers)`` that adds its parser and sets
``run(args, env) -> ExitStatus``; its heavy imports happen inside ``run``."""

from advisor.commands import consult, diff, evaluate, explain, how, kb, quiz, schema, why_not

COMMANDS = (consult, evaluate, explain, quiz, how, why_not, diff, kb, schema)
