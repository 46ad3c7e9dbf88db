//! Observability: with the `tracing` feature, a span per call and an event per attempt and
//! per sign-in; without it, these functions do nothing.
//!
//! What is recorded: the operation's ID, the method, the path template (`/v1/{project_id}/jobs/{job_id}`,
//! with the client's path variant when one is set: no ID, no query), the attempt's number, the status or the error (whose text holds no secret), the
//! request ID the service returned and the duration. Never a header value, a body, a token,
//! a password, a secret key or user data.

#[cfg(feature = "reqwest")]
use std::time::Duration;

#[cfg(feature = "reqwest")]
use super::Error;

/// The span of one call of `operation` (level INFO, target `otc_ecs`).
#[cfg(all(feature = "reqwest", feature = "tracing"))]
pub(crate) fn call_span(
    operation: &'static str,
    path: &'static str,
    variant: Option<&str>,
    request: &http::Request<Vec<u8>>,
) -> tracing::Span {
    tracing::info_span!(
        target: "otc_ecs",
        "call",
        operation,
        method = %request.method(),
        path,
        variant,
    )
}

/// Runs `future` in `span`.
#[cfg(all(feature = "reqwest", feature = "tracing"))]
pub(crate) fn instrument<F: std::future::Future>(
    future: F,
    span: tracing::Span,
) -> tracing::instrument::Instrumented<F> {
    tracing::Instrument::instrument(future, span)
}

/// Without `tracing`: no span.
#[cfg(all(feature = "reqwest", not(feature = "tracing")))]
pub(crate) struct NoSpan;

#[cfg(all(feature = "reqwest", not(feature = "tracing")))]
pub(crate) fn call_span(
    _: &'static str,
    _: &'static str,
    _: Option<&str>,
    _: &http::Request<Vec<u8>>,
) -> NoSpan {
    NoSpan
}

#[cfg(all(feature = "reqwest", not(feature = "tracing")))]
pub(crate) fn instrument<F: std::future::Future>(future: F, _: NoSpan) -> F {
    future
}

/// One attempt's outcome (DEBUG for a success, WARN for an error status or a failure).
#[cfg(feature = "reqwest")]
pub(crate) fn attempt(
    operation: &'static str,
    attempt: u32,
    outcome: Result<&http::Response<Vec<u8>>, &Error>,
    took: Duration,
) {
    #[cfg(feature = "tracing")]
    {
        let duration_ms = u64::try_from(took.as_millis()).unwrap_or(u64::MAX);
        match outcome {
            Ok(response) => {
                let status = response.status().as_u16();
                let request_id = ["x-request-id", "x-openstack-request-id"]
                    .iter()
                    .find_map(|name| response.headers().get(*name)?.to_str().ok())
                    .unwrap_or("");
                if status < 400 {
                    tracing::debug!(target: "otc_ecs", operation, attempt, status, request_id, duration_ms, "answer");
                } else {
                    tracing::warn!(target: "otc_ecs", operation, attempt, status, request_id, duration_ms, "error answer");
                }
            }
            Err(error) => {
                tracing::warn!(target: "otc_ecs", operation, attempt, error = %error, duration_ms, "attempt failed");
            }
        }
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (operation, attempt, outcome, took);
}

/// A sign-in's outcome (INFO, or WARN when it failed); never the token.
#[cfg(feature = "reqwest")]
pub(crate) fn sign_in(status: Option<u16>, failure: Option<&str>, took: Duration) {
    #[cfg(feature = "tracing")]
    {
        let duration_ms = u64::try_from(took.as_millis()).unwrap_or(u64::MAX);
        let status = status.unwrap_or(0);
        match failure {
            None => tracing::info!(target: "otc_ecs", status, duration_ms, "signed in"),
            Some(reason) => {
                tracing::warn!(target: "otc_ecs", status, reason, duration_ms, "sign-in failed")
            }
        }
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (status, failure, took);
}
