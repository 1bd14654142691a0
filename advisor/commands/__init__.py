"""One module per command. Each has ``register(subparsers)`` that adds its parser and sets
``run(args, env) -> ExitStatus``; its heavy imports happen inside ``run``."""

from advisor.commands import consult, diff, evaluate, how, kb, schema, why_not

COMMANDS = (evaluate, consult, how, why_not, diff, kb, schema)
