//! Why a password sign-in failed, and IAM's refusal read in IAM's own dialect.
//!
//! IAM answers a refused sign-in as Keystone does, `{"error": {"code": 401, "title":
//! "Unauthorized", "message": "..."}}` (and some of its own calls with `{"error_code":
//! "IAM.0001", "error_msg": "..."}`), not in ECS's dialect: [`IamError`] keeps its code, title and
//! message, each cut to a bounded length, and never the password the sign-in sent, even where
//! IAM's text repeats it.

use std::fmt;

use super::error::{ErrorMembers, LABEL_CHARS, clip, excerpt, request_id};
use super::{Error, error};

/// Signing in failed: IAM refused (a wrong password is HTTP 401), could not be reached, or
/// answered in a shape that holds no token. Neither the password nor a token is in it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignInError {
    /// What went wrong, in one line.
    pub reason: String,
    /// IAM's error answer, when there was one (`status` 401: wrong user, password or domain).
    pub iam: Option<Box<IamError>>,
}

impl SignInError {
    pub(crate) fn reason(reason: &str) -> Self {
        SignInError {
            reason: reason.to_owned(),
            iam: None,
        }
    }

    pub(crate) fn new(error: &Error) -> Self {
        SignInError::reason(&error.to_string())
    }

    /// IAM refused: its answer, read in its dialect.
    pub(crate) fn refused(iam: IamError) -> Self {
        SignInError {
            reason: "IAM refused the sign-in".to_owned(),
            iam: Some(Box::new(iam)),
        }
    }

    /// The HTTP status of IAM's answer, if it answered with an error.
    pub fn status(&self) -> Option<u16> {
        self.iam.as_ref().map(|iam| iam.status)
    }
}

impl fmt::Display for SignInError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)?;
        match &self.iam {
            Some(iam) => write!(f, ": {iam}"),
            None => Ok(()),
        }
    }
}

/// An error answer of IAM, as IAM writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IamError {
    /// The HTTP status.
    pub status: u16,
    /// IAM's code: Keystone's `error.code` (the status again, `401`), or IAM's own
    /// `error_code` (`IAM.0001`).
    pub code: Option<String>,
    /// Keystone's `error.title`, the status in words (`Unauthorized`).
    pub title: Option<String>,
    /// IAM's message (`error.message`, or `error_msg`).
    pub message: Option<String>,
    /// From `X-Request-Id` or `X-Openstack-Request-Id`, else the body's `request_id`.
    pub request_id: Option<String>,
    /// The start of the body, with secret-looking JSON values masked.
    pub body_excerpt: String,
}

impl IamError {
    /// Reads IAM's error answer; never fails, whatever the body holds. Each text is cut to a
    /// bounded length, and every occurrence of a `secrets` value (the password sent) in it is
    /// replaced by `<redacted>`.
    pub(crate) fn from_response(response: &http::Response<Vec<u8>>, secrets: &[&str]) -> Self {
        let read = ErrorMembers::read(response.body());
        let hide = |text: Option<String>| text.map(|t| redacted(t, secrets));
        IamError {
            status: response.status().as_u16(),
            code: hide(read.code),
            title: hide(read.title),
            message: hide(read.message),
            request_id: hide(request_id(response.headers()).or(read.request_id)),
            body_excerpt: redacted(excerpt(response.body()), secrets),
        }
    }
}

/// `text` with every occurrence of each non-empty secret replaced by `<redacted>`.
fn redacted(mut text: String, secrets: &[&str]) -> String {
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        if text.contains(secret) {
            text = text.replace(secret, "<redacted>");
        }
    }
    text
}

impl fmt::Display for IamError {
    /// One line: status and title (or the status's reason), IAM's code where it is not the
    /// status again, message and request ID.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        let reason = http::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|status| status.canonical_reason());
        match (&self.title, reason) {
            (Some(title), _) => write!(f, " {}", error::one_line(&clip(title, LABEL_CHARS)))?,
            (None, Some(reason)) => write!(f, " {reason}")?,
            (None, None) => {}
        }
        if let Some(code) = self
            .code
            .as_ref()
            .filter(|c| **c != self.status.to_string())
        {
            write!(f, " (code {})", error::one_line(code))?;
        }
        match &self.message {
            Some(message) => write!(f, ": {}", error::one_line(message))?,
            None if !self.body_excerpt.is_empty() => {
                let start: String = self.body_excerpt.chars().take(80).collect();
                write!(f, ": body `{}`", error::one_line(&start))?;
            }
            None => {}
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request ID {})", error::one_line(id))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> http::Response<Vec<u8>> {
        http::Response::builder()
            .status(status)
            .body(body.as_bytes().to_vec())
            .unwrap()
    }

    #[test]
    fn keystones_body_gives_code_title_and_message() {
        let iam = IamError::from_response(
            &answer(
                401,
                r#"{"error": {"code": 401, "title": "Unauthorized", "message": "The username or password is wrong."}}"#,
            ),
            &["pw"],
        );
        assert_eq!(iam.code.as_deref(), Some("401"));
        assert_eq!(iam.title.as_deref(), Some("Unauthorized"));
        assert_eq!(
            iam.to_string(),
            "HTTP 401 Unauthorized: The username or password is wrong."
        );
    }

    #[test]
    fn iams_own_flat_body_gives_its_code() {
        let iam = IamError::from_response(
            &answer(
                400,
                r#"{"error_code": "IAM.0001", "error_msg": "The request is invalid."}"#,
            ),
            &[],
        );
        assert_eq!(
            iam.to_string(),
            "HTTP 400 Bad Request (code IAM.0001): The request is invalid."
        );
    }

    #[test]
    fn texts_are_bounded_and_never_hold_the_password() {
        let password = "Hunter2-secret";
        let long = "x".repeat(100_000);
        let body = format!(
            r#"{{"error": {{"code": "{password}", "title": "{long}", "message": "bad body: {{\"password\": \"{password}\"}} {long}"}}}}"#
        );
        let iam = IamError::from_response(&answer(400, &body), &[password]);
        let shown = [format!("{iam}"), format!("{iam:?}")];
        for text in &shown {
            assert!(!text.contains(password), "{text}");
            assert!(text.len() < 4_000, "{} bytes", text.len());
        }
        assert_eq!(iam.code.as_deref(), Some("<redacted>"));
        assert!(
            iam.message
                .as_deref()
                .unwrap()
                .starts_with("bad body: {\"password\": \"<redacted>\"}")
        );
    }
}
