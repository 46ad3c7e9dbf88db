//! Signing with an access key and secret key: the cloud's `SDK-HMAC-SHA256` scheme.
//!
//! Follows the cloud's reference signer (the Python SDK core `huaweicloudsdkcore`,
//! `signer/signer.py`, class `Signer`), described here in our own words:
//!
//! 1. `X-Sdk-Date` is set to the signing time (`20240102T030405Z`, UTC), `Host` to the URI's
//!    authority as written (port included) unless the request has one, and a `Content-Type`
//!    other than JSON or BSON adds `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`.
//! 2. The canonical request is six lines: the method; the path, percent-decoded then
//!    re-encoded segment by segment, ending in `/`; the query, decoded into pairs, sorted by
//!    name then value and re-encoded as `name=value` joined by `&`; one `name:value` line per
//!    signed header followed by an empty line; the signed header names joined by `;`; the hex
//!    SHA-256 of the body (`UNSIGNED-PAYLOAD` for unsigned bodies).
//! 3. Every header present is signed, except names holding `_`: lower-cased, sorted, values
//!    trimmed. Encoding keeps only `A-Z a-z 0-9 - . _ ~` and writes `%XX` (upper case)
//!    for every other UTF-8 byte.
//! 4. The string to sign is `SDK-HMAC-SHA256`, the date and the hex SHA-256 of the canonical
//!    request, one per line; the signature is the hex HMAC-SHA256 of it under the secret key,
//!    sent as `Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex`.
//!
//! Like the reference, the request's query is rewritten into its canonical form, so that
//! what is sent is exactly what was signed.

use std::fmt::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use http::header::{AUTHORIZATION, CONTENT_TYPE, HOST, HeaderMap, HeaderName, HeaderValue};
use sha2::{Digest, Sha256};

use super::Error;
use super::path::encode;

const ALGORITHM: &str = "SDK-HMAC-SHA256";
const DATE: HeaderName = HeaderName::from_static("x-sdk-date");
const CONTENT_HASH: HeaderName = HeaderName::from_static("x-sdk-content-sha256");
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Signs `request` as of `at`, replacing an earlier signature and date.
pub(crate) fn sign(
    request: &mut http::Request<Vec<u8>>,
    access_key: &str,
    secret_key: &[u8],
    at: SystemTime,
) -> Result<(), Error> {
    // Every check first, so that a refused request is left as it was.
    let date = sdk_date(at)?;
    if let Some(name) = request.headers().keys().find(|name| {
        let mut values = request.headers().get_all(*name).iter();
        values.next().is_some() && values.next().is_some()
    }) {
        return Err(Error::InvalidArgument {
            name: "request",
            reason: format!("repeats the `{name}` header, which cannot be signed"),
        });
    }
    let host = match request.uri().authority() {
        _ if request.headers().contains_key(HOST) => None,
        Some(authority) => Some(header_value(authority.as_str())?),
        None => return Err(refuse("has neither a host in its URI nor a Host header")),
    };
    let headers = request.headers_mut();
    headers.remove(AUTHORIZATION);
    let hashes_body = headers.get(CONTENT_TYPE).is_none_or(|value| {
        let value = value.as_bytes();
        value.starts_with(b"application/json") || value.starts_with(b"application/bson")
    });
    if !hashes_body {
        headers.insert(CONTENT_HASH, HeaderValue::from_static(UNSIGNED_PAYLOAD));
    }
    headers.insert(DATE, header_value(&date)?);
    if let Some(host) = host {
        headers.insert(HOST, host);
    }
    let query = canonical_query(request.uri().query().unwrap_or(""));
    if request.uri().query().unwrap_or("") != query {
        *request.uri_mut() = with_query(request.uri(), &query)?;
    }
    let (names, header_lines) = canonical_headers(request.headers());
    let body_hash = match request.headers().get(CONTENT_HASH) {
        _ if request.body().is_empty() => hex(&Sha256::digest(b"")),
        Some(value) => String::from_utf8_lossy(value.as_bytes()).into_owned(),
        None => hex(&Sha256::digest(request.body())),
    };
    let mut canonical = Vec::new();
    for part in [
        request.method().as_str().to_ascii_uppercase().as_bytes(),
        canonical_path(request.uri().path()).as_bytes(),
        query.as_bytes(),
        &header_lines,
        names.as_bytes(),
    ] {
        canonical.extend_from_slice(part);
        canonical.push(b'\n');
    }
    canonical.extend_from_slice(body_hash.as_bytes());
    let to_sign = format!("{ALGORITHM}\n{date}\n{}", hex(&Sha256::digest(&canonical)));
    let mut mac = Hmac::<Sha256>::new_from_slice(secret_key)
        .map_err(|_| refuse("cannot be signed with this secret key"))?;
    mac.update(to_sign.as_bytes());
    let signature = hex(&mac.finalize().into_bytes());
    let authorization =
        format!("{ALGORITHM} Access={access_key}, SignedHeaders={names}, Signature={signature}");
    let mut authorization = header_value(&authorization)?;
    authorization.set_sensitive(true);
    request.headers_mut().insert(AUTHORIZATION, authorization);
    Ok(())
}

