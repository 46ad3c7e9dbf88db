//! Polling until a job (or a resource) settles.

#[cfg(feature = "reqwest")]
use std::time::Duration;

#[cfg(feature = "reqwest")]
use super::Error;
use super::Fault;
#[cfg(feature = "reqwest")]
use super::error::{LABEL_CHARS, TEXT_CHARS, clip_owned};

/// Where a polled job stands, as judged by the caller's `classify`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitState {
    /// Not finished yet; `status` is what the service reported.
    Pending {
        /// The status seen, e.g. `RUNNING`.
        status: String,
    },
    /// Finished successfully.
    Done,
    /// Finished, and failed.
    Failed {
        /// The status seen, e.g. `FAIL`.
        status: String,
        /// The service's error code, e.g. `Ecs.0011`.
        error_code: Option<String>,
        /// The service's explanation.
        reason: Option<String>,
    },
    /// A resource reached a failed state, with the fault the service reported, if any.
    Faulted {
        /// The status seen, e.g. `ERROR`.
        status: String,
        /// Why it failed.
        fault: Option<Fault>,
    },
}

/// The shortest pause between two polls, whatever `poll_interval` says, so that a zero
/// interval cannot turn the loop into a busy one.
#[cfg(feature = "reqwest")]
const MIN_POLL_INTERVAL: Duration = Duration::from_millis(10);

/// Calls `fetch` until `classify` says `Done` (returning that value), `Failed`
/// (`Error::JobFailed`) or `Faulted` (`Error::ResourceFailed`), pausing `poll_interval` between calls, for at most `timeout` in all.
///
/// Each `fetch` may only take the time left before the deadline; when it runs out, or the
/// deadline passes while the job is pending, the result is `Error::WaitTimeout` with the last
/// status seen. An error from `fetch` ends the wait at once (the client has already retried
/// what may pass). `what` names the job in errors, usually its ID.
#[cfg(feature = "reqwest")]
pub async fn wait_for<T, F, Fut>(
    what: &str,
    poll_interval: Duration,
    timeout: Duration,
    mut fetch: F,
    classify: impl Fn(&T) -> WaitState,
) -> Result<T, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Error>>,
{
    let start = tokio::time::Instant::now();
    let deadline = start.checked_add(timeout);
    let left = || {
        deadline.map_or(Duration::MAX, |end| {
            end.saturating_duration_since(tokio::time::Instant::now())
        })
    };
    let gave_up = |last_status| Error::WaitTimeout {
        job_id: what.to_owned(),
        waited: start.elapsed(),
        last_status,
    };
    let mut last_status = None;
    loop {
        let value = match tokio::time::timeout(left(), fetch()).await {
            Ok(result) => result?,
            Err(_) => return Err(gave_up(last_status)),
        };
        match classify(&value) {
            WaitState::Done => return Ok(value),
            WaitState::Failed {
                status,
                error_code,
                reason,
            } => {
                return Err(Error::JobFailed {
                    job_id: what.to_owned(),
                    status: clip_owned(status, LABEL_CHARS),
                    error_code: error_code.map(|code| clip_owned(code, LABEL_CHARS)),
                    reason: reason.map(|reason| clip_owned(reason, TEXT_CHARS)),
                });
            }
            WaitState::Faulted { status, fault } => {
                let fault = fault.map(|mut fault| {
                    let texts = [&mut fault.message, &mut fault.details];
                    for text in texts
                        .into_iter()
                        .chain([&mut fault.code, &mut fault.created])
                    {
                        if let Some(value) = text.take() {
                            *text = Some(clip_owned(value, TEXT_CHARS));
                        }
                    }
                    Box::new(fault)
                });
                return Err(Error::ResourceFailed {
                    id: what.to_owned(),
                    status: clip_owned(status, LABEL_CHARS),
                    fault,
                });
            }
            WaitState::Pending { status } => last_status = Some(clip_owned(status, LABEL_CHARS)),
        }
        let left = left();
        if left.is_zero() {
            return Err(gave_up(last_status));
        }
        tokio::time::sleep(poll_interval.max(MIN_POLL_INTERVAL).min(left)).await;
    }
}
