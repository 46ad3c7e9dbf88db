//! AK/SK over loopback: what the server receives carries a signature that verifies, computed
//! again here from the received request (and by the reference signer when it is importable);
//! retries are signed anew; the secret key never shows.

mod reference_signer;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, SystemTime};

use hmac::{Hmac, KeyInit, Mac};
use otc_ecs::operations::ShowJob;
use otc_ecs::types::OsReinstall;
use otc_ecs::{Auth, Client, Operation, RequestContext};
use reference_signer::Case;
use serde_json::json;
use sha2::{Digest, Sha256};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const PROJECT: &str = "7459f9935ed2422eb9800fea1d4d9378";
const AK: &str = "QTWAOYTTINDUT2QVKYUC";
const SK: &str = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc";
const JOB: &str = "70a599e0-31e7-49b7-b260-868f441e862b";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn header<'a>(request: &'a Request, name: &str) -> &'a str {
    let value = request.headers.get(name);
    value.and_then(|v| v.to_str().ok()).unwrap_or_default()
}

/// Checks the signature of a received request from its parts alone: the canonical request
/// (method, path ending in `/`, the query as sent, which the signer made canonical, the
/// signed headers as received, the body's SHA-256), the string to sign, the HMAC.
fn verify(request: &Request) -> Result<(), String> {
    let authorization = header(request, "authorization");
    let fields = authorization
        .strip_prefix("SDK-HMAC-SHA256 ")
        .ok_or(format!("not SDK-HMAC-SHA256: {authorization:?}"))?;
    let field = |name: &str| {
        fields
            .split(", ")
            .find_map(|field| field.strip_prefix(name)?.strip_prefix('='))
            .ok_or(format!("no {name} in {authorization:?}"))
    };
    let (access, signed, signature) = (
        field("Access")?,
        field("SignedHeaders")?,
        field("Signature")?,
    );
    let names: Vec<&str> = signed.split(';').collect();
    if access != AK
        || !names.contains(&"host")
        || !names.contains(&"x-sdk-date")
        || !names.is_sorted()
    {
        return Err(format!(
            "unexpected access key or signed headers: {authorization}"
        ));
    }
    let lines: String = names
        .iter()
        .map(|name| format!("{name}:{}\n", header(request, name).trim()))
        .collect();
    let path = request.url.path();
    let path = if path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    };
    let query = request.url.query().unwrap_or_default();
    let body = hex(&Sha256::digest(&request.body));
    let canonical = format!(
        "{}\n{path}\n{query}\n{lines}\n{signed}\n{body}",
        request.method
    );
    let date = header(request, "x-sdk-date");
    let to_sign = format!(
        "SDK-HMAC-SHA256\n{date}\n{}",
        hex(&Sha256::digest(canonical))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(SK.as_bytes()).map_err(|e| e.to_string())?;
    mac.update(to_sign.as_bytes());
    let expected = hex(&mac.finalize().into_bytes());
    match signature == expected {
        true => Ok(()),
        false => Err(format!("signature {signature}, computed {expected}")),
    }
}

/// `%XX` decoded, for handing the received query to the reference as pairs.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], text.get(i + 1..i + 3)) {
            (b'%', Some(hex)) if u8::from_str_radix(hex, 16).is_ok() => {
                out.push(u8::from_str_radix(hex, 16).unwrap_or_default());
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Has the reference signer sign each received request again from its signed headers and
/// date; its `Authorization` must be the one received.
fn verify_with_reference(requests: &[Request]) {
    if let Some(reason) = reference_signer::unavailable() {
        return reference_signer::skip(&reason);
    }
    let cases: Vec<Case> = requests
        .iter()
        .map(|request| {
            let authorization = header(request, "authorization");
            let signed = authorization
                .split("SignedHeaders=")
                .nth(1)
                .unwrap_or_default();
            let names = signed.split(", ").next().unwrap_or_default().split(';');
            let query = request.url.query().unwrap_or_default();
            Case {
                method: request.method.to_string(),
                host: header(request, "host").to_owned(),
                path: request.url.path().to_owned(),
                query: query
                    .split('&')
                    .filter(|pair| !pair.is_empty())
                    .map(|pair| {
                        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                        (decode(name), decode(value))
                    })
                    .collect(),
                raw_query: query.to_owned(),
                headers: names
                    .filter(|name| *name != "x-sdk-date")
                    .map(|name| (name.to_owned(), header(request, name).to_owned()))
                    .collect(),
                body: request.body.clone(),
                seconds: 0,
                date: Some(header(request, "x-sdk-date").to_owned()),
                ak: AK.to_owned(),
                sk: SK.to_owned(),
                security_token: None,
            }
        })
        .collect();
    let (version, signed) = reference_signer::sign(&cases);
    for (request, theirs) in requests.iter().zip(signed) {
        let ours = (
            header(request, "authorization"),
            header(request, "x-sdk-date"),
        );
        let theirs = (theirs.authorization.as_str(), theirs.date.as_str());
        assert_eq!(ours, theirs, "reference {version}");
    }
}

fn client(server: &MockServer) -> Client {
    Client::builder(server.uri(), PROJECT, Auth::aksk(AK, SK))
        .retry_base_delay(Duration::from_millis(10))
        .build()
        .expect("client")
}

fn job_answer() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"job_id": JOB, "status": "RUNNING"}))
}

