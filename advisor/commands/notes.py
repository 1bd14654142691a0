"""``advisor notes [ID|SEARCH]``: list the notes, search them, or read one with everything that links to it."""

from __future__ import annotations

from advisor.commands.common import add_format, add_kb, positive_int, start_study
from advisor.errors import AdvisorError, ExitStatus, UsageError
from advisor.study import add_lang as add_study_lang


def register(sub) -> None:
    p = sub.add_parser(
        "notes",
        help="browse the notes: list them by topic, search by id, words (English or Korean) or service, read one whole",
        description="Without QUERY, list the notes by topic (or by study-note section with --by section). "
        "QUERY that is a note's id shows that note whole: its text, its correction and AWS pages, where "
        "it comes from (the study note, or the AWS documentation), the rules that cite it, the services "
        "it drives and the bank questions that test it. Any other QUERY searches the notes by id, words "
        "in English or Korean (particles and spacing do not matter) and service names, best match first.",
    )
    p.add_argument("query", metavar="QUERY", nargs="*", help="a note id, or words to search for (quotes are not needed)")
    p.add_argument("--topic", metavar="TOPIC", help="only notes on this topic (e.g. sqs, ec2, s3-cloudfront)")
    p.add_argument("--by", choices=("topic", "section"), default="topic",
                   help="group the list by topic or by study-note section (default: topic)")
    p.add_argument("--both", action="store_true", help="show a note in both languages, English and Korean")
    p.add_argument("--limit", metavar="N", type=positive_int, default=10, help="show at most N search results (default: 10)")
    add_format(p, ("text", "json"))
    add_study_lang(p)
    add_kb(p)
    p.set_defaults(run=run)


def run(args, env) -> ExitStatus:
    from advisor.kb import NOTE_ID
    from advisor.present import notes as present
    from advisor.present.document import dumps
    from advisor.present.text import plain
    from advisor.study import notes as study

    words, kb = start_study(args, env)
    index = study.NoteIndex.of(kb)
    query = " ".join(args.query).strip()
    console = env.console()

    if args.query and not query:
        raise UsageError("QUERY is empty: give a note id or words to search for, or leave it out to list the notes")

    if not query:
        groups = index.groups(args.by, args.topic)
        if args.format == "json":
            doc = {"by": args.by, "lang": words.lang, "topic": args.topic,
                   "groups": [{"name": name, "notes": [index.summary(n, words) for n in notes]} for name, notes in groups]}
            env.stdout.write(dumps(doc) + "\n")
        else:
            present.render_list(console, index, groups, args.by, words)
        return ExitStatus.OK

    note = index.find(query)
    if note is not None:
        doc = index.detail(note, words, both=args.both)
        if args.format == "json":
            env.stdout.write(dumps({"lang": words.lang, "note": doc}) + "\n")
        else:
            present.render_note(console, doc, words)
        return ExitStatus.OK

    if "-" in query and NOTE_ID.match(query):
        # written like an id: a missing id is an error, not a search that happens to match
        hint = index.suggest(query)
        more = f"; did you mean {', '.join(hint)}?" if hint else ""
        raise AdvisorError(f"no note has the id {query!r}{more} (to search for words, separate them with spaces)")
    hits = [h for h in index.search(query) if args.topic is None or h.note.topic == args.topic]
    if not hits:
        hint = index.suggest(query)
        more = f"; did you mean {', '.join(hint)}?" if hint else "; 'advisor notes' lists them all"
        raise AdvisorError(f"no note matches {plain(query)!r}{more}")
    total = len(hits)
    hits = hits[: args.limit]
    if args.format == "json":
        doc = {"query": query, "lang": words.lang, "matches": total, "results": [
            {**index.summary(h.note, words), "rank": i, "score": h.score, "matched": h.matched}
            for i, h in enumerate(hits, start=1)
        ]}
        env.stdout.write(dumps(doc) + "\n")
    else:
        present.render_hits(console, hits, query, words, total)
    return ExitStatus.OK
