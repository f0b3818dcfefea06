//! Inline SVG charts for the report page, drawn by us so a report needs no script, font or
//! network: a warmth timeline per person (with warmer/cooler phase bands and push/pull
//! markers) and a reply-wait chart on a log scale with each person's median.
//!
//! Colours come from the page's CSS (classes `p0`…`p7`, a colour-blind-safe palette with a
//! dark-mode variant), cooler phases are hatched as well as tinted so they differ in
//! greyscale, ▼/▲ markers are ink-coloured (shape, not person colour, carries the meaning)
//! and link to their change. Each chart is a named `<figure>` with a text summary, and each
//! dot has a tooltip (`<title>`) with its date and values.
//!
//! Every chart over time shares one time axis and is marked up for the page script's zoom
//! (`class="zoomable"`, the axis in `data-t0`/`data-t1`, the plot between `data-x0` and
//! `data-x1`): what moves with time sits in a clipped `g.plot`, the month labels in
//! `g.ticks`. Without script the charts show the whole period.

use super::fmt::{date, duration, signed};
use crate::chat::Timestamp;
use crate::dynamics::{Analysis, Direction, PhaseLabel, TimelineBin};
use crate::score::ScoredConversation;
use maud::{html, Markup};

const WIDTH: f64 = 900.0;
const LEFT: f64 = 84.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 16.0;

/// Colour slot of participant `i` (CSS class `p{slot}`): eight distinct colours, the
/// eighth shared by everyone after.
pub fn person_slot(i: usize) -> usize {
    i.min(7)
}

/// Maps wall-clock seconds onto the chart's x axis.
struct TimeAxis {
    start: f64,
    span: f64,
}

impl TimeAxis {
    fn new(a: &Analysis) -> Option<TimeAxis> {
        let start = a.start?.wall_secs() as f64;
        let end = a.end?.wall_secs() as f64;
        Some(TimeAxis {
            start,
            span: (end - start).max(3600.0),
        })
    }

    fn x(&self, ts: &Timestamp) -> f64 {
        self.x_secs(ts.wall_secs() as f64)
    }

    /// x of a wall-clock second (seconds as [`Timestamp::wall_secs`]).
    fn x_secs(&self, secs: f64) -> f64 {
        let t = (secs - self.start) / self.span;
        LEFT + t.clamp(0.0, 1.0) * (WIDTH - LEFT - RIGHT)
    }

    /// The attributes the page script's zoom reads, as `(name, value)` pairs.
    fn zoom_attrs(&self) -> [String; 4] {
        [
            format!("{:.0}", self.start),
            format!("{:.0}", self.start + self.span),
            format!("{LEFT}"),
            format!("{}", WIDTH - RIGHT),
        ]
    }

    /// Month starts within the span, at most ~12 labels.
    fn ticks(&self, a: &Analysis) -> Vec<(f64, String)> {
        let (Some(start), Some(end)) = (a.start, a.end) else {
            return Vec::new();
        };
        use chrono::{Datelike, NaiveDate};
        let mut months = Vec::new();
        let (mut y, mut m) = (start.wall.year(), start.wall.month());
        loop {
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            let Some(d) = NaiveDate::from_ymd_opt(y, m, 1) else {
                break;
            };
            let wall = d.and_hms_opt(0, 0, 0).unwrap_or_default();
            if wall > end.wall || months.len() > 600 {
                break;
            }
            months.push(Timestamp::local(wall));
        }
        let step = months.len().div_ceil(12).max(1);
        months
            .iter()
            .step_by(step)
            .map(|ts| (self.x(ts), ts.wall.format("%b %Y").to_string()))
            .collect()
    }
}

/// Class of the `k`-th tick label: every other one is hidden on narrow screens.
fn tick_class(k: usize) -> &'static str {
    if k % 2 == 1 {
        "axis tick-odd"
    } else {
        "axis"
    }
}

/// The clip of a chart's moving parts (the plot area, with room for the ▼/▲ above it), so
/// that a zoomed-in chart hides what falls outside the chosen period.
fn plot_clip(id: &str, bottom: f64) -> Markup {
    html! {
        defs { clipPath id=(id) { rect x=(LEFT - 8.0) y="-40" width=(WIDTH - LEFT - RIGHT + 16.0) height=(bottom + 40.0) {} } }
    }
}

