//! Progress of long library work (training, embedding a corpus), handed to the caller to
//! show: the library never prints. The binary draws it on stderr (`cli::progress`); a
//! program using the library may show it, log it or pass `&mut |_| {}` to ignore it.

/// One progress report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress<'a> {
    /// A running count that replaces the previous one (a terminal redraws it in place).
    Step(&'a str),
    /// A finished line, such as one result of a search.
    Line(&'a str),
}