fn refuse(reason: &str) -> Error {
    Error::InvalidArgument {
        name: "request",
        reason: reason.to_owned(),
    }
}

fn header_value(text: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(text).map_err(|_| refuse("holds a value that cannot be sent in a header"))
}

/// The signing time as the reference writes it: `%Y%m%dT%H%M%SZ` in UTC.
pub(crate) fn sdk_date(at: SystemTime) -> Result<String, Error> {
    let seconds = at
        .duration_since(UNIX_EPOCH)
        .map_err(|_| refuse("cannot be signed with a time before 1970"))?
        .as_secs();
    let (year, month, day) = civil_date(seconds / 86_400);
    let time = seconds % 86_400;
    let (hour, minute, second) = (time / 3_600, time % 3_600 / 60, time % 60);
    Ok(format!(
        "{year:04}{month:02}{day:02}T{hour:02}{minute:02}{second:02}Z"
    ))
}

/// Year, month and day of a count of days since 1970-01-01 (proleptic Gregorian), computed
/// in 400-year eras of years that start in March, so that the leap day ends a year.
fn civil_date(days: u64) -> (u64, u64, u64) {
    let shifted = days + 719_468; // days since 0000-03-01
    let era = shifted / 146_097;
    let day_of_era = shifted % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    (era * 400 + year_of_era + u64::from(month <= 2), month, day)
}

/// Signed header names joined by `;`, and their `name:value\n` lines (one value per name).
fn canonical_headers(headers: &HeaderMap) -> (String, Vec<u8>) {
    let mut names: Vec<&HeaderName> = headers
        .keys()
        .filter(|name| !name.as_str().contains('_'))
        .collect();
    names.sort_unstable_by_key(|name| name.as_str());
    let mut lines = Vec::new();
    for name in &names {
        if let Some(value) = headers.get(*name) {
            lines.extend_from_slice(name.as_str().as_bytes());
            lines.push(b':');
            lines.extend_from_slice(trim(value.as_bytes()));
            lines.push(b'\n');
        }
    }
    let names: Vec<&str> = names.iter().map(|name| name.as_str()).collect();
    (names.join(";"), lines)
}

/// The value without surrounding white space (Unicode white space when it is UTF-8 text).
fn trim(value: &[u8]) -> &[u8] {
    match std::str::from_utf8(value) {
        Ok(text) => text.trim().as_bytes(),
        Err(_) => value.trim_ascii(),
    }
}

/// The path decoded, then encoded again with `/` kept, ending in `/`.
fn canonical_path(path: &str) -> String {
    let mut canonical = encode(&decode(path.as_bytes()), true);
    if !canonical.ends_with('/') {
        canonical.push('/');
    }
    canonical
}

/// The query's `name=value` pairs decoded (`+` is a space, a pair without `=` has an empty
/// value, empty pairs are dropped), sorted by name then value, encoded and joined by `&`.
fn canonical_query(query: &str) -> String {
    let form_decode = |text: &str| decode(text.replace('+', " ").as_bytes());
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(name), form_decode(value))
        })
        .collect();
    pairs.sort_unstable();
    let encoded: Vec<String> = pairs
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name, false), encode(value, false)))
        .collect();
    encoded.join("&")
}