/// The month labels under a chart (redrawn by the page script when zoomed).
fn tick_labels(axis: &TimeAxis, a: &Analysis, y: f64) -> Markup {
    html! {
        g class="ticks" {
            @for (k, (x, label)) in axis.ticks(a).into_iter().enumerate() {
                text class=(tick_class(k)) x=(format!("{x:.1}")) y=(y) text-anchor="middle" { (label) }
            }
        }
    }
}

/// The text summary of one person's timeline, for the figure caption.
fn timeline_summary(a: &Analysis, person: usize) -> String {
    let phases = a
        .participants
        .get(person)
        .map(|p| p.phases.as_slice())
        .unwrap_or(&[]);
    let count = |l: PhaseLabel| phases.iter().filter(|p| p.label == l).count();
    let (mut push, mut pull) = (0, 0);
    for b in a.boundaries.iter().filter(|b| b.person == person) {
        match b.direction {
            Direction::Push => push += 1,
            Direction::Pull => pull += 1,
        }
    }
    let name = a
        .participants
        .get(person)
        .map(|p| p.name.as_str())
        .unwrap_or("?");
    format!(
        "{name}: phases {} warmer, {} cooler, {} steady; changes {push} to cooler (▼), {pull} to warmer (▲).",
        count(PhaseLabel::Warmer),
        count(PhaseLabel::Cooler),
        count(PhaseLabel::Steady)
    )
}

/// One person's warmth over time: dots per 12-hour bin (size by messages), shaded phases,
/// and ▼ push / ▲ pull markers at the boundaries, each a link to its change.
pub fn warmth_timeline(a: &Analysis, person: usize) -> Markup {
    let height = 190.0;
    let plot_h = height - TOP - 28.0;
    let y = |w: f64| TOP + (1.0 - w.clamp(-1.0, 1.0)) / 2.0 * plot_h;
    let Some(axis) = TimeAxis::new(a) else {
        return html! {};
    };
    let phases = a
        .participants
        .get(person)
        .map(|p| p.phases.as_slice())
        .unwrap_or(&[]);
    let bins = a
        .timeline
        .iter()
        .find(|t| t.person == person)
        .map(|t| t.bins.as_slice())
        .unwrap_or(&[]);
    let slot = person_slot(person);
    let points: Vec<(f64, f64, &TimelineBin)> = bins
        .iter()
        .filter_map(|b| b.warmth.map(|w| (axis.x(&b.start), y(w), b)))
        .collect();
    let path: String = points
        .iter()
        .enumerate()
        .map(|(i, (x, y, _))| format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { " L" }))
        .collect();
    let name = a
        .participants
        .get(person)
        .map(|p| p.name.as_str())
        .unwrap_or("?");
    let [t0, t1, x0, x1] = axis.zoom_attrs();
    let clip = format!("clip-t{person}");
    html! {
        figure {
        svg class="chart zoomable" viewBox=(format!("0 0 {WIDTH} {height}")) role="group"
            aria-label=(format!("Warmth over time of {name}"))
            data-t0=(t0) data-t1=(t1) data-x0=(x0) data-x1=(x1) {
            (plot_clip(&clip, TOP + plot_h))
            @for (w, label) in [(1.0, "warm"), (0.0, "neutral"), (-1.0, "cold")] {
                text class="axis ylab" x=(LEFT - 6.0) y=(format!("{:.1}", y(w) + 4.0)) text-anchor="end" { (label) }
            }
            (tick_labels(&axis, a, height - 8.0))
            g class="plot" clip-path=(format!("url(#{clip})")) {
            @for ph in phases {
                @let x0 = axis.x(&ph.start);
                @let x1 = axis.x(&ph.end).max(x0 + 1.0);
                @let class = match ph.label {
                    PhaseLabel::Warmer => "band-warmer",
                    PhaseLabel::Cooler => "band-cooler",
                    PhaseLabel::Steady => "band-steady",
                };
                rect class=(class) x=(format!("{x0:.1}")) y=(TOP) width=(format!("{:.1}", x1 - x0))
                    height=(plot_h) {
                    title { (format!("{} phase, {} – {}", super::fmt::phase_key(ph.label), date(&ph.start), date(&ph.end))) }
                }
            }
            @for w in [1.0, 0.0, -1.0] {
                line class="grid" x1=(LEFT) x2=(WIDTH - RIGHT) y1=(format!("{:.1}", y(w))) y2=(format!("{:.1}", y(w))) {}
            }
            path class=(format!("line p{slot}")) d=(path) {}
            @for (x, y, b) in &points {
                circle class=(format!("dot p{slot}")) cx=(format!("{x:.1}")) cy=(format!("{y:.1}"))
                    r=(format!("{:.1}", 1.5 + (b.messages as f64).sqrt().min(4.0))) {
                    title { (format!("{}: warmth {}, {} messages", super::fmt::date_time(&b.start), signed(b.warmth.unwrap_or(0.0)), b.messages)) }
                }
            }
            @for (k, b) in a.boundaries.iter().enumerate().filter(|(_, b)| b.person == person) {
                @let x = axis.x(&b.at);
                @let (mark, class, words) = match b.direction {
                    Direction::Push => ("▼", "push", "cooler / slower"),
                    Direction::Pull => ("▲", "pull", "warmer / quicker"),
                };
                line class=(format!("marker {class}")) x1=(format!("{x:.1}")) x2=(format!("{x:.1}")) y1=(TOP) y2=(TOP + plot_h) {}
                a href=(format!("#change-{k}")) aria-label=(format!("{name} became {words} on {}: open this change", date(&b.at))) {
                    text class=(format!("mark {class}")) x=(format!("{x:.1}")) y=(TOP - 2.0) text-anchor="middle" {
                        (mark)
                        title { (format!("became {words} on {}", date(&b.at))) }
                    }
                }
            }
            }
        }
        figcaption { (timeline_summary(a, person)) }
        }
    }
}

