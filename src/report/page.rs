//! The page shell shared by the report and the index: inline CSS, an inline script and a
//! Content-Security-Policy that forbids every network load and allows only that exact
//! style and script (by their SHA-256 hashes), so a page works offline from a single file
//! and nothing injected into it could run.

use base64::Engine;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use sha2::{Digest, Sha256};

pub(super) const CSS: &str = include_str!("page.css");
/// Opens a change from its ▼/▲, searches the quoted messages and zooms the charts.
pub(super) const REPORT_SCRIPT: &str = include_str!("report.js");
/// Filters, search, sorting and paging on the index.
pub(super) const INDEX_SCRIPT: &str = include_str!("index.js");
/// Run in the index's head: marks the page as paged before its table is laid out, so a
/// batch of 10,000 rows is laid out 100 at a time (the CSS hides the rest until the index
/// script takes over). Without script every row shows.
pub(super) const INDEX_HEAD_SCRIPT: &str = "document.documentElement.classList.add('paged');";

/// `'sha256-…'` of an inline style or script, as a CSP source.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The policy for a page with `scripts`: nothing from the network, only our own style and
/// scripts, pictures only from `data:`.
fn csp(scripts: &[&str]) -> String {
    let script_src = if scripts.is_empty() {
        "'none'".to_string()
    } else {
        scripts
            .iter()
            .map(|s| csp_hash(s))
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!(
        "default-src 'none'; style-src {}; script-src {script_src}; img-src data:; base-uri 'none'; form-action 'none'",
        csp_hash(CSS)
    )
}

/// A whole HTML page: head with the policy and the CSS, `body`, then `script` if any.
/// The hatch pattern of the cooler phases is defined once here for every chart.
pub(super) fn page(title: &str, body: Markup, script: Option<&str>) -> String {
    page_with_head_script(title, body, script, None)
}

/// [`page`] with a second, tiny script run in the head (before the body is laid out).
pub(super) fn page_with_head_script(
    title: &str,
    body: Markup,
    script: Option<&str>,
    head_script: Option<&str>,
) -> String {
    let scripts: Vec<&str> = script.into_iter().chain(head_script).collect();
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(csp(&scripts));
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                meta name="color-scheme" content="light dark";
                title { (title) }
                style { (PreEscaped(CSS)) }
                @if let Some(js) = head_script {
                    script { (PreEscaped(js)) }
                }
            }
            body {
                a class="skip" href="#main" { "Skip to the content" }
                svg width="0" height="0" aria-hidden="true" focusable="false" class="defs" {
                    defs {
                        pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)" {
                            rect class="hatch-bg" width="8" height="8" {}
                            line class="hatch-line" x1="0" y1="0" x2="0" y2="8" {}
                        }
                    }
                }
                (body)
                @if let Some(js) = script {
                    script { (PreEscaped(js)) }
                }
            }
        }
    }
    .into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_allows_only_the_pages_own_script() {
        let p = csp(&["alert(1)"]);
        assert!(p.contains("default-src 'none'"));
        // sha256("alert(1)") in base64, as browsers compute it.
        assert!(p.contains("'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"));
        assert!(!p.contains("unsafe-inline"));
    }
}