/// `uri` with its query replaced (dropped when empty).
fn with_query(uri: &http::Uri, query: &str) -> Result<http::Uri, Error> {
    let path = uri.path();
    let path_and_query = match query {
        "" => path.to_owned(),
        _ => format!("{path}?{query}"),
    };
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = Some(
        path_and_query
            .parse()
            .map_err(|_| refuse("has a path that cannot hold its canonical query"))?,
    );
    http::Uri::from_parts(parts)
        .map_err(|_| refuse("has a URI that cannot hold its canonical query"))
}

/// Percent-decodes `%XX` (anything else, a stray `%` included, stays), then reads the bytes
/// as UTF-8, replacing invalid sequences with U+FFFD.
fn decode(text: &[u8]) -> String {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some((&byte, tail)) = rest.split_first() {
        let escaped = match tail {
            [high, low, ..] if byte == b'%' => hex_digit(*high).zip(hex_digit(*low)),
            _ => None,
        };
        match escaped {
            Some((high, low)) => {
                bytes.push(high << 4 | low);
                rest = &tail[2..];
            }
            None => {
                bytes.push(byte);
                rest = tail;
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn hex_digit(byte: u8) -> Option<u8> {
    char::from(byte).to_digit(16).map(|digit| digit as u8)
}

fn hex(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(text, "{byte:02x}");
    }
    text
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::super::error::http_date;
    use super::{canonical_path, canonical_query, sdk_date};

    fn date(seconds: u64) -> String {
        sdk_date(UNIX_EPOCH + Duration::from_secs(seconds)).unwrap()
    }

    #[test]
    fn dates_are_written_in_utc_as_the_reference_writes_them() {
        assert_eq!(date(0), "19700101T000000Z");
        assert_eq!(date(951_825_599), "20000229T115959Z");
        assert_eq!(date(1_700_000_000), "20231114T221320Z");
        assert_eq!(date(4_102_444_799), "20991231T235959Z");
        assert_eq!(date(4_107_542_400), "21000301T000000Z");
    }

    #[test]
    fn dates_agree_with_the_http_date_reader_on_every_day_of_two_centuries() {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        for day in 0..73_000u64 {
            let seconds = day * 86_400 + (day * 7_919) % 86_400;
            let text = date(seconds);
            let month = MONTHS[text[4..6].parse::<usize>().unwrap() - 1];
            let imf = format!(
                "Mon, {} {month} {} {}:{}:{} GMT",
                &text[6..8],
                &text[..4],
                &text[9..11],
                &text[11..13],
                &text[13..15]
            );
            assert_eq!(http_date(&imf), Some(seconds), "{text}");
        }
    }

    #[test]
    fn a_date_before_1970_is_refused() {
        let error = sdk_date(UNIX_EPOCH - Duration::from_secs(1)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid `request`: cannot be signed with a time before 1970"
        );
    }

    #[test]
    fn paths_are_decoded_then_encoded_and_end_in_a_slash() {
        assert_eq!(canonical_path("/v1/p/jobs/j-1"), "/v1/p/jobs/j-1/");
        assert_eq!(canonical_path("/"), "/");
        assert_eq!(canonical_path("/a%20b/c:d/%7e/"), "/a%20b/c%3Ad/~/");
        assert_eq!(canonical_path("/a%2Fb/100%/%zz"), "/a/b/100%25/%25zz/");
    }

    #[test]
    fn queries_are_decoded_sorted_by_name_then_value_and_encoded() {
        assert_eq!(canonical_query(""), "");
        assert_eq!(canonical_query("b=2&a=1&b=1"), "a=1&b=1&b=2");
        assert_eq!(
            canonical_query("flag&empty=&&x=a+b%2Bc"),
            "empty=&flag=&x=a%20b%2Bc"
        );
        assert_eq!(canonical_query("k=%7E&k=%C3%A9&k=~"), "k=~&k=~&k=%C3%A9");
    }
}