/// Half-day bins, as in the dynamics timeline.
const BIN_S: f64 = 12.0 * 3600.0;
/// Open waits shorter than this are an ordinary pause at a bin's edge and are not drawn.
const OPEN_WAIT_SHOWN_H: f64 = 1.0;

/// One still-open wait of a person at a bin's end: where the bin is in `summary.json`
/// (`timeline.{k}.bins.{b}`), when the bin starts, and how long the wait had run (hours).
struct OpenWait {
    timeline: usize,
    bin: usize,
    start: Timestamp,
    hours: f64,
}

/// `person`'s open waits of an hour or more, in time order.
fn open_waits(a: &Analysis, person: usize) -> Vec<OpenWait> {
    let Some((k, t)) = a
        .timeline
        .iter()
        .enumerate()
        .find(|(_, t)| t.person == person)
    else {
        return Vec::new();
    };
    t.bins
        .iter()
        .enumerate()
        .filter_map(|(b, bin)| {
            let hours = bin.open_wait_h.filter(|h| *h >= OPEN_WAIT_SHOWN_H)?;
            Some(OpenWait {
                timeline: k,
                bin: b,
                start: bin.start,
                hours,
            })
        })
        .collect()
}

/// The wait chart's caption on open waits: each person's longest, tagged with the
/// `summary.json` field it comes from.
fn open_wait_summary(a: &Analysis, pair: &[usize]) -> Markup {
    let longest: Vec<(usize, OpenWait, usize)> = pair
        .iter()
        .filter_map(|&p| {
            let waits = open_waits(a, p);
            let n = waits.len();
            let top = waits
                .into_iter()
                .max_by(|x, y| x.hours.total_cmp(&y.hours))?;
            Some((p, top, n))
        })
        .collect();
    let name = |p: usize| a.participants[p].name.as_str();
    html! {
        " Dotted bars: a wait still open (not yet answered) at the end of a half-day while the other kept writing"
        @if longest.is_empty() { "; none of an hour or more here." }
        @else {
            @for (k, (p, top, n)) in longest.iter().enumerate() {
                (if k == 0 { ": " } else { "; " })
                (name(*p)) " kept the other waiting up to "
                (super::html::stat(&format!("timeline.{}.bins.{}.open_wait_h", top.timeline, top.bin), duration(top.hours * 3600.0)))
                " (by " (date(&top.start)) "; " (n) (if *n == 1 { " half-day" } else { " half-days" }) " with an open wait of an hour or more)"
            }
            "."
        }
    }
}

