"""Write synthetic seed files for benchmarks and load tests.

Each file is an invented document in one of the genre's layouts (ciphered and plain telegrams
with their headers and distribution lists, letters, memoranda, records of conversation and
decisions), with requests of every category, using names from the authority file. Every
file is named synthetic_NNNNN.txt and says SYNTHETIC in its text, and `import_seeds` marks the
documents it makes from them as synthetic. The same --seed always gives the same files. The
output folder may not lie inside SEEDS_DIR, so `make run` never imports them.
"""

import datetime
import random
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from catalogue.importer import SYNTHETIC_MARK, SYNTHETIC_PREFIX
from catalogue.names import Authority

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
CITIES = ["PYONGYANG", "BEIJING", "MOSCOW", "PORT ARTHUR", "SHENYANG", "KAESONG"]
MARKS = ["Strictly secret", "Copying prohibited", "Series G", "Top secret"]
URGENCIES = ["Extremely Urgent", "Urgent", "Immediate"]
# Invented sentences: plain enough to parse, clearly not taken from any real document.
OPENINGS = [
    "I report on the invented matter discussed in the previous exchange.",
    "This synthetic text repeats the usual form of a report for load testing.",
    "The situation described here is made up for a benchmark of the catalogue.",
    "Following the fictional conversation of the previous week, I inform you of the following.",
]
# One invented request per category the catalogue knows, so a corpus exercises them all.
REQUESTS = [
    ("To send {n} antiaircraft regiments for the defence of the invented sites.", "regiments"),
    ("To supply {n} trucks for the transport of fictional goods.", "trucks"),
    ("To dispatch {n} military advisers to the training centres.", "advisers"),
    ("To deliver {n} tons of fuel before the end of the month.", "tons of fuel"),
    ("To train {n} pilot crews at the schools in the rear.", "pilot crews"),
    ("To cover the invented bridges with {n} fighter aircraft by day.", "aircraft"),
    ("To prepare {n} divisions for ground operations on the invented front.", "divisions"),
    ("To propose at the negotiations the exchange of {n} prisoners of war.", "prisoners"),
    ("To grant a credit of {n} million rubles for the invented reconstruction.", "rubles"),
    ("To receive {n} students at the institutes for training.", "students"),
    ("To instruct the ambassador to deliver {n} copies of the invented statement.", "copies"),
]
CLOSINGS = [
    "We await your advice on these invented questions.",
    "I ask for your instructions.",
    "The matter is reported for information only.",
]


def read_people(path):
    """(people, bodies) from the authority file: display name, surname and capital form."""
    try:
        authority = Authority.from_csv(Path(path))
    except OSError as error:
        raise CommandError(f"{path}: cannot read the authority file: {error.strerror}") from None
    except ValueError as error:
        raise CommandError(str(error)) from None
    people, bodies = [], []
    for entry in authority.entries.values():
        name = entry.canonical_name
        if entry.kind == "organisation":
            bodies.append(name)
            continue
        sort_name = entry.sort_name or name
        # "Stalin, Joseph" sorts by surname; an East Asian name is used whole ("Kim Il Sung"),
        # its family name alone being shared by too many people to resolve.
        surname = sort_name.split(",")[0].strip() if "," in sort_name else name
        people.append((name, surname))
    if len(people) < 5:
        raise CommandError(f"{path}: needs at least five people to draw names from")
    return people, bodies or ["the General Staff"]


