//! Printing results: JSON for machines, plain text for people. Nothing else writes stdout.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

/// `println!` that returns an error instead of panicking when stdout is closed
/// (`faultline … | head`).
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}

/// One JSON value on its own line (JSON Lines when called repeatedly).
pub fn print_json<T: Serialize>(value: &T) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    serde_json::to_writer(&mut out, value)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Shortens `s` to at most `max` characters for one-line displays.
pub fn ellipsize(s: &str, max: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let mut out: String = flat.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}