/// Every reply wait of the pair on a log scale (10 s to 7 days), with a dashed line at each
/// person's median, and each still-open wait as a dotted bar up to how long it had run.
/// Long chats are thinned evenly to at most 1,500 dots per person.
pub fn wait_chart(scored: &ScoredConversation, a: &Analysis) -> Markup {
    let height = 240.0;
    let plot_h = height - TOP - 28.0;
    let (lo, hi) = (10f64.log10(), (7.0 * 86400.0f64).log10());
    let y = |s: f64| TOP + (1.0 - (s.max(10.0).log10() - lo) / (hi - lo)).clamp(0.0, 1.0) * plot_h;
    let Some(axis) = TimeAxis::new(a) else {
        return html! {};
    };
    let pair: Vec<usize> = a.pair.map(|p| p.to_vec()).unwrap_or_default();
    let conv = &scored.conversation;
    let name = |p: usize| a.participants[p].name.as_str();
    let waits_of = |person: usize| -> Vec<(f64, f64, String)> {
        let all: Vec<(&crate::chat::Message, f64)> = conv
            .messages
            .iter()
            .zip(&a.per_message)
            .filter(|(m, _)| m.sender == Some(person))
            .filter_map(|(m, d)| d.wait_s.map(|w| (m, w)))
            .collect();
        let step = all.len().div_ceil(1500).max(1);
        all.into_iter()
            .step_by(step)
            .map(|(m, w)| {
                let tip = format!(
                    "{}, {}: {}",
                    name(person),
                    super::fmt::date_time(&m.timestamp),
                    duration(w)
                );
                (axis.x(&m.timestamp), y(w), tip)
            })
            .collect()
    };
    let summary: Vec<String> = pair
        .iter()
        .filter_map(|&p| {
            let d = a.participants.get(p)?;
            Some(format!(
                "{} usually replied within {}",
                d.name,
                duration(d.median_wait_s?)
            ))
        })
        .collect();
    let names: Vec<&str> = pair.iter().map(|&p| name(p)).collect();
    let [t0, t1, x0, x1] = axis.zoom_attrs();
    let bottom = TOP + plot_h;
    html! {
        figure {
        svg class="chart zoomable" viewBox=(format!("0 0 {WIDTH} {height}")) role="img"
            aria-label=(format!("Reply waits over time of {}, log scale, with still-open waits as dotted bars", names.join(" and ")))
            data-t0=(t0) data-t1=(t1) data-x0=(x0) data-x1=(x1) {
            (plot_clip("clip-w", bottom))
            @for (s, label) in [(60.0, "1 min"), (3600.0, "1 h"), (86400.0, "1 day")] {
                line class="grid" x1=(LEFT) x2=(WIDTH - RIGHT) y1=(format!("{:.1}", y(s))) y2=(format!("{:.1}", y(s))) {}
                text class="axis ylab" x=(LEFT - 6.0) y=(format!("{:.1}", y(s) + 4.0)) text-anchor="end" { (label) }
            }
            (tick_labels(&axis, a, height - 8.0))
            g class="plot" clip-path="url(#clip-w)" {
            @for &p in &pair {
                @for w in open_waits(a, p) {
                    @let xa = axis.x(&w.start);
                    @let xb = axis.x_secs(w.start.wall_secs() as f64 + BIN_S).max(xa + 1.0);
                    @let top = y(w.hours * 3600.0);
                    rect class=(format!("open p{}", person_slot(p))) x=(format!("{xa:.1}")) y=(format!("{top:.1}"))
                        width=(format!("{:.1}", xb - xa)) height=(format!("{:.1}", bottom - top)) {
                        title { (format!("{} had not answered for {} by the end of the half-day from {} (still open)", name(p), duration(w.hours * 3600.0), super::fmt::date_time(&w.start))) }
                    }
                }
            }
            @for &p in &pair {
                @for (x, y, tip) in waits_of(p) {
                    circle class=(format!("wait p{}", person_slot(p))) cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r="1.8" { title { (tip) } }
                }
            }
            @for &p in &pair {
                @if let Some(median) = a.participants.get(p).and_then(|d| d.median_wait_s) {
                    line class=(format!("median p{}", person_slot(p))) x1=(LEFT) x2=(WIDTH - RIGHT) y1=(format!("{:.1}", y(median))) y2=(format!("{:.1}", y(median))) {
                        title { (format!("median wait of {}: {}", name(p), duration(median))) }
                    }
                }
            }
            }
        }
        figcaption { (summary.join("; ")) "." (open_wait_summary(a, &pair)) }
        }
    }
}
