//! Draws the library's [`Progress`] reports on stderr: a running count redrawn in place on
//! one line, finished lines below it.

use pushpull::progress::Progress;

/// A progress sink for the library that writes to stderr.
pub fn on_stderr() -> impl FnMut(Progress<'_>) {
    let mut mid_line = false;
    move |p| match p {
        Progress::Step(text) => {
            eprint!("\r{text}   ");
            mid_line = true;
        }
        Progress::Line(text) => {
            if std::mem::take(&mut mid_line) {
                eprintln!();
            }
            eprintln!("{text}");
        }
    }
}
