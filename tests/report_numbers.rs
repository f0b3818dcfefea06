//! Every number a report page states equals the one in `summary.json`: each sample (and a
//! chat too small to score) goes through `pushpull analyze`, and every number the page tags
//! with its `summary.json` path is read back from the page and compared. Also: the
//! demand/withdraw counts are each person's own, and "not enough data" never looks like
//! "no evidence" (card, charts, index, tables, terminal).

use regex::Regex;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pushpull-numbers-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

/// A two-person WhatsApp chat of two messages: far too little to score.
fn tiny_chat(dir: &Path) -> PathBuf {
    fs::create_dir_all(dir).unwrap();
    let path = dir.join("WhatsApp Chat with Ada Moss.txt");
    fs::write(
        &path,
        "1/15/24, 9:41 PM - Ada Moss: are you there?\n1/15/24, 9:58 PM - Ben Ruiz: yes, sorry!\n",
    )
    .unwrap();
    path
}

/// Runs `analyze` on the samples and the tiny chat; returns the output folder and stderr.
fn analyze_all(name: &str) -> (PathBuf, String) {
    let out = temp(name);
    let tiny = tiny_chat(&temp(&format!("{name}-in")));
    let run = Command::new(env!("CARGO_BIN_EXE_pushpull"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["analyze", "samples/"])
        .arg(&tiny)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    assert!(run.status.success(), "{stderr}");
    (out, stderr)
}

fn summary(out: &Path) -> Vec<serde_json::Value> {
    let text = fs::read_to_string(out.join("summary.json")).unwrap();
    serde_json::from_str::<Vec<serde_json::Value>>(&text).unwrap()
}

fn lookup<'a>(v: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    path.split('.')
        .try_fold(v, |v, key| match key.parse::<usize>() {
            Ok(i) => v.get(i),
            Err(_) => v.get(key),
        })
}

/// The value a stated number stands for and how far off rounding may put it:
/// `57%` → 0.57 ± 0.005, `2.4 h` → 8640 s ± 180 s, `+0.50` → 0.5 ± 0.005,
/// `−0.20` (minus sign) → −0.2 ± 0.005.
fn read_number(text: &str) -> (f64, f64) {
    let half_step = |digits: &str| {
        let decimals = digits.split('.').nth(1).map_or(0, str::len);
        0.5 * 10f64.powi(-(decimals as i32)) + 1e-9
    };
    let (digits, unit) = text.split_once(' ').unwrap_or((text, ""));
    if let Some(pct) = digits.strip_suffix('%') {
        let x: f64 = pct.parse().unwrap();
        return (x / 100.0, half_step(pct) / 100.0);
    }
    let x: f64 = digits
        .trim_start_matches('+')
        .replace('\u{2212}', "-")
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {text:?}"));
    let scale = match unit {
        "" => 1.0,
        "s" => 1.0,
        "min" => 60.0,
        "h" => 3600.0,
        "days" => 86400.0,
        other => panic!("unknown unit {other:?} in {text:?}"),
    };
    (x * scale, half_step(digits) * scale)
}

