//! The progress line on standard error: after two seconds of work, on a
//! terminal only, one line rewritten in place ("margins under droop: 12 of
//! 50 (24%), 3 s") from what the library counts (`seatshare::progress`),
//! cleared before the answer is written.
//!
//! `SEATSHARE_PROGRESS=never` turns it off; `SEATSHARE_PROGRESS=always`
//! writes it even when standard error is not a terminal, for a log: a
//! line a second from the start and the last state at the end.

use std::io::{IsTerminal as _, Write as _};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long a command runs before its progress is shown.
const QUIET_FOR: Duration = Duration::from_secs(2);

/// How often the line is redrawn.
const EVERY: Duration = Duration::from_millis(250);

/// A running progress line; [`ProgressLine::stop`] ends it.
pub struct ProgressLine {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<()>,
}

impl ProgressLine {
    /// Starts the line's thread, unless the settings say no line.
    pub fn start() -> Option<ProgressLine> {
        let always = match std::env::var("SEATSHARE_PROGRESS").as_deref() {
            Ok("never") => return None,
            Ok("always") => true,
            _ => false,
        };
        if !always && !std::io::stderr().is_terminal() {
            return None;
        }
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || draw(&flag, always));
        Some(ProgressLine { stop, thread })
    }

    /// Stops the line and clears it (with `always`, writes its last state).
    pub fn stop(self) {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.thread().unpark();
        let _ = self.thread.join();
    }
}

fn draw(stop: &AtomicBool, always: bool) {
    let started = Instant::now();
    let mut shown = false;
    let mut last_second = None;
    let mut err = std::io::stderr();
    while !stop.load(Ordering::Relaxed) {
        std::thread::park_timeout(EVERY);
        let elapsed = started.elapsed();
        if stop.load(Ordering::Relaxed) || (!always && elapsed < QUIET_FOR) {
            continue;
        }
        if always {
            // For a log: one line a second, none rewritten.
            if last_second != Some(elapsed.as_secs()) {
                last_second = Some(elapsed.as_secs());
                let _ = writeln!(err, "{}", describe(elapsed));
            }
            continue;
        }
        let width = terminal_size::terminal_size_of(std::io::stderr())
            .map_or(80, |(w, _)| usize::from(w.0));
        let line: String = describe(elapsed)
            .chars()
            .take(width.saturating_sub(1))
            .collect();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
        shown = true;
    }
    if always {
        let _ = writeln!(err, "{}", describe(started.elapsed()));
    } else if shown {
        let _ = write!(err, "\r\x1b[2K");
        let _ = err.flush();
    }
}

/// "margins under droop: 12 of 50 (24%), 3 s".
fn describe(elapsed: Duration) -> String {
    let seconds = elapsed.as_secs();
    match seatshare::progress::snapshot() {
        Some((what, done, total)) if total > 0 => {
            let percent = done.min(total) * 100 / total;
            format!("{what}: {done} of {total} ({percent}%), {seconds} s")
        }
        Some((what, done, _)) if done > 0 => format!("{what}: {done}, {seconds} s"),
        Some((what, _, _)) => format!("{what}, {seconds} s"),
        None => format!("working, {seconds} s"),
    }
}
