//! Requests described once, turned into `http::Request`s for our signer and into JSON for the
//! cloud's reference signer (Python `huaweicloudsdkcore`, run by `reference_signer.py`).

#![allow(dead_code, reason = "each test file uses a part of this module")]

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

/// The reference version `.ci/run` installs and the fixed vectors were computed with.
pub const PINNED_VERSION: &str = "3.1.219";

/// One request to sign, in the reference's terms: the path as sent (already encoded), the
/// query as decoded pairs.
#[derive(Clone, Debug)]
pub struct Case {
    pub method: String,
    pub host: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    /// The query as our request carries it; the pairs encode to it.
    pub raw_query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub seconds: u64,
    /// The `X-Sdk-Date` to sign with instead of one from `seconds`.
    pub date: Option<String>,
    pub ak: String,
    pub sk: String,
    /// The security token of a temporary key: the reference adds `X-Security-Token` itself.
    pub security_token: Option<String>,
}

impl Case {
    pub fn time(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.seconds)
    }

    /// The request our signer gets (unsigned).
    pub fn request(&self) -> http::Request<Vec<u8>> {
        let mut uri = format!("https://{}{}", self.host, self.path);
        if !self.raw_query.is_empty() {
            uri = format!("{uri}?{}", self.raw_query);
        }
        let mut builder = http::Request::builder()
            .method(self.method.as_str())
            .uri(uri);
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        builder
            .body(self.body.clone())
            .expect("a valid test request")
    }

    fn json(&self) -> Value {
        json!({
            "method": self.method,
            "host": self.host,
            "path": self.path,
            "query": self.query.iter().map(|(k, v)| [k, v]).collect::<Vec<_>>(),
            "headers": self.headers.iter().map(|(k, v)| [k, v]).collect::<Vec<_>>(),
            "body_hex": self.body.iter().map(|b| format!("{b:02x}")).collect::<String>(),
            "seconds": self.seconds,
            "date": self.date,
            "ak": self.ak,
            "sk": self.sk,
            "security_token": self.security_token,
        })
    }
}

/// What the reference made of one case.
#[derive(Debug)]
pub struct Signed {
    pub authorization: String,
    /// Path and canonical query, as the reference sends them.
    pub uri: String,
    pub date: String,
    /// The `X-Security-Token` the reference sent, if any.
    pub security_token: Option<String>,
}

/// Why the reference signer cannot run here, when it cannot.
pub fn unavailable() -> Option<String> {
    let probe = Command::new("python3")
        .args(["-c", "import huaweicloudsdkcore.signer.signer"])
        .stderr(Stdio::null())
        .status();
    match probe {
        Err(error) => Some(format!("python3 cannot be run: {error}")),
        Ok(status) if !status.success() => Some(
            "the Python package huaweicloudsdkcore is not importable (`.ci/run` installs it)"
                .to_owned(),
        ),
        Ok(_) => None,
    }
}

/// Skips a test that needs the reference, saying why; under CI (`CI=true`, where `.ci/run`
/// installs the reference) a missing reference fails the test instead.
pub fn skip(reason: &str) {
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI installs the reference signer, yet: {reason}"
    );
    eprintln!("skipped: {reason}");
}

/// Signs every case with the reference; returns its version and the results in order.
pub fn sign(cases: &[Case]) -> (String, Vec<Signed>) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/reference_signer.py");
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let input = Value::Array(cases.iter().map(Case::json).collect()).to_string();
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("the cases are written");
    let output = child.wait_with_output().expect("the reference finishes");
    assert!(output.status.success(), "the reference signer failed");
    let answer: Value = serde_json::from_slice(&output.stdout).expect("JSON from the reference");
    let field = |value: &Value, key: &str| value[key].as_str().expect(key).to_owned();
    let signed = answer["signed"]
        .as_array()
        .expect("signed")
        .iter()
        .map(|item| Signed {
            authorization: field(item, "authorization"),
            uri: field(item, "uri"),
            date: field(item, "date"),
            security_token: item["security_token"].as_str().map(str::to_owned),
        })
        .collect();
    (field(&answer, "version"), signed)
}

/// The query as a form encoder writes it: space as `+`, unreserved characters as they are,
/// everything else `%XX` (lower-case hex, which decoders must accept too).
pub fn form_query(pairs: &[(String, String)]) -> String {
    let encode = |text: &str| {
        text.bytes()
            .map(|b| match b {
                b' ' => "+".to_owned(),
                b if b.is_ascii_alphanumeric() || b"-._~".contains(&b) => char::from(b).to_string(),
                b => format!("%{b:02x}"),
            })
            .collect::<String>()
    };
    let pairs: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    pairs.join("&")
}