#[tokio::test]
async fn a_signed_get_and_post_verify_on_the_server() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(job_answer())
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"job_id": JOB})))
        .mount(&server)
        .await;
    let client = client(&server);
    client.show_job(JOB).await.unwrap();
    let body = OsReinstall {
        keyname: Some("KeyPair-350b".into()),
        userid: Some("7e25b1da389f4697a79df3a0e5bd494e".into()),
        ..Default::default()
    };
    client.reinstall_os("srv-1", &body).await.unwrap();

    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(verify(request), Ok(()), "{request:?}");
        assert!(request.headers.get("x-auth-token").is_none());
        assert_eq!(header(request, "host"), server.address().to_string());
        assert_eq!(
            header(request, "x-sdk-date").len(),
            "20240506T070809Z".len()
        );
    }
    let mut altered = requests[1].clone();
    altered.body.push(b' ');
    assert!(verify(&altered).is_err_and(|e| e.starts_with("signature ")));
    let post = header(&requests[1], "authorization");
    assert!(post.contains("SignedHeaders=accept;content-type;host;user-agent;x-sdk-date,"));
    verify_with_reference(&requests);
}

#[tokio::test]
async fn a_retried_get_is_signed_again_with_a_new_date() {
    let server = MockServer::start().await;
    let job_path = format!("/v1/{PROJECT}/jobs/{JOB}");
    Mock::given(path(job_path.as_str()))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path(job_path.as_str()))
        .respond_with(job_answer())
        .mount(&server)
        .await;
    client(&server).show_job(JOB).await.unwrap();

    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(verify(request), Ok(()), "{request:?}");
    }
    // The retry waited a second (`Retry-After`), so its date, and so its signature, differ.
    let [first, second] = [&requests[0], &requests[1]];
    assert!(header(first, "x-sdk-date") < header(second, "x-sdk-date"));
    assert_ne!(
        header(first, "authorization"),
        header(second, "authorization")
    );
    verify_with_reference(&requests);
}

/// Sends a request as it is over HTTP/1.1 and returns the status line.
fn send_raw(address: &std::net::SocketAddr, request: &http::Request<Vec<u8>>) -> String {
    let mut stream = TcpStream::connect(address).expect("connects");
    let target = request.uri().path_and_query().expect("a path").as_str();
    let mut head = format!("{} {target} HTTP/1.1\r\n", request.method());
    for (name, value) in request.headers() {
        head.push_str(&format!("{name}: {}\r\n", value.to_str().expect("text")));
    }
    head.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        request.body().len()
    ));
    stream.write_all(head.as_bytes()).expect("sent");
    stream.write_all(request.body()).expect("sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("an answer");
    answer.lines().next().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_request_signed_without_the_client_and_with_a_query_verifies_on_the_server() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(job_answer())
        .mount(&server)
        .await;
    let auth = Auth::aksk(AK, SK);
    let endpoint = server.uri();
    let ctx = RequestContext::new(&endpoint, PROJECT, &auth).unwrap();
    let mut request = ShowJob { job_id: JOB }.to_request(&ctx).unwrap();
    let uri = format!(
        "{}?tag=b&name=web+server%2F1&tag=a&empty=&%C3%BC=~",
        request.uri()
    );
    *request.uri_mut() = uri.parse().unwrap();
    auth.sign(&mut request, SystemTime::now()).unwrap();
    assert_eq!(
        request.uri().query(),
        Some("empty=&name=web%20server%2F1&tag=a&tag=b&%C3%BC=~")
    );
    let address = *server.address();
    let status = tokio::task::spawn_blocking(move || send_raw(&address, &request))
        .await
        .unwrap();
    assert_eq!(status, "HTTP/1.1 200 OK");

    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(verify(&requests[0]), Ok(()), "{:?}", requests[0]);
    verify_with_reference(&requests);
}

#[test]
fn debug_output_of_auth_client_and_context_never_holds_the_secret_key() {
    let auth = Auth::aksk(AK, SK);
    let client = Client::new("https://ecs.eu-de.otc.t-systems.com", PROJECT, auth.clone()).unwrap();
    let builder = Client::builder("https://ecs.eu-de.otc.t-systems.com", PROJECT, auth.clone());
    let texts = [
        format!("{auth:?}"),
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{builder:?}"),
        format!("{:?}", client.request_context()),
    ];
    for text in texts {
        assert!(!text.contains(SK), "{text}");
        assert!(text.contains("<redacted>") && text.contains(AK), "{text}");
    }
}
