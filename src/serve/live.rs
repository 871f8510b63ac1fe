//! What open pages learn about rebuilds: a version number that goes up
//! after every rebuild, whether that rebuild worked, and its errors.
//!
//! The live-reload script (`live.js`) long-polls
//! `/__pamphlet/version?after=N`. A request for a version the page already
//! has is parked here, holding no thread, and answered as soon as a rebuild
//! publishes a new version, or after [`LONG_POLL`] with the same version,
//! when the script simply asks again. Long polling rather than Server-Sent
//! Events because tiny_http buffers streamed bodies, and a plain request
//! per rebuild needs nothing from the server but an ordinary response.

use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::Serialize;
use tiny_http::Request;

use super::{http, RebuildReport};
use crate::diagnostic::Diagnostic;

/// How long a poll waits for a rebuild before it is answered anyway; well
/// under the time browsers and proxies give up on a quiet request.
pub const LONG_POLL: Duration = Duration::from_secs(25);

/// The answer to `/__pamphlet/version`.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Status {
    /// Goes up by one after every rebuild, good or bad.
    pub version: u64,
    /// Whether the last rebuild was written: when not, the site served is
    /// the last good one and `/__pamphlet/errors` says why.
    pub ok: bool,
    /// Pages in the last rebuild.
    pub pages: usize,
    /// How long the last rebuild took, in milliseconds.
    pub ms: u128,
}

/// The state every request and the rebuild loop share.
#[derive(Default)]
pub struct Live {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    status: Status,
    /// The errors of the last rebuild; empty after a good one.
    errors: Vec<Diagnostic>,
    /// Polls waiting for the next version, with when each arrived.
    parked: Vec<(Request, Instant)>,
}

impl Live {
    pub fn status(&self) -> Status {
        self.lock().status.clone()
    }

    /// The errors of the last rebuild as a JSON array of diagnostics
    /// (severity, code, message, file, line, column, help).
    pub fn errors_json(&self) -> String {
        serde_json::to_string(&self.lock().errors).unwrap_or_else(|_| "[]".into())
    }

    /// Answers a poll at once, unless the page already has the current
    /// version (`after`), in which case it waits for the next rebuild.
    pub fn poll(&self, request: Request, after: Option<u64>) {
        let mut inner = self.lock();
        if after == Some(inner.status.version) {
            inner.parked.push((request, Instant::now()));
        } else {
            let status = inner.status.clone();
            drop(inner);
            http::send_status(request, &status);
        }
    }

    /// Records a rebuild and wakes every waiting page.
    pub fn publish(&self, report: &RebuildReport) {
        let ok = report.outcome.written;
        let mut inner = self.lock();
        inner.status = Status {
            version: inner.status.version + 1,
            ok,
            pages: report.outcome.pages,
            ms: report.elapsed.as_millis(),
        };
        inner.errors = if ok {
            Vec::new()
        } else {
            let errors = report.outcome.diagnostics.iter().filter(|d| d.is_error());
            errors.cloned().collect()
        };
        answer(inner, |_| true);
    }

    /// Answers the polls that have waited [`LONG_POLL`].
    pub fn expire(&self) {
        answer(self.lock(), |since| since.elapsed() >= LONG_POLL);
    }

    /// Answers every waiting poll, so that no browser hangs on a server
    /// that is stopping.
    pub fn release(&self) {
        answer(self.lock(), |_| true);
    }

    /// The state stays usable even if a thread panicked while holding it:
    /// a preview server must not die of one bad request.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Answers the parked polls that `due` picks with the current status, after
/// letting go of the lock: a slow client must not hold up the others.
fn answer(mut inner: MutexGuard<'_, Inner>, due: impl Fn(Instant) -> bool) {
    let (now, later) = std::mem::take(&mut inner.parked)
        .into_iter()
        .partition(|(_, since)| due(*since));
    inner.parked = later;
    let status = inner.status.clone();
    drop(inner);
    for (request, _) in now {
        http::send_status(request, &status);
    }
}