#[test]
fn every_number_the_page_states_equals_summary_json() {
    let (out, _) = analyze_all("pages");
    let convs = summary(&out);
    assert_eq!(convs.len(), 5, "four samples and the tiny chat");
    let tagged = Regex::new(r#"<span data-json="([^"]+)">([^<]*)</span>"#).unwrap();
    let tags = Regex::new("<[^>]*>").unwrap();
    for c in &convs {
        let id = c["id"].as_str().unwrap();
        let html = fs::read_to_string(out.join(id).join("report.html")).unwrap();
        let mut checked = 0;
        for cap in tagged.captures_iter(&html) {
            let (path, text) = (&cap[1], &cap[2]);
            let want = lookup(c, path).and_then(|v| v.as_f64()).unwrap_or_else(|| {
                panic!(
                    "{id}: the page states {text:?} for {path}, which summary.json does not have"
                )
            });
            let (got, tolerance) = read_number(text);
            // Fields named `*_h` are hours in summary.json; the page states a duration.
            let (got, tolerance) = if path.ends_with("_h") {
                (got / 3600.0, tolerance / 3600.0)
            } else {
                (got, tolerance)
            };
            assert!(
                (got - want).abs() <= tolerance,
                "{id}: the page says {text} for {path}; summary.json has {want}"
            );
            checked += 1;
        }
        let scored = c["band"] != "not_enough_data";
        assert!(
            checked >= if scored { 25 } else { 3 },
            "{id}: only {checked} numbers tagged"
        );
        if scored {
            assert!(html.contains("data-json=\"push_pull_score\""), "{id}");
            // Each person of the pair has their own demand/withdraw count on the page.
            for p in c["pair"].as_array().unwrap() {
                let path = format!("demand_withdraw.events_demanding.{}", p.as_u64().unwrap());
                assert!(
                    html.contains(&format!("data-json=\"{path}\""))
                        || html.contains("No demand/withdraw moments"),
                    "{id}: {path} is not on the page"
                );
            }
        }
        // No number in the people table escapes the comparison.
        let table = &html[html.find("Each person's measures").unwrap()..];
        let table = &table[..table.find("</table>").unwrap()];
        let untagged = tagged.replace_all(table, "");
        let text = tags.replace_all(&untagged, "");
        assert!(
            !text.chars().any(|ch| ch.is_ascii_digit()),
            "{id}: untagged number in {text}"
        );
    }
    // The planted push-pull sample: both people's demand/withdraw counts, as in the JSON.
    let teo = convs
        .iter()
        .find(|c| c["source"].as_str().unwrap().contains("Teo Brandt"))
        .unwrap();
    let counts: Vec<u64> = teo["demand_withdraw"]["events_demanding"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(counts.len(), 2, "one count per person: {counts:?}");
    assert!(
        counts.iter().any(|&n| n > 0),
        "the planted sample has demand/withdraw moments: {counts:?}"
    );
    let html =
        fs::read_to_string(out.join(teo["id"].as_str().unwrap()).join("report.html")).unwrap();
    for (i, n) in counts.iter().enumerate() {
        assert!(html.contains(&format!(
            "<span data-json=\"demand_withdraw.events_demanding.{i}\">{n}</span>"
        )));
    }
}

/// The still-open waits drawn on the wait chart are the `open_wait_h` of the timeline bins in
/// `summary.json` (those of an hour or more): one dotted bar per bin, and each person's
/// longest stated in the caption.
#[test]
fn open_waits_on_the_wait_chart_match_summary_json() {
    let (out, _) = analyze_all("open-waits");
    let bar = Regex::new(r#"<rect class="open p(\d)""#).unwrap();
    let mut drawn_anywhere = 0;
    for c in summary(&out) {
        let id = c["id"].as_str().unwrap();
        let html = fs::read_to_string(out.join(id).join("report.html")).unwrap();
        let Some(pair) = c["pair"]
            .as_array()
            .filter(|_| c["band"] != "not_enough_data")
        else {
            assert!(
                !html.contains("class=\"open "),
                "{id}: no wait chart, no bars"
            );
            continue;
        };
        for person in pair.iter().map(|p| p.as_u64().unwrap() as usize) {
            let (k, timeline) = c["timeline"]
                .as_array()
                .unwrap()
                .iter()
                .enumerate()
                .find(|(_, t)| t["person"].as_u64() == Some(person as u64))
                .unwrap();
            let open: Vec<(usize, f64)> = timeline["bins"]
                .as_array()
                .unwrap()
                .iter()
                .enumerate()
                .filter_map(|(b, bin)| bin["open_wait_h"].as_f64().map(|h| (b, h)))
                .filter(|(_, h)| *h >= 1.0)
                .collect();
            let bars = bar
                .captures_iter(&html)
                .filter(|cap| cap[1].parse::<usize>().unwrap() == person.min(7))
                .count();
            assert_eq!(bars, open.len(), "{id}: person {person}'s dotted bars");
            drawn_anywhere += bars;
            if let Some((b, h)) = open.iter().copied().max_by(|x, y| x.1.total_cmp(&y.1)) {
                let path = format!("timeline.{k}.bins.{b}.open_wait_h");
                let tag = format!("<span data-json=\"{path}\">");
                let at = html.find(&tag).unwrap_or_else(|| {
                    panic!("{id}: the longest open wait of person {person} ({h} h) is not stated")
                });
                let text = &html[at + tag.len()..];
                let (got, tolerance) = read_number(&text[..text.find('<').unwrap()]);
                assert!(
                    (got / 3600.0 - h).abs() <= tolerance / 3600.0,
                    "{id}: {h} h"
                );
            }
        }
        assert!(
            html.contains("still-open wait (dotted bar)"),
            "{id}: legend entry"
        );
    }
    assert!(drawn_anywhere > 0, "some sample has an open wait to draw");
}

#[test]
fn not_enough_data_never_looks_like_no_evidence() {
    let (out, stderr) = analyze_all("nodata");
    let convs = summary(&out);
    let tiny = convs
        .iter()
        .find(|c| c["source"].as_str().unwrap().contains("Ada Moss"))
        .unwrap();
    assert_eq!(tiny["band"], "not_enough_data");
    assert_eq!(tiny["label_kind"], "not_enough_data");
    let html =
        fs::read_to_string(out.join(tiny["id"].as_str().unwrap()).join("report.html")).unwrap();
    assert!(html.contains("band-not_enough_data"));
    assert!(
        html.contains("<b aria-label=\"no score\">—</b>"),
        "a grey dash, not a 0"
    );
    assert!(!html.contains("class=\"chart"), "no empty charts");
    assert!(
        html.contains("Not measured: </strong>the warmth timeline — not enough data ("),
        "the reason in words"
    );
    assert!(
        !html.contains("pressed and"),
        "no demand/withdraw counts for a 2-message chat"
    );
    assert!(
        !html.contains("No demand/withdraw moments were found"),
        "not measured is not none found"
    );
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    let row = &index[index.find("Ada Moss</a>").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains(">—</td>") && row.contains("not enough data"),
        "{row}"
    );
    assert!(
        row.contains("data-v=\"-1\""),
        "sorted apart from every score: {row}"
    );
    assert!(index.contains("data-band=\"not_enough_data\""));
    let mut conversations = csv::Reader::from_path(out.join("conversations.csv")).unwrap();
    let bands: Vec<String> = conversations
        .records()
        .map(|r| r.unwrap()[11].to_string())
        .collect();
    assert!(bands.contains(&"not_enough_data".to_string()), "{bands:?}");
    // Terminal: scores first, the unscored chat last with a dash.
    let lines: Vec<&str> = stderr.lines().filter(|l| l.contains(": ")).collect();
    assert!(
        lines.last().unwrap().contains("—  not enough data"),
        "{stderr}"
    );
    assert!(
        lines[1]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit()),
        "{stderr}"
    );
}

#[test]
fn terminal_summary_lists_the_highest_scores_first() {
    let (_, stderr) = analyze_all("terminal");
    let scores: Vec<f64> = stderr
        .lines()
        .skip(1)
        .map_while(|l| l.split_whitespace().next().and_then(|s| s.parse().ok()))
        .collect();
    assert_eq!(scores.len(), 4, "{stderr}");
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(
        stderr.contains("runs hot and cold"),
        "the finding is printed: {stderr}"
    );
    assert!(stderr.contains("5 conversation(s) analysed"));
}