class Generator:
    def __init__(self, seed, people, bodies):
        self.random = random.Random(seed)
        self.people, self.bodies = people, bodies

    def date(self):
        r = self.random
        return r.randint(1945, 1955), r.randint(1, 12), r.randint(1, 28)

    def time(self):
        return self.random.randint(0, 23), self.random.randint(0, 59)

    def body(self, requests_count):
        r = self.random
        lines = [r.choice(OPENINGS), ""]
        for number in range(1, requests_count + 1):
            template, _unit = r.choice(REQUESTS)
            lines += [f"{number}. " + template.format(n=r.randint(2, 40)), ""]
        lines.append(r.choice(CLOSINGS))
        return lines

    def copies(self, people):
        counts = [(surname, self.random.choice([1, 1, 1, 2])) for _name, surname in people]
        return counts

    def telegram(self, number):
        """A ciphered telegram with sent/received lines and a copy list after the signature."""
        r = self.random
        year, month, day = self.date()
        sent_h, sent_m = self.time()
        sender, addressee, *copied = r.sample(self.people, 2 + r.randint(2, 6))
        copies = self.copies(copied)
        copy_text = ", ".join(f"{s} ({n})" if n > 1 else s for s, n in copies)
        # Remembered so that the next document can answer it (reply_telegram).
        self.last_telegram = (number, datetime.date(year, month, day), sender, addressee)
        lines = [
            f"CIPHERED TELEGRAM No. {number}/sh",
            "",
            f"From {r.choice(CITIES).title()} Sent {day}.{month}.{year % 100:02d} "
            f"{sent_h:02d}:{sent_m:02d}",
            "",
            f"Received {day}.{month} {(sent_h + 2) % 24:02d}:{sent_m:02d}",
            "",
            r.choice(URGENCIES),
            "",
            f"To Comrade {addressee[0]}",
            "",
            *self.body(r.randint(1, 4)),
            "",
            sender[1].upper(),
            "",
            f"Copies: {copy_text}.",
            "",
            f"No. {r.randint(100, 9999)}",
            "",
            f"{day}.{month}.{year % 100:02d}",
        ]
        return lines

    def telegram_with_list_first(self, number):
        """A telegram whose distribution list stands above the From line, times in a.m./p.m."""
        r = self.random
        year, month, day = self.date()
        hour, minute = self.time()
        sender, addressee, *copied = r.sample(self.people, 2 + r.randint(2, 6))
        copies = self.copies(copied)
        total = sum(n for _s, n in copies)
        copy_text = ", ".join(f"{s} - {n}" for s, n in copies)
        half = "a.m." if hour < 12 else "p.m."
        lines = [
            r.choice(MARKS),
            "",
            f"Ciphered Telegram # {number}",
            "",
            f"Distribution list - {total} copies: {copy_text}",
            "",
            f"FROM: {r.choice(CITIES)}",
            "",
            f"Sent by wire on {month}/{day}/{year % 100:02d} at {hour % 12 or 12:02d}:{minute:02d} "
            f"{half}",
            f"Received in Moscow on {day} {MONTHS[month - 1]} {year}",
            f"Deciphered by {r.choice(self.people)[1]} on "
            f"{day}.{ROMAN[month - 1]}.{year % 100:02d}",
            "",
            f"TO {addressee[1].upper()}",
            "",
            *self.body(r.randint(1, 3)),
            "",
            # Letter-spaced ("S H T Y K O V") when the name is one word, as the genre does.
            " ".join(sender[1].upper()) if " " not in sender[1] else sender[1].upper(),
        ]
        return lines

    def letter(self, number):
        """A letter without a telegram header, signed "Your NAME", dated at the foot."""
        r = self.random
        year, month, day = self.date()
        author, addressee = r.sample(self.people, 2)
        return [
            f"To Comrade {addressee[0]}",
            "",
            f"Dear Comrade {addressee[1]},",
            "",
            *self.body(r.randint(0, 3)),
            "",
            "With deep respect",
            "",
            f"Your {author[0]}",
            "",
            f"{r.choice(CITIES).title()} {day} {MONTHS[month - 1]} {year}",
        ]

    def memorandum(self, number):
        """A memorandum to a body, dated with a month name between dots, signed at the foot
        with the author's name in ordinary case."""
        r = self.random
        year, month, day = self.date()
        author = r.choice(self.people)
        return [
            "MEMORANDUM",
            "",
            r.choice(MARKS),
            "",
            f"To {r.choice(self.bodies)}",
            "",
            f"{day}.{MONTHS[month - 1]}.{year}",
            "",
            *self.body(r.randint(1, 3)),
            "",
            f"{author[0]}",
        ]

    def telegram_plain(self, number):
        """An uncoded telegram, its sender and date on the header lines, signed in capitals."""
        r = self.random
        year, month, day = self.date()
        hour, minute = self.time()
        sender, addressee = r.sample(self.people, 2)
        return [
            f"TELEGRAM No. {number}",
            "",
            f"From {r.choice(CITIES)}",
            f"Sent {day}.{month}.{year} {hour:02d}{minute:02d}",
            "",
            f"To Comrade {addressee[0]}",
            "",
            *self.body(r.randint(1, 3)),
            "",
            sender[1].upper(),
        ]

    def conversation(self, number):
        """A record of conversation between two people, dated in words, with its recorder."""
        r = self.random
        year, month, day = self.date()
        first, second, recorder = r.sample(self.people, 3)
        return [
            f"RECORD OF CONVERSATION between {first[0]} and {second[0]}",
            "",
            f"{MONTHS[month - 1]} {day}, {year}",
            "",
            f"{first[1]} raised the invented questions set out below.",
            "",
            *self.body(r.randint(1, 3)),
            "",
            f"{second[1]} said that the questions would be studied.",
            "",
            f"Recorded by {recorder[0]}",
        ]

    def decision(self, number):
        """A numbered decision of a body, its points, and a numbered distribution list."""
        r = self.random
        year, month, day = self.date()
        distribution = r.sample(self.people, r.randint(2, 4))
        return [
            f"Decision of the {r.choice(self.bodies)}",
            "",
            f"No. P{r.randint(1, 99)}/{number % 1000}",
            "",
            f"{day}.{month}.{year}",
            "",
            r.choice(MARKS),
            "",
            *self.body(r.randint(1, 3))[2:-1],
            "Distribution:",
            *(f"{k} - {s}" for k, (_name, s) in enumerate(distribution, 1)),
            f"{len(distribution) + 1} - File",
        ]

    def reply_telegram(self, number):
        """The answer to the telegram before it: from its addressee to its sender, a few days
        later, opening with "To No. .../sh." as replies do, so that the catalogue links the
        two."""
        r = self.random
        question, asked, sender, addressee = self.last_telegram
        date = asked + datetime.timedelta(days=r.randint(1, 12))
        self.last_telegram = (number, date, addressee, sender)
        template, _unit = r.choice(REQUESTS)
        return [
            f"CIPHERED TELEGRAM No. {number}/sh",
            "",
            f"From {r.choice(CITIES).title()} Sent {date.day}.{date.month}.{date.year % 100:02d} "
            "{:02d}:{:02d}".format(*self.time()),
            "",
            f"To Comrade {sender[0]}",
            "",
            f"To No. {question}/sh.",
            "",
            "Your request is granted in part. " + template.format(n=r.randint(2, 40)),
            "",
            addressee[1].upper(),
        ]

    LAYOUTS = (
        "telegram",
        "reply_telegram",
        "telegram_with_list_first",
        "letter",
        "memorandum",
        "telegram_plain",
        "conversation",
        "decision",
    )

    def document(self, index):
        layout = self.LAYOUTS[index % len(self.LAYOUTS)]
        number = 100000 + index
        lines = getattr(self, layout)(number)
        # An editorial note in square brackets after the text, where archives put theirs.
        lines += [
            "",
            f"[{SYNTHETIC_MARK}: an invented text for load tests, not a historical document]",
        ]
        return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="How many files to write.")
        parser.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")
        parser.add_argument("--output", required=True, help="Folder to write the files into.")
        parser.add_argument(
            "--people",
            help="Authority file to draw names from (default: people.csv in SEEDS_DIR).",
        )

    def handle(self, *args, count, seed, output, people, verbosity, **options):
        if count < 1:
            raise CommandError(f"--count must be at least 1, not {count}")
        out = Path(output).resolve()
        seeds = Path(settings.SEEDS_DIR).resolve()
        if out == seeds or seeds in out.parents:
            raise CommandError(
                f"--output {output} is inside the seeds folder {seeds}; synthetic documents "
                "must never be imported with the real ones"
            )
        people_path = people or seeds / "people.csv"
        generator = Generator(seed, *read_people(people_path))
        out.mkdir(parents=True, exist_ok=True)
        width = max(5, len(str(count)))
        for index in range(count):
            path = out / f"{SYNTHETIC_PREFIX}{index:0{width}d}.txt"
            path.write_text(generator.document(index), encoding="utf-8")
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(f"Wrote {count} synthetic documents to {out}."))
