//! The examples printed at the end of each subcommand's `--help` (clap `after_help`).

pub const ANALYZE: &str = "\
Examples:
  pushpull analyze samples/ -o report
  pushpull analyze exports/ -o out --format json,csv -j 2 --quiet
  pushpull analyze \"WhatsApp Chat with Sam.txt\" -o out --me \"Alex\" --pseudonymize --redact";

pub const PARSE: &str = "\
Examples:
  pushpull parse chat.txt                          # JSON Lines on stdout
  pushpull parse exports/ --to csv -o messages.csv
  cat chat.txt | pushpull parse - --date-order mdy --tz +01:00";

pub const SCORE: &str = "\
Examples:
  pushpull score chat.txt                          # JSON Lines on stdout
  pushpull score exports/ --to csv -o scored.csv
  pushpull score chat.txt --scorer bert            # a build with --features bert";

pub const EVAL: &str = "\
Examples:
  pushpull eval ../shared/corpus/labeled/emotionpush/dev.json
  pushpull eval ../shared/corpus/labeled/goemotions/test.tsv mine.tsv --json";

pub const TRAIN: &str = "\
Examples:
  pushpull train --data ../shared/corpus/labeled/goemotions --out models/warmth-builtin.bin
  pushpull train --scorer bert --data ../shared/corpus/labeled/goemotions";

pub const SYNTH: &str = "\
Examples:
  pushpull synth --scenario pushpull --days 180 --seed 7 -o out/
  pushpull synth --scenario onoff --format whatsapp-ios --names \"Mara Quill,Teo Brandt\" -o out/";

pub const VALIDATE: &str = "\
Examples:
  pushpull validate --seeds 10 --days 180
  pushpull validate --seeds 10 --format whatsapp-ios
  pushpull validate --seeds 10 --planted     # the dynamics stage alone, on planted warmth";
