//! Transport failures over loopback say what went wrong (connection refused, time-out, TLS),
//! never with the credential.

use std::time::Duration;

use otc_ecs::{Auth, Client, Error};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROJECT: &str = "7459f9935ed2422eb9800fea1d4d9378";
const TOKEN: &str = "MIIT-secret-token";
const SECRET_KEY: &str = "sk-never-shown-0123456789";

fn client(endpoint: &str, auth: Auth) -> Client {
    Client::builder(endpoint, PROJECT, auth)
        .max_retries(0)
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client")
}

/// A loopback port that nothing listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

fn assert_no_secret(error: &Error) {
    let texts = [error.to_string(), format!("{error:?}")];
    for text in texts {
        assert!(
            !text.contains(TOKEN) && !text.contains(SECRET_KEY),
            "{text}"
        );
    }
}

#[tokio::test]
async fn a_refused_connection_is_named_in_the_message() {
    let endpoint = format!("http://127.0.0.1:{}", closed_port());
    for auth in [Auth::token(TOKEN), Auth::aksk("AK1", SECRET_KEY)] {
        let error = client(&endpoint, auth).show_job("job-1").await.unwrap_err();
        assert!(matches!(error, Error::Transport { .. }), "{error:?}");
        let text = error.to_string();
        let expected = "the connection for request `show_job` failed: connection refused (";
        assert!(text.starts_with(expected), "{text}");
        assert!(
            !text.contains("127.0.0.1") && !text.contains("jobs"),
            "{text}"
        );
        assert_no_secret(&error);
    }
}

#[tokio::test]
async fn a_slow_answer_is_reported_as_a_time_out_with_its_limit() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let error = client(&server.uri(), Auth::aksk("AK1", SECRET_KEY))
        .show_job("job-1")
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "request `show_job` timed out after 300ms"
    );
    assert!(error.is_timeout());
    assert_no_secret(&error);
}

#[tokio::test]
async fn a_failed_tls_handshake_is_named_in_the_message() {
    let server = MockServer::start().await;
    let endpoint = server.uri().replace("http://", "https://");
    let error = client(&endpoint, Auth::token(TOKEN))
        .show_job("job-1")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    let text = error.to_string();
    let expected = "the connection for request `show_job` failed: TLS failure (";
    assert!(text.starts_with(expected), "{text}");
    assert_no_secret(&error);
}

#[tokio::test]
async fn a_host_that_does_not_resolve_is_named_in_the_message() {
    // `.invalid` never resolves (RFC 6761); the resolver's own message follows the class.
    let error = Client::builder("http://otc-ecs-test.invalid", PROJECT, Auth::token(TOKEN))
        .max_retries(0)
        .build()
        .expect("client")
        .show_job("job-1")
        .await
        .unwrap_err();
    let text = error.to_string();
    let expected = "the connection for request `show_job` failed: DNS lookup failed (";
    assert!(text.starts_with(expected), "{text}");
    assert_no_secret(&error);
}

#[tokio::test]
async fn a_connection_closed_before_the_answer_is_named_in_the_message() {
    // A server that reads the request and hangs up without answering.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buffer = [0u8; 4096];
            let _ = tokio::io::AsyncReadExt::read(&mut stream, &mut buffer).await;
        }
    });
    let error = client(&endpoint, Auth::aksk("AK1", SECRET_KEY))
        .show_job("job-1")
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "request `show_job` failed: request failed (connection closed before message completed)"
    );
    assert_no_secret(&error);
}
